-- A change set's facts commit on their own, with the message's inbox row and the registrants
-- event; the households it touched wait here, and one queued evaluation per ruleset names them
-- (touched_set). The evaluation worker decides each ruleset in its own transaction, so the message
-- is acknowledged in seconds (RabbitMQ's consumer timeout never meets a minutes-long evaluation)
-- and the registrants figure does not wait for three evaluations.
create table touched_households_pending (
    touched_set uuid not null,
    hid char(64) collate "C" not null
);
create index touched_households_pending_set on touched_households_pending (touched_set);

alter table evaluations add column touched_set uuid, add column correlation_id uuid;
