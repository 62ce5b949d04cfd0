-- Rulesets as data: the files in Rulesets/ are loaded here at start-up; a higher version in a file
-- replaces the current definition, and every version stays in ruleset_versions.
create table rulesets (
    ruleset_id text primary key,
    version int not null,
    definition jsonb not null,
    loaded_at timestamptz not null default now()
);
create table ruleset_versions (
    ruleset_id text not null,
    version int not null,
    definition jsonb not null,
    loaded_at timestamptz not null default now(),
    primary key (ruleset_id, version)
);

-- Which source sent the registration facts (e.g. bank).
alter table person_facts add column source text not null default 'registration';

-- The latest evidence per pid and type, with its source and as-of date (never a name or an ID).
create table person_evidence (
    pid char(64) not null,
    evidence_type text not null,
    value numeric(16, 2) not null,
    as_of date not null,
    source text not null,
    source_batch_id uuid not null,
    updated_at timestamptz not null default now(),
    primary key (pid, evidence_type)
);

-- One row per evaluation: a registry change set re-evaluating the people it touched (and their
-- households), or a full re-evaluation asked for by a steward, with its progress.
create table evaluations (
    evaluation_id uuid primary key,
    ruleset_id text not null references rulesets (ruleset_id),
    ruleset_version int not null,
    trigger text not null check (trigger in ('changeset', 'full')),
    source_batch_id uuid,
    as_of date not null,
    evaluation_date date not null,
    status text not null check (status in ('queued', 'running', 'completed', 'failed')),
    households_total int not null default 0,
    households_done int not null default 0,
    persons_evaluated int not null default 0,
    changed int not null default 0,
    new_inclusion_errors int not null default 0,
    new_exclusion_errors int not null default 0,
    last_hid char(64),
    change_set_blob text,
    error text,
    attempts int not null default 0,
    lease_until timestamptz,
    requested_at timestamptz not null default now(),
    completed_at timestamptz
);
create index evaluations_pending on evaluations (requested_at) where status in ('queued', 'running');

-- The current determination per person and ruleset, narrow so a what-if can scan millions of
-- rows: passed and criterion_values hold, in the ruleset's order, each criterion's verdict (null:
-- unknown) and the number compared; benefit_income is the income the monthly benefit depends on.
create table determinations (
    ruleset_id text not null,
    pid char(64) not null,
    ruleset_version int not null,
    evaluation_id uuid not null,
    evaluation_date date not null,
    evaluated_at timestamptz not null,
    province_code char(2) not null,
    card_holder boolean not null,
    outcome text not null check (outcome in ('eligible', 'ineligible', 'unknown')),
    failed_criteria text[] not null,
    passed boolean[] not null,
    criterion_values float8[] not null,
    benefit_income float8,
    primary key (ruleset_id, pid)
);

-- Every criterion's full verdict for explain: value, limit, fact, source, as-of, stale.
create table determination_details (
    ruleset_id text not null,
    pid char(64) not null,
    criteria jsonb not null,
    primary key (ruleset_id, pid)
);

-- Determinations an evaluation changed, kept until the evaluation's change set is written.
create table determination_changes (
    evaluation_id uuid not null,
    pid char(64) not null,
    province_code char(2) not null,
    card_holder boolean not null,
    outcome text not null,
    previous_outcome text,
    failed_criteria text[] not null,
    inclusion_error boolean not null,
    exclusion_error boolean not null,
    primary key (evaluation_id, pid)
);

-- Every explain call: who read which pid's determination. Append-only: each row's hash covers the
-- previous row's hash and the row, and triggers refuse UPDATE, DELETE and TRUNCATE.
create table explain_audit (
    sequence bigint primary key,
    called_at timestamptz not null,
    caller text not null,
    pid char(64) not null,
    ruleset_id text not null,
    found boolean not null,
    previous_hash bytea not null,
    hash bytea not null
);
create function explain_audit_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'explain_audit is append-only';
end $$;
create trigger explain_audit_no_update before update or delete on explain_audit
    for each row execute function explain_audit_append_only();
create trigger explain_audit_no_truncate before truncate on explain_audit
    for each statement execute function explain_audit_append_only();
