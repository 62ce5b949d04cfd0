-- Determinations are decided inside PostgreSQL by the compiled ruleset. stale: the outcome rests on
-- at least one criterion decided by stale evidence (counted per province in DeterminationsChanged).
alter table determinations add column stale boolean not null default false;

-- Explain re-derives each criterion's value, source and as-of from the facts the determination was
-- made from (a change to a person's facts re-evaluates their household in the same transaction),
-- and checks the verdicts against the stored passed[] and values; the per-person JSON is not kept.
drop table determination_details;
