-- Each ruleset's determinations counted per province, kept up to date by every evaluation from
-- the determinations it changes (new minus old), so an event's counts no longer scan every
-- determination of the ruleset: at 22 million registrants that scan took minutes per change set.
create table province_counts (
    ruleset_id text not null,
    province_code char(2) not null,
    registrants int not null,
    holders int not null,
    eligible int not null,
    ineligible int not null,
    unknown int not null,
    inclusion_errors int not null,
    exclusion_errors int not null,
    stale int not null,
    primary key (ruleset_id, province_code)
);

create table province_failed_counts (
    ruleset_id text not null,
    province_code char(2) not null,
    criterion text not null,
    people int not null,
    primary key (ruleset_id, province_code, criterion)
);

insert into province_counts
select ruleset_id, province_code, count(*), count(*) filter (where card_holder),
       count(*) filter (where outcome = 'eligible'), count(*) filter (where outcome = 'ineligible'), count(*) filter (where outcome = 'unknown'),
       count(*) filter (where card_holder and outcome = 'ineligible'), count(*) filter (where not card_holder and outcome = 'eligible'),
       count(*) filter (where stale)
from determinations group by ruleset_id, province_code;

insert into province_failed_counts
select ruleset_id, province_code, failed, count(*)
from determinations, unnest(failed_criteria) as failed group by ruleset_id, province_code, failed;
