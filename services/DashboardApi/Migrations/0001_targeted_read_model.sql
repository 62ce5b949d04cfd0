-- Read model of registrants per province, replaced whole by each RegistrantsByProvinceChanged
-- snapshot; snapshot_at keeps an older snapshot delivered late from overwriting a newer one.
create table province_registrants (
    province_code char(2) primary key,
    registrants int not null,
    card_holders int not null
);

create table read_model_versions (
    read_model text primary key,
    snapshot_at timestamptz not null,
    as_of date not null
);
