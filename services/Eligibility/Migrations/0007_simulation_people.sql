-- What-ifs read a compact copy of each current determination instead of the wide determinations
-- table: no text, no arrays to take apart, one partition per ruleset so a what-if reads only its
-- own ruleset's people. An evaluation writes it in the same transaction as the determinations
-- (Simulations/SimulationPeople.cs); simulation_people_refresh rebuilds it from the determinations.
--
-- state: 2 bits per criterion in the ruleset's order (bits 2i, 2i+1 for criterion i): 1 passed,
-- 2 failed, 0 unknown; bits 60-61 the outcome: 0 eligible, 1 ineligible, 2 unknown (a ruleset has
-- at most 30 criteria, RulesetFiles checks it).
-- v1..v16: the stored value (criterion_values) of the ruleset's 1st..16th criterion that compares
-- with a limit (atMost, below, minAge), in the ruleset's order; "equals" criteria have no slot.
create table simulation_rulesets (
    ruleset_id text primary key,
    ruleset_key smallint generated always as identity unique
);

create table simulation_people (
    ruleset_key smallint not null,
    ruleset_version int not null,
    state bigint not null,
    province_code char(2) collate "C" not null,
    benefit_income float8,
    v1 float8, v2 float8, v3 float8, v4 float8, v5 float8, v6 float8, v7 float8, v8 float8,
    v9 float8, v10 float8, v11 float8, v12 float8, v13 float8, v14 float8, v15 float8, v16 float8,
    -- Last: a what-if never reads it, so PostgreSQL stops taking the row apart before it.
    pid char(64) collate "C" not null,
    primary key (ruleset_key, pid)
) partition by list (ruleset_key);

create function simulation_state(passed boolean[], outcome text) returns bigint
language sql immutable parallel safe
return (select coalesce(bit_or((case when p then 1::bigint when not p then 2::bigint else 0::bigint end) << (2 * (i::int - 1))), 0)
        from unnest(passed) with ordinality as u(p, i))
    | ((case outcome when 'eligible' then 0::bigint when 'ineligible' then 1::bigint when 'unknown' then 2::bigint end) << 60);

-- The ruleset's key and partition, created on first use (RulesetStore.LoadAsync calls it for every
-- shipped ruleset). Concurrent callers: the second waits on the first's insert, then finds both.
create function simulation_people_partition(p_ruleset text) returns smallint
language plpgsql as $$
declare
    k smallint;
begin
    insert into simulation_rulesets (ruleset_id) values (p_ruleset) on conflict do nothing;
    select ruleset_key into strict k from simulation_rulesets where ruleset_id = p_ruleset;
    if to_regclass(format('simulation_people_%s', k)) is null then
        execute format('create table %I partition of simulation_people for values in (%s)', 'simulation_people_' || k, k);
    end if;
    return k;
end $$;

-- Rebuilds a ruleset's compact rows from its determinations (this migration, on existing data;
-- the benchmark, after writing determinations directly). Returns the rows written.
create function simulation_people_refresh(p_ruleset text) returns bigint
language plpgsql as $$
declare
    k smallint := simulation_people_partition(p_ruleset);
    n bigint;
begin
    delete from simulation_people where ruleset_key = k;
    insert into simulation_people (ruleset_key, ruleset_version, state, province_code, benefit_income,
        v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, pid)
    select k, d.ruleset_version, simulation_state(d.passed, d.outcome), d.province_code, d.benefit_income,
        d.criterion_values[s.slots[1]], d.criterion_values[s.slots[2]], d.criterion_values[s.slots[3]], d.criterion_values[s.slots[4]],
        d.criterion_values[s.slots[5]], d.criterion_values[s.slots[6]], d.criterion_values[s.slots[7]], d.criterion_values[s.slots[8]],
        d.criterion_values[s.slots[9]], d.criterion_values[s.slots[10]], d.criterion_values[s.slots[11]], d.criterion_values[s.slots[12]],
        d.criterion_values[s.slots[13]], d.criterion_values[s.slots[14]], d.criterion_values[s.slots[15]], d.criterion_values[s.slots[16]],
        d.pid
    from determinations d
    left join (
        select v.version, array(
            select c.ord::int from jsonb_array_elements(v.definition -> 'criteria') with ordinality as c(criterion, ord)
            where c.criterion ->> 'comparison' <> 'equals' order by c.ord) as slots
        from ruleset_versions v where v.ruleset_id = p_ruleset) s on s.version = d.ruleset_version
    where d.ruleset_id = p_ruleset;
    get diagnostics n = row_count;
    return n;
end $$;

select simulation_people_refresh(ruleset_id) from rulesets;
