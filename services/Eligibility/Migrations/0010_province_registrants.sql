-- Registrants and card holders per province, kept up to date by every registrations change set
-- (new minus old), so RegistrantsByProvinceChanged no longer counts every person's facts: at 22
-- million registrants that scan took seconds on each change set, on the dashboard's path.
create table province_registrants (
    province_code char(2) primary key,
    registrants int not null,
    holders int not null
);

insert into province_registrants
select province_code, count(*), count(*) filter (where card_holder)
from person_facts group by province_code;

-- Nothing reads person_facts by province: its only reader was that count.
drop index person_facts_province;
