-- A full run decides, stores and publishes in one transaction, so households_done only moves when
-- it commits: the step it is in is what its status can show meanwhile.
alter table evaluations add column step text;
