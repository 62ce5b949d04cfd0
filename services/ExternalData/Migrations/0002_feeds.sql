-- A value a feed replaced (a day published again with new numbers) is kept here, so history is
-- never lost; series_values holds the current value only.
create table series_value_history (
    series text not null references series (name),
    province_code char(2) not null,
    day date not null,
    value numeric not null,
    source text not null,
    valid_from timestamptz not null,
    replaced_at timestamptz not null default now(),
    replaced_by_source text not null
);
create index series_value_history_key on series_value_history (series, province_code, day);

insert into series (name, unit, description) values
    ('payments', 'baht', 'Welfare payments disbursed per province per day (registration-ingest payments change sets, summed over programs)'),
    ('payments-count', 'payments', 'Number of welfare payments per province per day (registration-ingest payments change sets)');

-- Disaster declarations (FORMATS.md): one row per province, district, hazard and declaration day.
-- A declaration posted again (say with its ended_on now known) updates that row.
create table disaster_declarations (
    province_code char(2) not null,
    district text not null default '',
    hazard text not null check (hazard in ('flood', 'drought', 'storm', 'landslide', 'fire', 'other')),
    declared_on date not null,
    ended_on date,
    affected_households int,
    source text not null,
    updated_at timestamptz not null default now(),
    primary key (province_code, district, hazard, declared_on)
);

-- The scheduled pull of each configured feed: conditional-request validators of the last good
-- answer, failures in a row and when the next attempt is due. next_attempt_at doubles as a lease:
-- a replica takes the pull by moving it forward, so two replicas never pull at once.
create table feed_pulls (
    feed text primary key,
    url text not null,
    etag text,
    last_modified text,
    last_attempt_at timestamptz,
    last_success_at timestamptz,
    last_changed_at timestamptz,
    last_status text,
    last_error text,
    failures int not null default 0,
    next_attempt_at timestamptz not null default now()
);

-- Payments batches already added to the payments series: the natural key behind the inbox, so a
-- replay after the inbox's window still adds nothing (change sets are deltas).
create table applied_payment_batches (
    batch_id uuid primary key,
    applied_at timestamptz not null default now()
);
