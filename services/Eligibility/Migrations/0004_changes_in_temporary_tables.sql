-- An evaluation now finds its changed determinations in a temporary table of its own transaction
-- (decide, store, write the change set and enqueue the event commit together): the table that kept
-- them between two transactions is no longer written.
drop table determination_changes;
