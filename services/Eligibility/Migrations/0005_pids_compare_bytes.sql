-- pid and hid are hex digests: byte order is their only order. The "C" collation compares them with
-- memcmp and lets sorts use abbreviated keys, where the database's default (C.UTF-8 or a language)
-- calls strcoll for every comparison: indexes, joins, household windows and sorts on millions of
-- them are several times cheaper. Every column a pid or hid is joined on changes together.
alter table person_facts alter column pid type char(64) collate "C", alter column hid type char(64) collate "C";
alter table person_evidence alter column pid type char(64) collate "C";
alter table determinations alter column pid type char(64) collate "C";
