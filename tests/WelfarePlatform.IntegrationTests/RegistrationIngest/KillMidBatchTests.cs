using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.RegistrationIngest;

/// <summary>
/// The service stops mid-batch (its host is torn down while the batch loads); a new instance takes
/// the batch over when the lease runs out and loads it once: no duplicate rows, one event.
/// </summary>
public sealed class KillMidBatchTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    // Large enough to be caught mid-load (progress is reported every half second), small enough for CI.
    private const int People = 150_000;
    private Dictionary<string, string> settings = [];

    public async ValueTask InitializeAsync()
    {
        settings = await TestPlatform.SettingsAsync(infrastructure, $"ingest_kill_{Guid.NewGuid():N}"[..20], "registrydb");
        settings["Batches:LeaseSeconds"] = "4";
        settings["Batches:ProgressSeconds"] = "0.5";
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_batch_interrupted_mid_load_completes_once_on_the_next_instance()
    {
        var csv = new RegistrationCsv();
        for (var i = 1; i <= People; i++)
        {
            csv.Person(i, i % 2 == 0 ? "10" : "50");
        }

        Guid batchId;
        await using (var first = new ServiceHost<RegistrationIngestApp>(settings))
        {
            var ingest = new IngestClient(first.CreateClient(Roles.Ingest), settings);
            batchId = await ingest.PostAsync("registrations", "bank", "2022-09-30", csv.ToString());

            // Progress shows in the status before the batch commits; stop the service there.
            var midway = await TestPlatform.EventuallyAsync(async () =>
            {
                var status = await ingest.StatusAsync(batchId);
                return status["status"]!.GetValue<string>() == "processing" && status["rowsRead"]!.GetValue<int>() > 0 ? status : null;
            }, TimeSpan.FromSeconds(120), "the batch to report progress");
            midway["rowsRead"]!.GetValue<int>().ShouldBeLessThan(People);
        }

        await using var second = new ServiceHost<RegistrationIngestApp>(settings);
        var next = new IngestClient(second.CreateClient(Roles.Ingest), settings);
        (await next.CountAsync("select count(*) from applicants")).ShouldBe(0, "nothing of the interrupted attempt is visible");
        var done = await next.FinishedAsync(batchId, timeoutSeconds: 300);

        done["status"]!.GetValue<string>().ShouldBe("completed", done.ToJsonString());
        done["rowsRead"]!.GetValue<int>().ShouldBe(People);
        done["rowsAccepted"]!.GetValue<int>().ShouldBe(People);
        (await next.CountAsync("select attempts from batches where batch_id = $1", batchId)).ShouldBe(2);
        (await next.CountAsync("select count(*) from applicants")).ShouldBe(People);
        (await next.CountAsync("select count(distinct national_id) from applicant_versions")).ShouldBe(People);
        (await next.CountAsync("select count(*) from applicant_versions")).ShouldBe(People);
        (await next.CountAsync("select count(*) from applicant_history")).ShouldBe(0, "a first load replaces nobody's record");
        (await next.CountAsync("select count(*) from outbox_messages")).ShouldBe(1);
        var (completed, lines) = await next.ChangeSetAsync(batchId);
        completed["changedPersons"]!.GetValue<int>().ShouldBe(People);
        lines.Count.ShouldBe(People);
    }
}
