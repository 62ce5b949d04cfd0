-- What-ifs read a compact copy of each current determination instead of the wide determinations
-- table: no text, no arrays to take apart, one partition per ruleset so a what-if reads only its
-- own ruleset's people. An evaluation writes it in the same transaction as the determinations
-- (Simulations/SimulationPeople.cs, the state computed by the compiled ruleset, Evaluations/CompiledRuleset.cs);
-- simulation_people_refresh rebuilds it from the determinations with simulation_state.
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

-- Without a subquery: 30 fixed CASEs (a missing element is null, code 0) cost a third of unnest and an aggregate.
create function simulation_state(passed boolean[], outcome text) returns bigint
language sql immutable parallel safe
return case passed[1] when true then 1::bigint when false then 2::bigint else 0::bigint end
    | case passed[2] when true then 4::bigint when false then 8::bigint else 0::bigint end
    | case passed[3] when true then 16::bigint when false then 32::bigint else 0::bigint end
    | case passed[4] when true then 64::bigint when false then 128::bigint else 0::bigint end
    | case passed[5] when true then 256::bigint when false then 512::bigint else 0::bigint end
    | case passed[6] when true then 1024::bigint when false then 2048::bigint else 0::bigint end
    | case passed[7] when true then 4096::bigint when false then 8192::bigint else 0::bigint end
    | case passed[8] when true then 16384::bigint when false then 32768::bigint else 0::bigint end
    | case passed[9] when true then 65536::bigint when false then 131072::bigint else 0::bigint end
    | case passed[10] when true then 262144::bigint when false then 524288::bigint else 0::bigint end
    | case passed[11] when true then 1048576::bigint when false then 2097152::bigint else 0::bigint end
    | case passed[12] when true then 4194304::bigint when false then 8388608::bigint else 0::bigint end
    | case passed[13] when true then 16777216::bigint when false then 33554432::bigint else 0::bigint end
    | case passed[14] when true then 67108864::bigint when false then 134217728::bigint else 0::bigint end
    | case passed[15] when true then 268435456::bigint when false then 536870912::bigint else 0::bigint end
    | case passed[16] when true then 1073741824::bigint when false then 2147483648::bigint else 0::bigint end
    | case passed[17] when true then 4294967296::bigint when false then 8589934592::bigint else 0::bigint end
    | case passed[18] when true then 17179869184::bigint when false then 34359738368::bigint else 0::bigint end
    | case passed[19] when true then 68719476736::bigint when false then 137438953472::bigint else 0::bigint end
    | case passed[20] when true then 274877906944::bigint when false then 549755813888::bigint else 0::bigint end
    | case passed[21] when true then 1099511627776::bigint when false then 2199023255552::bigint else 0::bigint end
    | case passed[22] when true then 4398046511104::bigint when false then 8796093022208::bigint else 0::bigint end
    | case passed[23] when true then 17592186044416::bigint when false then 35184372088832::bigint else 0::bigint end
    | case passed[24] when true then 70368744177664::bigint when false then 140737488355328::bigint else 0::bigint end
    | case passed[25] when true then 281474976710656::bigint when false then 562949953421312::bigint else 0::bigint end
    | case passed[26] when true then 1125899906842624::bigint when false then 2251799813685248::bigint else 0::bigint end
    | case passed[27] when true then 4503599627370496::bigint when false then 9007199254740992::bigint else 0::bigint end
    | case passed[28] when true then 18014398509481984::bigint when false then 36028797018963968::bigint else 0::bigint end
    | case passed[29] when true then 72057594037927936::bigint when false then 144115188075855872::bigint else 0::bigint end
    | case passed[30] when true then 288230376151711744::bigint when false then 576460752303423488::bigint else 0::bigint end
    | case outcome when 'eligible' then 0::bigint when 'ineligible' then 1152921504606846976::bigint when 'unknown' then 2305843009213693952::bigint end;


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
