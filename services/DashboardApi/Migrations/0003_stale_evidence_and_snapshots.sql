-- People decided on stale evidence (null: eligibility's event did not count it), and every
-- ruleset's snapshot by as-of date, so GET /api/targeted/summary?asOf= can answer for an earlier date.
alter table province_determinations add column stale_evidence int;

create table determinations_snapshots (
    ruleset text not null,
    as_of date not null,
    snapshot_at timestamptz not null,
    provinces jsonb not null,
    primary key (ruleset, as_of)
);
