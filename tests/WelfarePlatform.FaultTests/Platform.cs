using System.Net.Http.Headers;
using Npgsql;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.FaultTests;

/// <summary>
/// The real platform for the fault suite: registration-ingest, two replicas of eligibility and two
/// of dashboard-api as child processes, configured as dev/run configures them (dev/lib/services.sh),
/// against PostgreSQL, RabbitMQ and Azurite in containers the suite can stop, kill and restart.
/// </summary>
public sealed class Platform : IAsyncDisposable
{
    public const string SigningKey = "fault-suite-signing-key-0123456789abcdef0123";
    private const string PidKey = "fault-suite-pid-key-0123456789abcdef0123456789";
    private static readonly AuthOptions Auth = new("welfare-platform", "welfare-platform", AuthOptions.CreateKey(SigningKey));
    private readonly Dictionary<string, string> databases = [];
    private readonly List<ServiceProcess> all = [];
    private string logDirectory = "";

    private Platform(InfrastructureFixture infrastructure) => Infrastructure = infrastructure;

    public InfrastructureFixture Infrastructure { get; }

    public ServiceProcess Ingest { get; private set; } = null!;

    public IReadOnlyList<ServiceProcess> Eligibility { get; private set; } = [];

    public IReadOnlyList<ServiceProcess> Dashboard { get; private set; } = [];

    public static async Task<Platform> StartAsync(InfrastructureFixture infrastructure, string name, int replicas)
    {
        var platform = new Platform(infrastructure);
        var messaging = await infrastructure.RabbitMq.CreateVirtualHostAsync(name);
        foreach (var database in new[] { "registrydb", "eligibilitydb", "dashboarddb" })
        {
            platform.databases[database] = await infrastructure.Postgres.CreateDatabaseAsync($"{name}_{database}");
        }

        Dictionary<string, string> Common(string database) => new()
        {
            [$"ConnectionStrings__{database}"] = platform.databases[database],
            ["ConnectionStrings__messaging"] = messaging,
            ["ConnectionStrings__blobs"] = infrastructure.Azurite.ConnectionString,
            ["Auth__SigningKey"] = SigningKey,
            ["Auth__Issuer"] = "welfare-platform",
            ["Auth__Audience"] = "welfare-platform",
            ["Messaging__OutboxPollInterval"] = "00:00:00.100",
            ["Logging__LogLevel__Default"] = "Information",
        };

        var logs = Path.Combine(FaultReport.Directory, "logs", name);
        Directory.CreateDirectory(logs);
        platform.logDirectory = logs;

        var ingest = Common("registrydb");
        ingest["Identity__PidKey"] = PidKey;
        // A killed loader's lease runs out in seconds (default 10 minutes), so a restarted one takes the
        // batch over within the suite's time. 6 s was too short on a saturated machine: late heartbeats
        // let the live loader's own batch be taken over again (attempts 4, still loaded once).
        ingest["Batches__LeaseSeconds"] = "20";
        // Progress every half second: at 2 s a fast moment loaded the whole batch before the suite saw it loading.
        ingest["Batches__ProgressSeconds"] = "0.5";
        platform.Ingest = new ServiceProcess("registration-ingest", "RegistrationIngest", "WelfarePlatform.RegistrationIngest", ingest, logs);

        var eligibility = Common("eligibilitydb");
        eligibility["Identity__PidKey"] = PidKey;
        // The generated evidence is dated up to 2022-11-30; judge it on that day, not today, so it is not all stale.
        eligibility["Eligibility__EvaluationDate"] = InputFiles.AsOf;
        platform.Eligibility = [.. Enumerable.Range(1, replicas).Select(i => new ServiceProcess($"eligibility-{i}", "Eligibility", "WelfarePlatform.Eligibility", eligibility, logs))];
        platform.Dashboard = [.. Enumerable.Range(1, replicas).Select(i => new ServiceProcess($"dashboard-api-{i}", "DashboardApi", "WelfarePlatform.DashboardApi", Common("dashboarddb"), logs))];
        platform.all.AddRange([platform.Ingest, .. platform.Eligibility, .. platform.Dashboard]);

        // All at once, replicas too: the schema migrator is safe when two instances start together.
        await Task.WhenAll(platform.all.Select(s => s.StartAsync()));

        return platform;
    }

    public static string TokenFor(string role) => DevelopmentTokens.Create(Auth, role, TimeSpan.FromHours(2));

    public static HttpClient Client(ServiceProcess service, string role)
    {
        var client = new HttpClient { BaseAddress = service.Url, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(role));
        return client;
    }

    /// <summary>A scalar from one service's database; retried while PostgreSQL restarts.</summary>
    public async Task<long> ScalarAsync(string database, string sql)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(databases[database] + ";Pooling=false;Timeout=5");
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(sql, connection);
                return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is NpgsqlException && attempt < 60)
            {
                await Task.Delay(1000);
            }
        }
    }

    /// <summary>Rows of a query as (text key, long value) pairs.</summary>
    public async Task<Dictionary<string, long>> GroupAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(databases[database] + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }

    /// <summary>MassTransit's R-FAULT lines (a message moved to its _error queue after the retries) from every service's log.</summary>
    public List<string> FaultedMessages() =>
        [.. Directory.GetFiles(logDirectory, "*.log").SelectMany(file =>
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var lines = new List<string>();
            string? previous = null;
            while (reader.ReadLine() is { } line)
            {
                if (line.Contains("R-FAULT", StringComparison.Ordinal))
                {
                    lines.Add($"{Path.GetFileName(file)}: {line.Trim()}");
                }
                else if (previous?.Contains("R-FAULT", StringComparison.Ordinal) == true)
                {
                    lines[^1] += " — " + line.Trim();
                }

                previous = line;
            }

            return lines;
        })];

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(all.Select(s => s.DisposeAsync().AsTask()));
    }
}
