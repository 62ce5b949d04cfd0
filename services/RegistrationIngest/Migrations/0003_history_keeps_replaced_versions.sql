-- Identifiers compare byte-wise: their order means nothing, and sorting and indexing them under the
-- database's locale collation is several times slower (no abbreviated keys, strcoll per comparison).
alter table applicants alter column national_id type char(13) collate "C", alter column pid type char(64) collate "C",
    alter column household_id type text collate "C";
alter table applicant_history alter column national_id type char(13) collate "C", alter column household_id type text collate "C";
alter table evidence alter column national_id type char(13) collate "C", alter column pid type char(64) collate "C";
alter table evidence_history alter column national_id type char(13) collate "C";
alter table payments alter column national_id type char(13) collate "C";

-- applicant_history now keeps the versions a later batch replaced; the current version lives in
-- applicants only. A first load of N people writes N rows, not 2N (the issue: "every change keeps
-- its previous version"). applicant_versions is every version, the current one included.
alter table applicants add column recorded_at timestamptz not null default now();

update applicants a set recorded_at = h.recorded_at
from applicant_history h where h.national_id = a.national_id and h.batch_id = a.batch_id;

-- A batch brings at most one row per person, so the history row with the current row's batch is
-- the current version itself.
delete from applicant_history h using applicants a where h.national_id = a.national_id and h.batch_id = a.batch_id;

-- The current version sorts after every kept one (version_id is the largest bigint).
create view applicant_versions as
select version_id, national_id, first_name, last_name, birth_date, nationality, province_code, household_id,
    relationship, declared_income, registered_at, card_holder, batch_id, source, as_of, recorded_at
from applicant_history
union all
select 9223372036854775807, national_id, first_name, last_name, birth_date, nationality, province_code, household_id,
    relationship, declared_income, registered_at, card_holder, batch_id, source, as_of, recorded_at
from applicants;
