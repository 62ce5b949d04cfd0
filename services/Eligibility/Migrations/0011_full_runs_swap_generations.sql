-- A full re-evaluation writes a ruleset's determinations and compact what-if rows as a new
-- generation and swaps it in, rather than upserting every row: heap rows go in without index
-- upkeep, each primary key is built once at the end, and no full run leaves a dead copy of every
-- row behind for VACUUM. So determinations are now partitioned by ruleset like simulation_people,
-- one partition per ruleset, named by its key in simulation_rulesets (determinations_3,
-- simulation_people_3). Change sets still upsert into the partitioned table.

alter table determinations rename to determinations_0010;
alter index determinations_pkey rename to determinations_0010_pkey;
create table determinations (like determinations_0010 including defaults including constraints) partition by list (ruleset_id);
alter table determinations add primary key (ruleset_id, pid);

-- A ruleset's key and its partitions of determinations and simulation_people, created on first
-- use (RulesetStore.LoadAsync calls it for every shipped ruleset). Concurrent callers: the second
-- waits on the first's insert into simulation_rulesets, then finds the partitions.
create function ruleset_partitions(p_ruleset text) returns smallint
language plpgsql as $$
declare
    k smallint := simulation_people_partition(p_ruleset);
begin
    if to_regclass(format('determinations_%s', k)) is null then
        execute format('create table %I partition of determinations for values in (%L)', 'determinations_' || k, p_ruleset);
    end if;
    return k;
end $$;

select ruleset_partitions(ruleset_id) from (select ruleset_id from rulesets union select distinct ruleset_id from determinations_0010) r;
insert into determinations select * from determinations_0010;
drop table determinations_0010;

-- The tables a full run fills: empty copies of the ruleset's partitions without primary keys (built
-- once the rows are in, cheaper than keeping them up to date row by row), each with a check that
-- lets full_run_swap's ATTACH trust its rows instead of scanning them. Returns the ruleset's key.
create function full_run_tables(p_ruleset text) returns smallint
language plpgsql as $$
declare
    k smallint := ruleset_partitions(p_ruleset);
begin
    execute format('drop table if exists %I, %I', 'determinations_next_' || k, 'simulation_people_next_' || k);
    execute format('create table %I (like determinations including defaults including constraints, constraint generation_ruleset check (ruleset_id = %L))',
        'determinations_next_' || k, p_ruleset);
    execute format('create table %I (like simulation_people including defaults including constraints, constraint generation_ruleset check (ruleset_key = %s))',
        'simulation_people_next_' || k, k);
    return k;
end $$;

-- Builds the new generation's primary keys and puts it in place of the ruleset's partitions, in
-- the caller's transaction. Dropping a partition needs the parent tables to itself: readers
-- (explain, exports, what-ifs) may hold them for minutes, so the lock is asked for in 2-second
-- tries, and a reader that arrives meanwhile waits at most that long behind the request.
create function full_run_swap(p_ruleset text) returns void
language plpgsql as $$
declare
    k smallint;
    previous_timeout text := current_setting('lock_timeout');
begin
    select ruleset_key into strict k from simulation_rulesets where ruleset_id = p_ruleset;
    execute format('alter table %I add primary key (ruleset_id, pid)', 'determinations_next_' || k);
    execute format('alter table %I add primary key (ruleset_key, pid)', 'simulation_people_next_' || k);
    loop
        begin
            perform set_config('lock_timeout', '2s', true);
            lock table determinations, simulation_people in access exclusive mode;
            exit;
        exception when lock_not_available then
            perform pg_sleep(0.2);
        end;
    end loop;
    perform set_config('lock_timeout', previous_timeout, true);

    execute format('drop table %I', 'determinations_' || k);
    execute format('alter table %I rename to %I', 'determinations_next_' || k, 'determinations_' || k);
    execute format('alter index %I rename to %I', 'determinations_next_' || k || '_pkey', 'determinations_' || k || '_pkey');
    execute format('alter table determinations attach partition %I for values in (%L)', 'determinations_' || k, p_ruleset);

    execute format('drop table %I', 'simulation_people_' || k);
    execute format('alter table %I rename to %I', 'simulation_people_next_' || k, 'simulation_people_' || k);
    execute format('alter index %I rename to %I', 'simulation_people_next_' || k || '_pkey', 'simulation_people_' || k || '_pkey');
    execute format('alter table simulation_people attach partition %I for values in (%s)', 'simulation_people_' || k, k);
end $$;
