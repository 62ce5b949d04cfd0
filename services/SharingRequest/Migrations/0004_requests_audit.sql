-- Sharing requests and every state they passed through. state is awaiting_<role> while the
-- class's approval chain runs, then approved, refused or revoked.
create table requests (
    request_id uuid primary key,
    agency text not null,
    activity_class text not null references activity_classes (code),
    -- [{ "datasetId": "...", "fields": ["..."] }]
    datasets jsonb not null,
    purpose text not null,
    legal_basis text,
    period_from date not null,
    period_to date not null,
    retention_days int not null,
    state text not null,
    -- index into the class's approval chain of the next decision
    next_step int not null default 0,
    submitted_at timestamptz not null,
    decide_by timestamptz not null,
    decided_at timestamptz
);
create index requests_agency on requests (agency, submitted_at);
create index requests_state on requests (state, submitted_at);

create table request_transitions (
    request_id uuid not null references requests (request_id),
    seq int not null,
    at timestamptz not null,
    from_state text,
    to_state text not null,
    actor text not null,
    role text not null,
    decision text check (decision in ('approve', 'refuse', 'revoke')),
    reason text,
    primary key (request_id, seq)
);

-- Every request, refusal at submission, decision and revocation (later: package build and
-- download). Append-only: each row's hash is SHA-256 over the previous row's hash and this row's
-- canonical content, and the trigger refuses UPDATE, DELETE and TRUNCATE.
create table audit_log (
    seq bigint primary key,
    at timestamptz not null,
    actor text not null,
    role text not null,
    action text not null,
    request_id uuid,
    detail text not null,
    previous_hash char(64) not null,
    hash char(64) not null unique
);
create index audit_log_request on audit_log (request_id, seq);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % is not allowed', tg_op;
end;
$$;
create trigger audit_log_no_update_delete before update or delete on audit_log
    for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only();
