using System.Text;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.RegistrationIngest;

/// <summary>The file-level failures of FORMATS.md fail the batch with a clear error and load nothing.</summary>
public sealed class FileFailureTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private ServiceHost<RegistrationIngestApp> host = null!;
    private IngestClient ingest = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, $"ingest_ff_{Guid.NewGuid():N}"[..20], "registrydb");
        host = new(settings);
        ingest = new IngestClient(host.CreateClient(Roles.Ingest), settings);
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private static byte[] Windows874(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(874).GetBytes(text);
    }

    public static TheoryData<string, string, string, string> Failures => new()
    {
        { "registrations", "empty body", "", "The file is empty" },
        { "registrations", "no header", new RegistrationCsv().Person(1, "10").ToString().Split('\n', 2)[1], "The first row is not a header" },
        { "registrations", "missing column", RegistrationCsv.Header.Replace(",declared_income", "", StringComparison.Ordinal) + "\n", "Required column(s) missing from the header: declared_income." },
        { "evidence", "missing column", "national_id,evidence_type,as_of\n", "Required column(s) missing from the header: value." },
        { "payments", "missing columns", "national_id,amount\n", "Required column(s) missing from the header: paid_on, program." },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_file_level_failure_fails_the_batch_and_loads_nothing(string kind, string what, string csv, string error)
    {
        var status = await ingest.FinishedAsync(await ingest.PostAsync(kind, "bank", "2022-09-30", csv));
        status["status"]!.GetValue<string>().ShouldBe("failed", what);
        status["error"]!.GetValue<string>().ShouldStartWith(error);
        status["rowsAccepted"]!.GetValue<int>().ShouldBe(0);
        (await ingest.CountAsync("select count(*) from applicants")).ShouldBe(0);
        (await ingest.CountAsync("select count(*) from outbox_messages")).ShouldBe(0);
    }

    [Fact]
    public async Task Windows_874_bytes_declared_as_utf_8_fail_the_file_and_load_when_declared_right()
    {
        // One good row before the undecodable one: a failed file loads none of its rows.
        var body = Windows874(new RegistrationCsv().Person(1, "10").Person(2, "10").ToString());
        var wrong = await ingest.FinishedAsync(await ingest.PostAsync("registrations", "bank", "2022-09-30", body, "utf-8"));
        wrong["status"]!.GetValue<string>().ShouldBe("failed");
        wrong["error"]!.GetValue<string>().ShouldStartWith("The file is not valid utf-8");
        (await ingest.CountAsync("select count(*) from applicants")).ShouldBe(0);

        // The same bytes from the same source are the same (failed) batch: the corrected upload comes as another source.
        var right = await ingest.FinishedAsync(await ingest.PostAsync("registrations", "ktb", "2022-09-30", body, "windows-874"));
        right["status"]!.GetValue<string>().ShouldBe("completed");
        (await ingest.CountAsync("select count(*) from applicants where first_name = 'สมชาย'")).ShouldBe(2);
        (await ingest.CountAsync("select count(*) from outbox_messages")).ShouldBe(1);
    }

    [Fact]
    public async Task Data_the_database_refuses_fails_the_batch_once_with_the_reason_instead_of_retrying_it()
    {
        // A registry that holds less than the file's rules allow (as a 200,000-character household id
        // once did, past the index's limit): PostgreSQL refuses the second row's household id with a
        // data error (class 22), which retrying can never change.
        await ingest.ExecuteAsync(
            """
            create function refuse_household() returns trigger language plpgsql as $$
            begin
                if new.household_id = 'H-REFUSED' then
                    raise exception 'value too long for the registry' using errcode = '22001';
                end if;
                return new;
            end $$;
            create trigger refuse_household before insert or update on applicants for each row execute function refuse_household();
            """);
        var csv = new RegistrationCsv().Person(1, "10").Row($"{RegistrationCsv.NationalId(2)},สมชาย,ใจดี,1970-01-01,TH,10,H-REFUSED,head,0,2022-09-10,0").ToString();

        var status = await ingest.FinishedAsync(await ingest.PostAsync("registrations", "bank", "2022-09-30", csv));

        status["status"]!.GetValue<string>().ShouldBe("failed");
        status["error"]!.GetValue<string>().ShouldStartWith("The database refused the file's data (22001:");
        (await ingest.CountAsync("select count(*) from applicants")).ShouldBe(0);
        (await ingest.CountAsync("select count(*) from outbox_messages")).ShouldBe(0);
        (await ingest.CountAsync("select attempts from batches")).ShouldBe(1);
    }
}
