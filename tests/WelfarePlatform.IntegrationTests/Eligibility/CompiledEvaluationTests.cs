using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Shouldly;
using WelfarePlatform.Eligibility.Determinations;
using WelfarePlatform.Eligibility.Rulesets;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.Eligibility;

/// <summary>
/// Both ways evaluations decide must decide exactly as the reference C# evaluator: a full run
/// (everyone decided in the service) and a change set's evaluation (the ruleset compiled to SQL). On a varied population with every criterion at its limit and one unit either side,
/// ages on the day of a birthday and 29 February, evidence on the last fresh day and the first stale
/// one, missing evidence with and without a missing-value rule, household averages at and over the
/// limit, mixed-case nationality; under the three shipped rounds and a test ruleset whose threshold
/// changes on a date and whose land criterion is ended (not applied) from a date. The stored
/// outcome, every passed[i], every value and the stale flag are compared person by person, and the
/// DeterminationsChanged event's StaleEvidence counts with the reference's; then a change set's
/// evaluation of every household must find nothing changed and store the same again.
/// </summary>
public sealed class CompiledEvaluationTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private static readonly DateOnly On = new(2022, 12, 1);
    private Dictionary<string, string> settings = [];
    private ServiceHost<EligibilityApp> eligibility = null!;
    private DeterminationEventsListener events = null!;

    public async ValueTask InitializeAsync()
    {
        settings = await TestPlatform.SettingsAsync(infrastructure, "eligibility_compiled", "eligibilitydb");
        events = await DeterminationEventsListener.StartAsync(settings["ConnectionStrings:messaging"]);
        eligibility = new(settings);
        _ = eligibility.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await eligibility.DisposeAsync();
        await events.DisposeAsync();
    }

    [Fact]
    public async Task The_compiled_evaluation_decides_every_person_exactly_as_the_reference_evaluator()
    {
        var households = Population();
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:eligibilitydb"]);
        await InsertAsync(dataSource, households);
        var thresholds = ThresholdsRuleset();
        await eligibility.Services.GetRequiredService<RulesetStore>().LoadAsync([thresholds]);

        var shipped = RulesetFiles.LoadEmbedded();
        (Ruleset Ruleset, DateOnly Date)[] runs =
        [
            .. shipped.Select(r => (r, On)),
            (shipped.Single(r => r.Id == "round-2017"), new DateOnly(2017, 6, 1)),
            (thresholds, new DateOnly(2022, 6, 30)), // before the threshold changes and the land criterion ends
            (thresholds, new DateOnly(2022, 7, 1)),  // the day both take effect
        ];
        foreach (var (ruleset, date) in runs)
        {
            var evaluationId = await EvaluateAsync(ruleset.Id, date);
            var expected = Reference(ruleset, date, households);
            ShouldAgree(expected, await ReadDeterminationsAsync(dataSource, ruleset.Id), $"{ruleset.Id} on {date:yyyy-MM-dd}, full run");

            // Each determination's compact columns for what-ifs say the same (every boundary, unknown and stale case).
            (await CompactColumnsCheck.AgreesWithDeterminationsAsync(dataSource, ruleset, $"on {date:yyyy-MM-dd}")).ShouldBe(expected.Count);

            var changed = await events.WaitForAsync(e => e["evaluationId"]!.GetValue<Guid>() == evaluationId, $"the event of {ruleset.Id} on {date}");
            changed["provinces"]!.AsArray().Sum(p => p!["staleEvidence"]!.GetValue<int>())
                .ShouldBe(expected.Values.Count(d => d.RestsOnStaleEvidence), ruleset.Id);

            // A change set's evaluation decides with the ruleset compiled to SQL: over every household it
            // finds nothing changed, and the determinations it upserts agree with the reference too.
            var changeSet = await EvaluateEveryHouseholdAsChangeSetAsync(dataSource, ruleset, date);
            changeSet["status"]!.GetValue<string>().ShouldBe("completed", changeSet.ToJsonString());
            changeSet["changed"]!.GetValue<int>().ShouldBe(0, $"{ruleset.Id} on {date:yyyy-MM-dd}: the compiled statement against the full run");
            ShouldAgree(expected, await ReadDeterminationsAsync(dataSource, ruleset.Id), $"{ruleset.Id} on {date:yyyy-MM-dd}, compiled to SQL");
            (await CompactColumnsCheck.AgreesWithDeterminationsAsync(dataSource, ruleset, $"on {date:yyyy-MM-dd}, after the change set")).ShouldBe(expected.Count);
        }

        // The dataset really exercises the branches compared above.
        var round2022 = Reference(shipped.Single(r => r.Id == "round-2022"), On, households);
        round2022.Values.Select(d => d.Outcome).Distinct().Count().ShouldBe(3);
        round2022.Values.Count(d => d.RestsOnStaleEvidence).ShouldBeGreaterThan(0);
        round2022.Values.Count(d => !d.RestsOnStaleEvidence && d.Criteria.Any(c => c.Stale)).ShouldBeGreaterThan(0);
        Reference(thresholds, new DateOnly(2022, 7, 1), households).Values.ShouldContain(d => d.Criteria.Any(c => !c.Applied));
    }

    private static void ShouldAgree(Dictionary<string, Determination> expected, Dictionary<string, Stored> stored, string run)
    {
        stored.Count.ShouldBe(expected.Count, run);
        foreach (var (pid, determination) in expected)
        {
            var actual = stored[pid];
            var what = $"{run}, {pid}";
            actual.Outcome.ShouldBe(determination.Outcome, what);
            actual.Passed.ShouldBe(determination.Criteria.Select(c => c.Passed).ToArray(), what);
            actual.Values.Select(v => v is null ? null : (decimal?)Math.Round((decimal)v.Value, 6)).ToArray()
                .ShouldBe(determination.Criteria.Select(c => c.Value is null ? null : (decimal?)Math.Round(c.Value.Value, 6)).ToArray(), what);
            actual.FailedCriteria.ShouldBe(determination.FailedCriteria.ToArray(), what);
            actual.Stale.ShouldBe(determination.RestsOnStaleEvidence, what);
        }
    }

    /// <summary>Queues a change set's evaluation of every household, as the registry consumer queues one, and answers its status once it is done.</summary>
    private async Task<System.Text.Json.Nodes.JsonObject> EvaluateEveryHouseholdAsChangeSetAsync(NpgsqlDataSource dataSource, Ruleset ruleset, DateOnly date)
    {
        var (touchedSet, evaluationId) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var queue = dataSource.CreateBatch())
        {
            queue.BatchCommands.Add(new NpgsqlBatchCommand("insert into touched_households_pending (touched_set, hid) select distinct $1::uuid, hid from person_facts")
            {
                Parameters = { new NpgsqlParameter { Value = touchedSet } },
            });
            queue.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                insert into evaluations (evaluation_id, ruleset_id, ruleset_version, trigger, source_batch_id, as_of, evaluation_date, status, households_total, touched_set)
                select $1, $2, $3, 'changeset', $4, $5, $5, 'queued', count(distinct hid), $6 from person_facts
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter { Value = evaluationId }, new NpgsqlParameter { Value = ruleset.Id }, new NpgsqlParameter { Value = ruleset.Version },
                    new NpgsqlParameter { Value = Guid.NewGuid() }, new NpgsqlParameter { Value = date }, new NpgsqlParameter { Value = touchedSet },
                },
            });
            await queue.ExecuteNonQueryAsync();
        }

        using var steward = eligibility.CreateClient(Roles.Steward);
        return await FullRuns.FinishedAsync(steward, $"/api/evaluations/{evaluationId}", TimeSpan.FromSeconds(90));
    }

    private async Task<Guid> EvaluateAsync(string rulesetId, DateOnly date)
    {
        using var steward = eligibility.CreateClient(Roles.Steward);
        var status = await FullRuns.RunAsync(steward, TimeSpan.FromSeconds(90), rulesetId, date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        status["status"]!.GetValue<string>().ShouldBe("completed", status.ToJsonString());
        return status["evaluationId"]!.GetValue<Guid>();
    }

    private static Dictionary<string, Determination> Reference(Ruleset ruleset, DateOnly date, List<List<PersonFacts>> households)
    {
        var evaluator = new RulesetEvaluator(ruleset, date);
        return households.SelectMany(h => h.Select(p => (p.Pid, evaluator.Evaluate(p, h)))).ToDictionary(x => x.Pid, x => x.Item2);
    }

    private sealed record Stored(string Outcome, bool?[] Passed, double?[] Values, string[] FailedCriteria, bool Stale);

    private static async Task<Dictionary<string, Stored>> ReadDeterminationsAsync(NpgsqlDataSource dataSource, string rulesetId)
    {
        await using var select = dataSource.CreateCommand("select pid, outcome, passed, criterion_values, failed_criteria, stale from determinations where ruleset_id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = rulesetId });
        var stored = new Dictionary<string, Stored>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            stored[reader.GetString(0)] = new Stored(reader.GetString(1), reader.GetFieldValue<bool?[]>(2), reader.GetFieldValue<double?[]>(3),
                reader.GetFieldValue<string[]>(4), reader.GetBoolean(5));
        }

        return stored;
    }

    /// <summary>round-2022 with max_income raised on 1 July 2022 and the land criterion ended that day.</summary>
    private static Ruleset ThresholdsRuleset()
    {
        var round2022 = RulesetFiles.LoadEmbedded().Single(r => r.Id == "round-2022");
        var parameters = round2022.Parameters.ToDictionary(p => p.Key, p => p.Value);
        parameters["max_income"] = [new() { ValidFrom = new(2022, 1, 1), Value = 100_000 }, new() { ValidFrom = new(2022, 7, 1), Value = 120_000 }];
        parameters["max_land_residential_sqwa"] = [new() { ValidFrom = new(2022, 1, 1), Value = 25 }, new() { ValidFrom = new(2022, 7, 1), Value = null }];
        return round2022 with { Id = "test-thresholds", Parameters = parameters };
    }

    /// <summary>Households of one to four people: hand-made boundary cases, then seeded random ones around every limit.</summary>
    private static List<List<PersonFacts>> Population()
    {
        var fresh = On.AddDays(-400); // the last fresh day under round-2022 on 1 Dec 2022
        var households = new List<List<PersonFacts>>();
        var serial = 0;
        PersonFacts Person(Dictionary<string, (decimal Value, DateOnly AsOf)> evidence, DateOnly? birth = null, string nationality = "TH", decimal declared = 50_000) => new()
        {
            Pid = $"p{++serial:D6}".PadRight(64, '0'),
            Hid = "",
            ProvinceCode = (serial % 3) switch { 0 => "10", 1 => "50", _ => "90" },
            CardHolder = serial % 2 == 0,
            BirthDate = birth ?? new DateOnly(1970, 1, 1),
            Nationality = nationality,
            DeclaredIncome = declared,
            RegistrationAsOf = new DateOnly(2022, 9, 30),
            RegistrationSource = "bank",
            Evidence = evidence.ToDictionary(e => e.Key, e => new EvidenceFact(e.Value.Value, e.Value.AsOf, "agency")),
        };
        Dictionary<string, (decimal, DateOnly)> Passing() => new()
        {
            ["annual_income"] = (60_000, fresh), ["financial_assets"] = (10_000, fresh), ["state_employee"] = (0, fresh),
        };
        void Household(params PersonFacts[] members)
        {
            // Hex digests, as the platform's hids are: the households spread over every part of a full run.
            var hid = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"h{households.Count}")));
            households.Add([.. members.Select(m => m with { Hid = hid })]);
        }

        // Every limit exactly, one satang over, one baht over; below-limit criteria (round-2017) at and under.
        (string Type, decimal Limit)[] limits =
        [
            ("annual_income", 100_000), ("annual_income", 30_000), ("financial_assets", 100_000), ("home_loan", 1_500_000), ("car_loan", 1_000_000),
            ("land_residential_sqwa", 25), ("land_agricultural_rai", 10), ("condo_sqm", 35), ("credit_card", 0), ("state_employee", 0), ("deceased", 0),
        ];
        foreach (var (type, limit) in limits)
        {
            foreach (var value in new[] { limit - 1, limit - 0.01m, limit, limit + 0.01m, limit + 1 })
            {
                var evidence = Passing();
                evidence[type] = (Math.Max(0, value), fresh);
                Household(Person(evidence));
            }
        }

        // Ages: 18 on the reference day (5 Sep 2022), 18 the day after, born 29 Feb (round-2017's reference day too).
        foreach (var birth in new DateOnly[] { new(2004, 9, 5), new(2004, 9, 6), new(2004, 2, 29), new(1999, 6, 1), new(1999, 6, 2), new(2000, 2, 29) })
        {
            Household(Person(Passing(), birth));
        }

        // Freshness: the last fresh day and the first stale one, on a passing and on a failing criterion.
        Household(Person(Passing().With("state_employee", 0, fresh)));
        Household(Person(Passing().With("state_employee", 0, fresh.AddDays(-1))));
        Household(Person(Passing().With("credit_card", 1, fresh.AddDays(-1))));
        Household(Person(Passing().With("credit_card", 1, fresh.AddDays(-1)).With("car_loan", 2_000_000, fresh)));
        // Missing evidence: unknown without a rule, counted as 0 with one; declared income when no agency sent income.
        Household(Person(Passing().Without("financial_assets")));
        Household(Person(Passing().Without("state_employee").With("car_loan", 2_000_000, fresh)));
        Household(Person(Passing().Without("annual_income"), declared: 100_000.01m));
        Household(Person([]));
        // Nationality: case does not matter; another nationality fails.
        Household(Person(Passing(), nationality: "th"));
        Household(Person(Passing(), nationality: "LA"));
        // Household averages: exactly the limit, one satang over on average, a stale member, a member on declared income.
        Household(Person(Passing().With("annual_income", 50_000, fresh)), Person(Passing().With("annual_income", 150_000, fresh)));
        Household(Person(Passing().With("annual_income", 50_000, fresh)), Person(Passing().With("annual_income", 150_000.02m, fresh)));
        Household(Person(Passing().With("annual_income", 90_000, fresh)), Person(Passing().With("annual_income", 110_000, fresh.AddDays(-1))),
            Person(Passing().With("annual_income", 100_000, fresh)));
        Household(Person(Passing().Without("annual_income"), declared: 100_001), Person(Passing().With("annual_income", 0.01m, fresh)));
        Household(Person(Passing().With("annual_income", 0.01m, fresh)), Person(Passing().With("annual_income", 0, fresh))); // mean 0.005: half a satang

        // Seeded random households with values around every limit and evidence of any age.
        var random = new Random(20221201);
        string[] types = ["annual_income", "financial_assets", "home_loan", "car_loan", "land_residential_sqwa", "land_agricultural_rai", "condo_sqm", "credit_card", "state_employee", "deceased"];
        decimal[] scales = [200_000, 200_000, 3_000_000, 2_000_000, 50, 20, 70, 1, 1, 1];
        for (var h = 0; h < 300; h++)
        {
            var members = new PersonFacts[1 + random.Next(4)];
            for (var m = 0; m < members.Length; m++)
            {
                var evidence = new Dictionary<string, (decimal, DateOnly)>();
                for (var t = 0; t < types.Length; t++)
                {
                    if (random.NextDouble() < 0.75)
                    {
                        var value = scales[t] == 1 ? random.Next(2) : Math.Round((decimal)random.NextDouble() * scales[t], random.Next(3));
                        evidence[types[t]] = (value, On.AddDays(-random.Next(800)));
                    }
                }

                members[m] = Person(evidence, new DateOnly(1930, 1, 1).AddDays(random.Next(30_000)), random.NextDouble() < 0.05 ? "MM" : "TH",
                    Math.Round((decimal)random.NextDouble() * 150_000, 2));
            }

            Household(members);
        }

        return households;
    }

    private static async Task InsertAsync(NpgsqlDataSource dataSource, List<List<PersonFacts>> households)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var facts = await connection.BeginBinaryImportAsync(
            "copy person_facts (pid, hid, province_code, birth_date, nationality, relationship, declared_income, card_holder, as_of, source_batch_id, source) from stdin (format binary)"))
        {
            foreach (var person in households.SelectMany(h => h))
            {
                await facts.WriteRowAsync(default, person.Pid, person.Hid, person.ProvinceCode, person.BirthDate, person.Nationality, "head",
                    person.DeclaredIncome, person.CardHolder, person.RegistrationAsOf, Guid.Empty, person.RegistrationSource);
            }

            await facts.CompleteAsync();
        }

        await using var evidence = await connection.BeginBinaryImportAsync(
            "copy person_evidence (pid, evidence_type, value, as_of, source, source_batch_id) from stdin (format binary)");
        foreach (var person in households.SelectMany(h => h))
        {
            foreach (var (type, fact) in person.Evidence)
            {
                await evidence.StartRowAsync();
                await evidence.WriteAsync(person.Pid, NpgsqlDbType.Char);
                await evidence.WriteAsync(type, NpgsqlDbType.Text);
                await evidence.WriteAsync(fact.Value, NpgsqlDbType.Numeric);
                await evidence.WriteAsync(fact.AsOf, NpgsqlDbType.Date);
                await evidence.WriteAsync(fact.Source, NpgsqlDbType.Text);
                await evidence.WriteAsync(Guid.Empty, NpgsqlDbType.Uuid);
            }
        }

        await evidence.CompleteAsync();
    }
}

internal static class EvidenceBuilding
{
    public static Dictionary<string, (decimal Value, DateOnly AsOf)> With(this Dictionary<string, (decimal Value, DateOnly AsOf)> evidence, string type, decimal value, DateOnly asOf) =>
        new(evidence) { [type] = (value, asOf) };

    public static Dictionary<string, (decimal Value, DateOnly AsOf)> Without(this Dictionary<string, (decimal Value, DateOnly AsOf)> evidence, string type) =>
        evidence.Where(e => e.Key != type).ToDictionary();
}
