-- eligibility's own pseudonymous copy of the facts the criteria need: keyed by pid, never a name
-- or a national ID.
create table person_facts (
    pid char(64) primary key,
    hid char(64) not null,
    province_code char(2) not null,
    birth_date date not null,
    nationality char(2) not null,
    relationship text not null,
    declared_income numeric(14, 2) not null,
    card_holder boolean not null,
    as_of date not null,
    source_batch_id uuid not null,
    updated_at timestamptz not null default now()
);
create index person_facts_household on person_facts (hid);
create index person_facts_province on person_facts (province_code);
