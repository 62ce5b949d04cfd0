using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Npgsql;
using Shouldly;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.HostileInputTests;

/// <summary>
/// Valid registration files, mutated (truncated, random bytes, huge fields, another encoding,
/// BOM and CRLF mixes, stray quotes, blank lines), posted to a real registration-ingest: never a
/// 5xx; a refused upload is problem details with a reason; a batch is never half-loaded (read =
/// accepted + rejected, exactly the accepted rows are in the registry, a failed batch loads
/// nothing); every rejected row has its row number and a reason code.
/// </summary>
public sealed class BatchHostileInputTests(InfrastructureFixture infrastructure, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Iterations = 40;
    private const int RowsPerFile = 30;
    private const string Header = "national_id,first_name,last_name,birth_date,nationality,province_code,household_id,relationship,declared_income,registered_at,card_holder";
    private static readonly Encoding Thai = CodePagesEncoding();
    private Dictionary<string, string> settings = [];
    private ServiceHost<RegistrationIngestApp> ingest = null!;
    private HttpClient client = null!;
    private int file;

    public async ValueTask InitializeAsync()
    {
        settings = await TestPlatform.SettingsAsync(infrastructure, "hostile_batches", "registrydb");
        ingest = new ServiceHost<RegistrationIngestApp>(settings);
        client = ingest.CreateAllRolesClient();
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await ingest.DisposeAsync();
    }

    /// <summary>One mutation of a file's bytes, with a name for the failure message.</summary>
    private sealed record Mutation(string Name, Func<byte[], byte[]> Apply);

    private static readonly Gen<Mutation> Mutations = Gen.OneOf<Mutation>(
        Gen.Double[0, 1].Select(at => new Mutation($"truncate at {at:P0}", b => b[..(int)(b.Length * at)])),
        Gen.Select(Gen.Double[0, 1], Gen.Byte.Array[1, 20], (at, bytes) => new Mutation($"insert {bytes.Length} random bytes at {at:P0}", b => [.. b[..(int)(b.Length * at)], .. bytes, .. b[(int)(b.Length * at)..]])),
        Gen.Select(Gen.Double[0, 1], Gen.Byte, (at, value) => new Mutation($"overwrite the byte at {at:P0} with 0x{value:X2}", b =>
        {
            var copy = (byte[])b.Clone();
            if (copy.Length > 0)
            {
                copy[Math.Min(copy.Length - 1, (int)(copy.Length * at))] = value;
            }

            return copy;
        })),
        Gen.Select(Gen.Int[1, RowsPerFile], Gen.Int[0, 10], Gen.Int[1_000, 300_000], (row, field, size) => new Mutation($"row {row} field {field} made {size} chars long", b => ReplaceField(b, row, field, new string('ก', size)))),
        Gen.Select(Gen.Int[1, RowsPerFile], Gen.Int[0, 10], Gen.OneOf("\"", "\"\"", "a\"b", "\"unterminated", "\"x\ny\"", "\"1,000\"", "\r", ",,,", "99999999999999999"), (row, field, text) => new Mutation($"row {row} field {field} = {Printable(text)}", b => ReplaceField(b, row, field, text))),
        Gen.Const(new Mutation("UTF-8 BOM", b => [0xEF, 0xBB, 0xBF, .. b])),
        Gen.Const(new Mutation("BOM twice", b => [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. b])),
        Gen.Bool.Select(all => new Mutation(all ? "CRLF everywhere" : "CRLF on every other line", b => Crlf(b, all))),
        Gen.Const(new Mutation("lone CR line ends", b => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace('\n', '\r')))),
        Gen.Const(new Mutation("Thai text in windows-874 posted as UTF-8", b => Thai.GetBytes(Encoding.UTF8.GetString(b)))),
        Gen.Const(new Mutation("UTF-16", b => Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(b)))),
        Gen.Const(new Mutation("blank lines between rows", b => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("\n", "\n\n")))),
        Gen.Const(new Mutation("header only", b => Encoding.UTF8.GetBytes(Header + "\n"))),
        Gen.Const(new Mutation("empty body", _ => [])),
        Gen.Const(new Mutation("header repeated as a row", b => [.. b, .. Encoding.UTF8.GetBytes(Header + "\n")])),
        Gen.Const(new Mutation("columns shuffled in the header only", b => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("first_name,last_name", "last_name,first_name")))));

    [Fact]
    public async Task A_mutated_batch_file_is_loaded_whole_or_refused_with_reasons_never_half()
    {
        var seen = new HashSet<Guid>();
        var outcomes = new Dictionary<string, int>();
        await Gen.Select(Mutations.Array[1, 3], Gen.Int[0, 1_000_000]).SampleAsync(async (mutations, salt) =>
        {
            var serialBase = 1_000L * Interlocked.Increment(ref file) + 10_000_000L * (salt % 50);
            var bytes = ValidFile(serialBase);
            foreach (var mutation in mutations)
            {
                bytes = mutation.Apply(bytes);
            }

            var what = string.Join(" + ", mutations.Select(m => m.Name));
            var outcome = await PostAndCheckAsync(bytes, what, seen);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }, iter: Iterations, threads: 1, seed: Environment.GetEnvironmentVariable("WELFARE_HOSTILE_SEED"));

        output.WriteLine($"outcomes: {string.Join(", ", outcomes.Select(o => $"{o.Key}×{o.Value}"))}");
    }

    private async Task<string> PostAndCheckAsync(byte[] body, string what, HashSet<Guid> seen)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=utf-8");
        using var response = await client.PostAsync("/api/batches/registrations?source=hostile&asOf=2022-11-30", content);
        var status = (int)response.StatusCode;
        status.ShouldBeLessThan(500, $"{what}: {await response.Content.ReadAsStringAsync()}");
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", what);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            (problem["detail"]?.GetValue<string>() ?? problem["title"]?.GetValue<string>()).ShouldNotBeNullOrWhiteSpace(what);
            return $"refused {status}";
        }

        var batchId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["batchId"]!.GetValue<Guid>();
        if (!seen.Add(batchId))
        {
            return "same content as an earlier file: same batch";
        }

        var batch = await FinishedAsync(batchId);
        var state = batch["status"]!.GetValue<string>();
        var read = batch["rowsRead"]?.GetValue<int>() ?? 0;
        var accepted = batch["rowsAccepted"]?.GetValue<int>() ?? 0;
        var rejected = batch["rowsRejected"]?.GetValue<int>() ?? 0;
        var loaded = await CountAsync("select count(*) from applicant_versions where batch_id = $1", batchId);
        var rejectRows = await CountAsync("select count(*) from batch_rejects where batch_id = $1", batchId);
        var context = $"{what}: {batch.ToJsonString()}";
        if (state == "failed")
        {
            batch["error"]?.GetValue<string>().ShouldNotBeNullOrWhiteSpace(context);
            loaded.ShouldBe(0, $"a failed batch loads nothing; {context}");
            return "failed whole";
        }

        state.ShouldBe("completed", context);
        (accepted + rejected).ShouldBe(read, $"read = accepted + rejected; {context}");
        loaded.ShouldBe(accepted, $"registry rows of the batch = accepted; {context}");
        rejectRows.ShouldBe(rejected, $"one reject row per rejected row; {context}");
        (await CountAsync("select count(*) from batch_rejects where batch_id = $1 and (row_number < 1 or row_number > $2 or coalesce(reason_code, '') = '')", batchId, read))
            .ShouldBe(0, $"every reject has a row number within the file and a reason; {context}");
        using var rejects = await client.GetAsync($"/api/batches/{batchId}/rejects");
        rejects.StatusCode.ShouldBe(HttpStatusCode.OK, context);
        (await rejects.Content.ReadAsStringAsync()).ShouldStartWith("row_number,reason_code,detail,raw", Case.Sensitive, context);
        return rejected == 0 ? "completed clean" : "completed with rejects";
    }

    private Task<JsonObject> FinishedAsync(Guid batchId) => TestPlatform.EventuallyAsync(async () =>
    {
        var status = await client.GetFromJsonAsync<JsonObject>($"/api/batches/{batchId}");
        return status!["status"]!.GetValue<string>() is "completed" or "failed" ? status : null;
    }, TimeSpan.FromSeconds(120), $"batch {batchId} to finish");

    private async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:registrydb"]);
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] ValidFile(long serialBase)
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 1; i <= RowsPerFile; i++)
        {
            var first12 = 1_1000_00000_00L + serialBase + i;
            var id = $"{first12}{WelfarePlatform.Reference.NationalId.ComputeCheckDigit(first12)}";
            text.Append($"{id},สมชาย,ใจดี,1970-01-{1 + (i % 28):00},TH,{(i % 2 == 0 ? "10" : "50")},H{serialBase + i},head,\"60,000\",2022-09-10,{i % 2}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Replaces field <paramref name="field"/> of data row <paramref name="row"/> (a naive split: the point is to break things).</summary>
    private static byte[] ReplaceField(byte[] bytes, int row, int field, string value)
    {
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        if (row < lines.Length)
        {
            var fields = lines[row].Split(',');
            fields[Math.Min(field, fields.Length - 1)] = value;
            lines[row] = string.Join(',', fields);
        }

        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    private static byte[] Crlf(byte[] bytes, bool all)
    {
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        return Encoding.UTF8.GetBytes(string.Concat(lines.Select((l, i) => i == lines.Length - 1 ? l : l + (all || i % 2 == 0 ? "\r\n" : "\n"))));
    }

    private static string Printable(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static Encoding CodePagesEncoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(874);
    }
}
