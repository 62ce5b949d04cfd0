-- A version per read model, raised in the transaction that changes it (GET /api/stream reports it).
create table read_model_changes (
    read_model text primary key,
    version bigint not null,
    changed_at timestamptz not null
);

-- Freshness: the newest as-of date each source has delivered, per kind of data.
create table source_freshness (
    source text not null,
    kind text not null,
    last_as_of date not null,
    cadence_days int,
    last_received_at timestamptz not null,
    primary key (source, kind)
);

-- Timely: external-data's province-day series as last read back, and its timeliness report.
create table timely_values (
    series text not null,
    province_code char(2) not null,
    day date not null,
    value numeric not null,
    primary key (series, province_code, day)
);

create table timely_lags (
    singleton boolean primary key default true check (singleton),
    report jsonb not null,
    received_at timestamptz not null
);
