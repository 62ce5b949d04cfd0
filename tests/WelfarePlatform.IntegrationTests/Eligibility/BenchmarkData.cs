using System.Globalization;
using Npgsql;
using WelfarePlatform.Eligibility.Simulations;

namespace WelfarePlatform.IntegrationTests.Eligibility;

/// <summary>
/// Synthetic pseudonymous facts and determinations written straight into eligibility's tables for the
/// benchmarks (deterministic: a fixed random seed, one statement each).
/// </summary>
internal static class BenchmarkData
{
    /// <summary>People in households of three, many failing something, some evidence missing.</summary>
    public static async Task SeedFactsAsync(NpgsqlDataSource dataSource, int people)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await Execute(connection, "select setseed(0.42)");
        await Execute(connection, $"""
            insert into person_facts (pid, hid, province_code, birth_date, nationality, relationship, declared_income, card_holder, as_of, source_batch_id, source)
            select encode(sha256(('p' || i)::bytea), 'hex'), encode(sha256(('h' || (i / 3))::bytea), 'hex'),
                   (array['10','11','12','13','30','40','50','57','83','90','96'])[1 + (i % 11)],
                   date '1940-01-01' + (random() * 24000)::int, case when random() < 0.01 then 'LA' else 'TH' end, 'head',
                   round((random() * 150000)::numeric, 2), random() < 0.6, date '2022-09-30', '00000000-0000-0000-0000-000000000000', 'bank'
            from generate_series(1, {people}) i
            """);
        await Execute(connection, """
            insert into province_registrants as r
            select province_code, count(*), count(*) filter (where card_holder) from person_facts group by province_code
            on conflict (province_code) do update set registrants = excluded.registrants, holders = excluded.holders
            """);
        await Execute(connection, $"""
            insert into person_evidence (pid, evidence_type, value, as_of, source, source_batch_id)
            select encode(sha256(('p' || i)::bytea), 'hex'), e.evidence_type, e.value, date '2022-08-31' - (random() * 600)::int, e.source,
                   '00000000-0000-0000-0000-000000000000'
            from generate_series(1, {people}) i
            cross join lateral (values
                ('annual_income', round(((random() + 0 * i) * 200000)::numeric, 2), 'revenue', (random() + 0 * i) < 0.8),
                ('financial_assets', round(((random() + 0 * i) * 150000)::numeric, 0), 'banks', (random() + 0 * i) < 0.95),
                ('state_employee', ((random() + 0 * i) < 0.02)::int::numeric, 'comptroller', (random() + 0 * i) < 0.97),
                ('credit_card', ((random() + 0 * i) < 0.1)::int::numeric, 'banks', (random() + 0 * i) < 0.3),
                ('home_loan', round(((random() + 0 * i) * 2000000)::numeric, 0), 'banks', (random() + 0 * i) < 0.1),
                ('car_loan', round(((random() + 0 * i) * 1500000)::numeric, 0), 'banks', (random() + 0 * i) < 0.1),
                ('land_residential_sqwa', round(((random() + 0 * i) * 60)::numeric, 0), 'lands', (random() + 0 * i) < 0.2),
                ('deceased', ((random() + 0 * i) < 0.05)::int::numeric, 'dopa', (random() + 0 * i) < 0.1)) as e(evidence_type, value, source, present)
            where e.present
            """);
        // Vacuumed as well as analyzed: a database at rest, as facts are before a full run. Freshly
        // inserted rows otherwise get their hint bits set by whichever statement reads them first and are
        // vacuumed by autovacuum within a minute, on the same cores as whichever statement is timed then.
        await Execute(connection, "vacuum analyze person_facts");
        await Execute(connection, "vacuum analyze person_evidence");
    }

    /// <summary>
    /// Determinations under round-2022 version 1 for a what-if: passed and values per criterion in the
    /// ruleset's order, and the compact columns an evaluation writes beside them (the state, and in
    /// v1.. the values of <paramref name="slots"/>, <see cref="CompactDetermination.Slots"/>). The pids
    /// are the row numbers in hex, ascending: the primary key grows at its right edge, so 10 million
    /// rows are one fast statement (hashing each pid and inserting it at a random place in the index
    /// took most of the time).
    /// </summary>
    public static async Task SeedDeterminationsAsync(NpgsqlDataSource dataSource, int people, IReadOnlyList<int> slots)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await Execute(connection, "select setseed(0.24)");
        var valueColumns = string.Concat(slots.Select((_, j) => string.Create(CultureInfo.InvariantCulture, $", v{j + 1}")));
        var values = string.Concat(slots.Select(slot => string.Create(CultureInfo.InvariantCulture, $", criterion_values[{slot + 1}]")));
        await Execute(connection, $"""
            insert into determinations (ruleset_id, pid, ruleset_version, evaluation_id, evaluation_date, evaluated_at, province_code, card_holder, outcome,
                failed_criteria, passed, criterion_values, benefit_income, state{valueColumns})
            select 'round-2022', pid, 1, '00000000-0000-0000-0000-000000000000', date '2022-12-01', now(), province_code, card_holder, outcome,
                   array[]::text[], passed, criterion_values, criterion_values[5], simulation_state(passed, outcome){values}
            from (
                select pid, province_code, card_holder, passed, criterion_values,
                       case when false = any(passed) then 'ineligible' when array_position(passed, null) is not null then 'unknown' else 'eligible' end as outcome
                from (
                    select lpad(to_hex(i), 64, '0') as pid, (array['10','11','12','13','30','40','50','57','83','90','96'])[1 + (i % 11)] as province_code,
                           random() < 0.6 as card_holder, v as criterion_values,
                           array[true, v[2] >= 18, v[3] = 0, v[4] = 0, v[5] <= 100000, v[6] <= 100000, v[7] <= 100000, v[8] <= 1500000, v[9] <= 1000000, v[10] = 0, v[11] <= 25] as passed
                    from generate_series(1, {people}) i,
                    lateral (select array[null, 18 + floor(random() * 70) + 0 * i, (random() < 0.02)::int, 0, round(random() * 200000), round(random() * 150000),
                            case when random() < 0.05 then null else round(random() * 150000) end, 0, 0, (random() < 0.03)::int, 0]::float8[] as v offset 0) values_
                ) generated offset 0
            ) people
            """);
    }

    /// <summary>The session settings the service's evaluation statements run with (SqlEvaluation.DecideAsync).</summary>
    public const string ServiceSessionSettings = "set work_mem = '256MB'; set jit = off";

    /// <summary>
    /// As <see cref="ServiceSessionSettings"/>, without parallel workers, as each part of a full run decides. On 2 cores
    /// the hand-written statement is faster so: with workers, each of them builds the evidence pivot again for its hash join.
    /// </summary>
    public const string ServicePartSessionSettings = ServiceSessionSettings + "; set max_parallel_workers_per_gather = 0";

    /// <summary>The hand-written SQL the benchmark compares with: round-2022's outcomes on 2022-12-01 in one statement.</summary>
    public const string HandWrittenRound2022 = """
        create unlogged table sql_outcomes as
        with evidence as (
            select pid,
                   max(value) filter (where evidence_type = 'annual_income') as annual_income,
                   max(value) filter (where evidence_type = 'financial_assets') as financial_assets,
                   max(value) filter (where evidence_type = 'state_employee') as state_employee,
                   max(value) filter (where evidence_type = 'deceased') as deceased,
                   max(value) filter (where evidence_type = 'home_loan') as home_loan,
                   max(value) filter (where evidence_type = 'car_loan') as car_loan,
                   max(value) filter (where evidence_type = 'credit_card') as credit_card,
                   max(value) filter (where evidence_type = 'land_residential_sqwa') as land_residential_sqwa
            from person_evidence group by pid),
        people as (
            select pf.pid, pf.nationality, pf.birth_date, e.annual_income, e.financial_assets, e.state_employee, e.deceased, e.home_loan, e.car_loan,
                   e.credit_card, e.land_residential_sqwa, coalesce(e.annual_income, pf.declared_income) as income,
                   avg(coalesce(e.annual_income, pf.declared_income)) over (partition by pf.hid) as household_income
            from person_facts pf left join evidence e using (pid)),
        criteria as (
            select pid,
                   nationality = 'TH' as c1,
                   extract(year from age(date '2022-09-05', birth_date)) >= 18 as c2,
                   state_employee = 0 as c3,
                   coalesce(deceased, 0) = 0 as c4,
                   income <= 100000 as c5,
                   household_income <= 100000 as c6,
                   financial_assets <= 100000 as c7,
                   coalesce(home_loan, 0) <= 1500000 as c8,
                   coalesce(car_loan, 0) <= 1000000 as c9,
                   coalesce(credit_card, 0) = 0 as c10,
                   coalesce(land_residential_sqwa, 0) <= 25 as c11
            from people)
        select pid::char(64) as pid,
               case when not c1 or not c2 or not c3 or not c4 or not c5 or not c6 or not c7 or not c8 or not c9 or not c10 or not c11 then 'ineligible'
                    when c1 and c2 and c3 and c4 and c5 and c6 and c7 and c8 and c9 and c10 and c11 then 'eligible'
                    else 'unknown' end as outcome
        from criteria
        """;

    public static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 1800 };
        await command.ExecuteNonQueryAsync();
    }
}
