-- One row per posted file. The raw file is kept unchanged in Blob storage under its SHA-256, so a
-- batch can be reprocessed and audited; the same content from the same source is one batch.
create table batches (
    batch_id uuid primary key,
    kind text not null check (kind in ('registrations', 'evidence', 'payments')),
    source text not null,
    as_of date not null,
    charset text not null,
    content_sha256 text not null,
    raw_blob text not null,
    status text not null check (status in ('queued', 'processing', 'completed', 'failed')),
    rows_read int not null default 0,
    rows_accepted int not null default 0,
    rows_rejected int not null default 0,
    rejects_by_reason jsonb not null default '{}',
    warnings jsonb not null default '[]',
    error text,
    attempts int not null default 0,
    lease_until timestamptz,
    received_at timestamptz not null default now(),
    completed_at timestamptz,
    unique (source, kind, content_sha256)
);
create index batches_pending on batches (received_at) where status in ('queued', 'processing');

create table batch_rejects (
    batch_id uuid not null references batches (batch_id),
    row_number int not null,
    reason_code text not null,
    detail text not null,
    raw text not null,
    primary key (batch_id, row_number)
);

-- The registry (ทะเบียนผู้มีสิทธิ): the only table in the platform that holds national IDs and names.
create table applicants (
    national_id char(13) primary key,
    pid char(64) not null unique,
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
    as_of date not null
);
create index applicants_household on applicants (household_id);
