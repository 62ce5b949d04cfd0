-- Every version of a person's record that a batch brought, the first included: "what did we know
-- about this person on date D" is the latest version whose as_of is on or before D.
create table applicant_history (
    version_id bigint generated always as identity primary key,
    national_id char(13) not null,
    first_name text not null,
    last_name text not null,
    birth_date date not null,
    nationality char(2) not null,
    province_code char(2) not null,
    household_id text not null,
    relationship text not null,
    declared_income numeric(14, 2) not null,
    registered_at date not null,
    card_holder boolean not null,
    batch_id uuid not null references batches (batch_id),
    source text not null,
    as_of date not null,
    recorded_at timestamptz not null default now()
);
create index applicant_history_person on applicant_history (national_id, as_of);
insert into applicant_history (national_id, first_name, last_name, birth_date, nationality, province_code, household_id,
    relationship, declared_income, registered_at, card_holder, batch_id, source, as_of)
select national_id, first_name, last_name, birth_date, nationality, province_code, household_id,
    relationship, declared_income, registered_at, card_holder, batch_id, source, as_of
from applicants;

-- Agency evidence: one current value per person, type and source. Two sources disagreeing on the
-- same fact are both kept; the conflicts are counted per source pair on read. Keyed by national ID,
-- not by applicants: evidence may arrive before the person's registration.
create table evidence (
    national_id char(13) not null,
    evidence_type text not null,
    source text not null,
    pid char(64) not null,
    value numeric(18, 2) not null,
    -- the date the fact describes (the row's as_of); as_of is the batch's
    fact_as_of date not null,
    batch_id uuid not null references batches (batch_id),
    as_of date not null,
    primary key (national_id, evidence_type, source)
);

create table evidence_history (
    version_id bigint generated always as identity primary key,
    national_id char(13) not null,
    evidence_type text not null,
    source text not null,
    value numeric(18, 2) not null,
    fact_as_of date not null,
    batch_id uuid not null references batches (batch_id),
    as_of date not null,
    recorded_at timestamptz not null default now()
);
create index evidence_history_person on evidence_history (national_id, as_of);

-- Payments from the bank. province_code is the person's province when the payment was loaded,
-- null when the registry did not hold the person (kept, but in no province's totals).
create table payments (
    national_id char(13) not null,
    paid_on date not null,
    program text not null,
    amount numeric(14, 2) not null,
    province_code char(2),
    source text not null,
    batch_id uuid not null references batches (batch_id),
    as_of date not null,
    primary key (national_id, paid_on, program)
);

-- Every read of personal data. Append-only: each row's hash covers the previous row's hash and the
-- row, and the trigger refuses UPDATE, DELETE and TRUNCATE whoever asks.
create table audit_log (
    seq bigint primary key,
    at timestamptz not null,
    actor text not null,
    action text not null,
    subject text not null,
    previous_hash char(64) not null,
    hash char(64) not null unique
);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % is not allowed', tg_op;
end;
$$;
create trigger audit_log_no_update_delete before update or delete on audit_log
    for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only();
