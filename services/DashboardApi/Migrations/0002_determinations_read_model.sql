-- Read model of eligibility's determinations per ruleset and province, replaced whole by each
-- DeterminationsChanged snapshot (read_model_versions keeps a late, older snapshot out).
create table province_determinations (
    ruleset text not null,
    province_code char(2) not null,
    registrants int not null,
    holders int not null,
    eligible int not null,
    ineligible int not null,
    unknown int not null,
    ineligible_by_criterion jsonb not null,
    inclusion_errors int not null,
    exclusion_errors int not null,
    primary key (ruleset, province_code)
);
