-- A province indicator is a named series with a unit and province-day values, so a new indicator
-- (provincial income, say) is rows, not a new code path.
create table series (
    name text primary key,
    unit text not null,
    description text not null
);

create table series_values (
    series text not null references series (name),
    province_code char(2) not null,
    day date not null,
    value numeric not null,
    source text not null,
    updated_at timestamptz not null default now(),
    primary key (series, province_code, day)
);

insert into series (name, unit, description) values
    ('covid-new-cases', 'people', 'New confirmed Covid-19 cases per day (DDC open data shape)'),
    ('covid-new-deaths', 'people', 'New Covid-19 deaths per day (DDC open data shape)');
