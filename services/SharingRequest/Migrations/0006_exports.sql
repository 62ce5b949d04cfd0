-- The owners' pseudonymous exports release derived fields instead of identifying ones: a birth year,
-- not a birth date; a keyed hash of the household id and the household's size, not the id.
insert into dataset_fields (dataset_id, name, position, data_type, meaning_en, meaning_th, classification, personal, direct_identifier, sensitive) values
('registry.applicants', 'birth_year', 13, 'int', 'Year of birth (the birth date never leaves the registry)', 'ปีเกิด (ไม่เปิดเผยวันเกิด)', 'internal', true, false, false),
('registry.applicants', 'household_pid', 14, 'char(64)', 'Pseudonymous household id (keyed hash of the household id; re-keyed per package)', 'รหัสแทนครัวเรือน (ค่าแฮชแบบมีกุญแจของรหัสครัวเรือน)', 'confidential', true, false, false),
('registry.applicants', 'household_size', 15, 'int', 'Registered members of the person''s household', 'จำนวนสมาชิกครัวเรือนที่ลงทะเบียน', 'internal', true, false, false),
('eligibility.determinations', 'province_code', 6, 'char(2)', 'Province of the person when evaluated', 'รหัสจังหวัดของบุคคลเมื่อประมวลผล', 'internal', true, false, false);

-- Each package re-keys pids (and household pids) under its own random key (ARCHITECTURE.md §7:
-- packages for different recipients use different keys), so two recipients' microdata cannot be
-- joined with each other or with the platform's pids. Kept so building again gives the same pids.
create table package_pid_keys (
    request_id uuid primary key references requests (request_id),
    pid_key bytea not null
);

-- Each build writes under its own prefix (request id / build id), so a build that fails half-way
-- never overwrites the files of the package that stands. Null for packages built before: the request id.
alter table packages add column blob_prefix text;
