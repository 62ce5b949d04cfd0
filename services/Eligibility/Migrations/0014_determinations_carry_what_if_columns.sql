-- What-ifs read the determinations themselves: each row now carries the compact columns that
-- simulation_people kept in a copy of its own (migration 0007: state, the verdicts and outcome as one
-- bigint, and v1..v16, the values of the criteria that compare with a limit). A full run wrote every
-- person twice, a wide row and its compact copy, each with its own primary key: 1M people, about
-- 3 s of PostgreSQL's CPU more than one row carrying both (the new-generation COPYs tried in psql:
-- 8.2 s for the two tables side by side, 5.3-5.6 s for one). A what-if over the wider rows reads
-- more pages: 1M people on one core, 0.70 s where the compact table took 0.51 s.
-- The columns go at the end of the row: a what-if deforms past the arrays (0.70 s against 0.65 s
-- with the compact columns first), and no table is built anew to move them. Filling them below still
-- writes a new version of every existing row once (VACUUM reclaims the old ones, and a ruleset's
-- next full run replaces its partition whole).
alter table determinations add column state bigint, add column v1 float8, add column v2 float8, add column v3 float8, add column v4 float8, add column v5 float8, add column v6 float8, add column v7 float8, add column v8 float8, add column v9 float8, add column v10 float8, add column v11 float8, add column v12 float8, add column v13 float8, add column v14 float8, add column v15 float8, add column v16 float8;

-- Fills a ruleset's compact columns from its determinations' verdicts, outcome and values (this
-- migration, on existing data; the what-if benchmark, after writing determinations directly).
-- Returns the rows updated.
create function determinations_compact_refresh(p_ruleset text) returns bigint
language plpgsql as $$
declare
    n bigint;
begin
    update determinations d set
        state = simulation_state(d.passed, d.outcome),
        v1 = d.criterion_values[s.slots[1]],
        v2 = d.criterion_values[s.slots[2]],
        v3 = d.criterion_values[s.slots[3]],
        v4 = d.criterion_values[s.slots[4]],
        v5 = d.criterion_values[s.slots[5]],
        v6 = d.criterion_values[s.slots[6]],
        v7 = d.criterion_values[s.slots[7]],
        v8 = d.criterion_values[s.slots[8]],
        v9 = d.criterion_values[s.slots[9]],
        v10 = d.criterion_values[s.slots[10]],
        v11 = d.criterion_values[s.slots[11]],
        v12 = d.criterion_values[s.slots[12]],
        v13 = d.criterion_values[s.slots[13]],
        v14 = d.criterion_values[s.slots[14]],
        v15 = d.criterion_values[s.slots[15]],
        v16 = d.criterion_values[s.slots[16]]
    from (
        select v.version, array(
            select c.ord::int from jsonb_array_elements(v.definition -> 'criteria') with ordinality as c(criterion, ord)
            where c.criterion ->> 'comparison' <> 'equals' order by c.ord) as slots
        from ruleset_versions v where v.ruleset_id = p_ruleset) s
    where d.ruleset_id = p_ruleset and s.version = d.ruleset_version;
    get diagnostics n = row_count;
    -- A version no longer in ruleset_versions: its verdicts still count, its values are not compared.
    update determinations set state = simulation_state(passed, outcome) where ruleset_id = p_ruleset and state is null;
    return n;
end $$;

select determinations_compact_refresh(ruleset_id) from simulation_rulesets;
alter table determinations alter column state set not null;

-- simulation_rulesets keeps numbering the rulesets: a ruleset's partition is determinations_{key}.
create or replace function ruleset_partitions(p_ruleset text) returns smallint
language plpgsql as $$
declare
    k smallint;
begin
    insert into simulation_rulesets (ruleset_id) values (p_ruleset) on conflict do nothing;
    select ruleset_key into strict k from simulation_rulesets where ruleset_id = p_ruleset;
    if to_regclass(format('determinations_%s', k)) is null then
        execute format('create table %I partition of determinations for values in (%L)', 'determinations_' || k, p_ruleset);
    end if;
    return k;
end $$;

-- A full run's new generation is one table. Its primary key is added by the full run before the
-- rows arrive (migration 0013's order); the check lets the swap's ATTACH trust its rows.
create or replace function full_run_tables(p_ruleset text) returns smallint
language plpgsql as $$
declare
    k smallint := ruleset_partitions(p_ruleset);
begin
    execute format('drop table if exists %I', 'determinations_next_' || k);
    execute format('create table %I (like determinations including defaults including constraints, constraint generation_ruleset check (ruleset_id = %L))',
        'determinations_next_' || k, p_ruleset);
    return k;
end $$;

-- Puts the new generation in place of the ruleset's partition, in the caller's transaction; the
-- lock is asked for in 2-second tries as before (migration 0011).
create or replace function full_run_swap(p_ruleset text) returns void
language plpgsql as $$
declare
    k smallint;
    previous_timeout text := current_setting('lock_timeout');
begin
    select ruleset_key into strict k from simulation_rulesets where ruleset_id = p_ruleset;
    loop
        begin
            perform set_config('lock_timeout', '2s', true);
            lock table determinations in access exclusive mode;
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
end $$;

-- A failed full run's generation of simulation_people, if one is left, goes with its table.
do $$
declare
    t text;
begin
    for t in select relname from pg_class where relname like 'simulation\_people\_next\_%' and relkind = 'r' loop
        execute format('drop table %I', t);
    end loop;
end $$;

drop function simulation_people_refresh(text);
drop function simulation_people_partition(text);
drop table simulation_people;
