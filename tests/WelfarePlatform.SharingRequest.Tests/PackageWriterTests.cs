using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Parquet;
using Parquet.Schema;
using Shouldly;
using WelfarePlatform.SharingRequest.Catalog;
using WelfarePlatform.SharingRequest.Packages;

namespace WelfarePlatform.SharingRequest.Tests;

public sealed class PackageWriterTests
{
    private static readonly DatasetField[] Fields =
    [
        new("pid", "char(64)", "", "", "confidential", true, false, false),
        new("birth_year", "int", "", "", "internal", true, false, false),
        new("declared_income", "numeric", "", "", "confidential", true, false, false),
        new("card_holder", "boolean", "", "", "confidential", true, false, false),
        new("failed_criteria", "text[]", "", "", "confidential", true, false, false),
    ];

    private static readonly string Pid1 = new('a', 64);
    private static readonly string Pid2 = new('b', 64);

    [Fact]
    public async Task An_export_becomes_the_same_rows_in_csv_and_in_parquet_row_groups_with_pids_rekeyed()
    {
        var export = $"""
            pid,birth_year,declared_income,card_holder,failed_criteria
            {Pid1},1970,60000.50,1,INCOME;ASSETS
            {Pid2},1981,0,0,
            {Pid1},,12.25,1,AGE

            """;
        var (csv, parquet, rows) = await WriteAsync(export, rowGroupSize: 2, key: 1);

        rows.ShouldBe(3);
        using var rekey = new PidRekeyer(Key(1));
        var (p1, p2) = (rekey.Rekey(Pid1), rekey.Rekey(Pid2));
        csv.ShouldBe($"""
            pid,birth_year,declared_income,card_holder,failed_criteria
            {p1},1970,60000.50,1,INCOME;ASSETS
            {p2},1981,0,0,
            {p1},,12.25,1,AGE

            """.ReplaceLineEndings("\n"));

        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(parquet), cancellationToken: TestContext.Current.CancellationToken);
        reader.RowGroupCount.ShouldBe(2);
        var fields = reader.Schema.GetDataFields();
        fields.Select(f => f.Name).ShouldBe(Fields.Select(f => f.Name));
        // Strings come back as UTF-8 text (the reader's own CLR type for them), the rest typed from the catalog.
        fields.Skip(1).Take(3).Select(f => f.ClrType).ShouldBe([typeof(int), typeof(decimal), typeof(bool)]);
        var pids = new List<string?>();
        var years = new List<int?>();
        var incomes = new List<decimal?>();
        var holders = new List<bool?>();
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            var count = (int)rowGroup.RowCount;
            var pidValues = new string?[count];
            await rowGroup.ReadAsync(fields[0], pidValues.AsMemory(), cancellationToken: TestContext.Current.CancellationToken);
            pids.AddRange(pidValues);
            years.AddRange(await ReadAsync<int>(rowGroup, fields[1], count));
            incomes.AddRange(await ReadAsync<decimal>(rowGroup, fields[2], count));
            holders.AddRange(await ReadAsync<bool>(rowGroup, fields[3], count));
        }

        pids.ShouldBe([p1, p2, p1]);
        years.ShouldBe([1970, 1981, null]);
        incomes.ShouldBe([60000.50m, 0m, 12.25m]);
        holders.ShouldBe([true, false, true]);
    }

    [Fact]
    public async Task Each_package_key_gives_other_pids_so_two_recipients_cannot_join()
    {
        var export = $"pid,birth_year,declared_income,card_holder,failed_criteria\n{Pid1},1970,1,1,\n";
        var (first, _, _) = await WriteAsync(export, 10, key: 1);
        var (second, _, _) = await WriteAsync(export, 10, key: 2);
        var (again, _, _) = await WriteAsync(export, 10, key: 1);
        first.ShouldNotBe(second);
        first.ShouldBe(again);
        first.ShouldNotContain(Pid1);
    }

    [Fact]
    public void A_package_pid_is_the_platform_pid_enciphered_under_the_package_key_and_only_that_key_reads_it_back()
    {
        var pid = Convert.ToHexStringLower(SHA256.HashData("3100100123456"u8));
        using var rekey = new PidRekeyer(Key(7));

        var packagePid = rekey.Rekey(pid);

        packagePid.Length.ShouldBe(PidRekeyer.Length);
        packagePid.ShouldMatch("^[0-9a-f]{32}$");
        using var aes = Aes.Create();
        aes.Key = Key(7);
        Convert.ToHexStringLower(aes.DecryptEcb(Convert.FromHexString(packagePid), PaddingMode.None)).ShouldBe(pid[..32]);
        aes.Key = Key(8);
        Convert.ToHexStringLower(aes.DecryptEcb(Convert.FromHexString(packagePid), PaddingMode.None)).ShouldNotBe(pid[..32]);
        rekey.Rekey(pid.ToUpperInvariant()).ShouldBe(packagePid);
        Should.Throw<FormatException>(() => rekey.Rekey(pid[..63] + "g"));
    }

    [Theory]
    [InlineData("pid,birth_year,declared_income,card_holder,failed_criteria\n{pid},1970,1,1\n", "Row 1 of the export has 4 values")]
    [InlineData("pid,birth_year,declared_income,card_holder,failed_criteria\n{pid},1970,1,1,\n{pid},nineteen,1,1,\n", "Row 2, field birth_year")]
    [InlineData("pid,birth_year,declared_income,card_holder,failed_criteria\n{pid},1970,1,yes,\n", "Row 1, field card_holder")]
    [InlineData("pid,birth_year,declared_income,card_holder,failed_criteria\n{pid},1970,1,1,\nP-17,1970,1,1,\n", "Row 2 of the export: pid 'P-17' is not a pid")]
    [InlineData("pid,birth_year,card_holder,failed_criteria\n", "lacks declared_income")]
    [InlineData("", "no header")]
    public async Task A_row_that_breaks_the_export_contract_stops_the_package_with_its_number(string export, string reason)
    {
        var failure = await Should.ThrowAsync<FormatException>(() => WriteAsync(export.Replace("{pid}", Pid1, StringComparison.Ordinal), 10, key: 1));
        failure.Message.ShouldContain(reason);
    }

    [Fact]
    public async Task A_large_export_read_in_small_pieces_gives_identical_rows_in_csv_and_parquet()
    {
        // 30,001 rows cross many batches and row groups whose edges do not line up, and the export
        // arrives 7 bytes at a time, as a socket may hand it over, so lines are split between reads.
        const int Rows = 30_001;
        var export = new StringBuilder("pid,birth_year,declared_income,card_holder,failed_criteria\n");
        for (var i = 0; i < Rows; i++)
        {
            export.Append(CultureInfo.InvariantCulture, $"{i:x64},{(i % 5 == 0 ? "" : 1940 + (i % 60))},{i % 7}.{i % 100:00},{i % 2},{(i % 3 == 0 ? "" : "INCOME;ที่ดิน")}\n");
        }

        using var csvStream = new MemoryStream();
        using var parquetStream = new MemoryStream();
        var writer = await PackageTableWriter.CreateAsync(Fields, csvStream, parquetStream, 7_000, TestContext.Current.CancellationToken);
        using var pids = new PidRekeyer(Key(3));
        var rows = await ExportCsv.CopyAsync(new TrickleStream(Encoding.UTF8.GetBytes(export.ToString()), 7), Fields.Select(f => f.Name).ToList(), pids, writer, TestContext.Current.CancellationToken);
        await writer.CompleteAsync(TestContext.Current.CancellationToken);

        rows.ShouldBe(Rows);
        var csv = Encoding.UTF8.GetString(csvStream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        csv.Count.ShouldBe(Rows);
        csv[1].ShouldBe($"{pids.Rekey(1.ToString("x64", CultureInfo.InvariantCulture))},1941,1.01,1,INCOME;ที่ดิน");
        var parquet = await ParquetRowsAsync(parquetStream.ToArray());
        parquet.Groups.ShouldBe((Rows + 6_999) / 7_000);
        parquet.Rows.ShouldBe(csv);
    }

    [Fact]
    public async Task Cells_given_as_text_are_quoted_in_csv_and_kept_whole_in_parquet()
    {
        Fields[4].DataType.ShouldBe("text[]");
        using var csvStream = new MemoryStream();
        using var parquetStream = new MemoryStream();
        var writer = await PackageTableWriter.CreateAsync(Fields, csvStream, parquetStream, 10, TestContext.Current.CancellationToken);
        await writer.AddAsync(["p1", "1970", "1.50", "1", "{\"INCOME\":3,\"AGE\":1}"], TestContext.Current.CancellationToken);
        await writer.AddAsync(["p2", null, "", "0", "line\nbreak"], TestContext.Current.CancellationToken);
        await writer.CompleteAsync(TestContext.Current.CancellationToken);

        Encoding.UTF8.GetString(csvStream.ToArray()).ShouldBe(
            "pid,birth_year,declared_income,card_holder,failed_criteria\np1,1970,1.50,1,\"{\"\"INCOME\"\":3,\"\"AGE\"\":1}\"\np2,,,0,\"line\nbreak\"\n");
        (await ParquetRowsAsync(parquetStream.ToArray())).Rows.ShouldBe(["p1,1970,1.50,1,{\"INCOME\":3,\"AGE\":1}", "p2,,,0,line\nbreak"]);
    }

    [Fact]
    public async Task A_bad_cell_far_into_the_export_stops_the_package_with_its_row_number()
    {
        var export = new StringBuilder("pid,birth_year,declared_income,card_holder,failed_criteria\n");
        for (var i = 1; i <= 50_000; i++)
        {
            export.Append(CultureInfo.InvariantCulture, $"{i:x64},{(i == 41_234 ? "19x0" : "1970")},1,1,\n");
        }

        var failure = await Should.ThrowAsync<FormatException>(() => WriteAsync(export.ToString(), 1_000, key: 1));
        failure.Message.ShouldBe("Row 41234, field birth_year: '19x0' is not a Int32.");
    }

    [Fact]
    public void Fields_no_export_releases_are_named()
    {
        PackageSources.Problems([("registry.applicants", ["pid", "national_id", "first_name"]), ("eligibility.determinations", ["outcome"])])
            .ShouldHaveSingleItem().ShouldStartWith("registry.applicants's export never releases national_id, first_name");
        PackageSources.Problems([("external.disasters", ["hazard"])]).ShouldHaveSingleItem().ShouldContain("external.disasters has no export");
        PackageSources.Problems([("dashboard.targeted", ["province_code", "holders"])]).ShouldBeEmpty();
    }

    private static async Task<(string Csv, byte[] Parquet, long Rows)> WriteAsync(string export, int rowGroupSize, byte key)
    {
        using var csv = new MemoryStream();
        using var parquet = new MemoryStream();
        var writer = await PackageTableWriter.CreateAsync(Fields, csv, parquet, rowGroupSize, TestContext.Current.CancellationToken);
        using var pids = new PidRekeyer(Key(key));
        var rows = await ExportCsv.CopyAsync(new MemoryStream(Encoding.UTF8.GetBytes(export.ReplaceLineEndings("\n"))), Fields.Select(f => f.Name).ToList(), pids, writer, TestContext.Current.CancellationToken);
        await writer.CompleteAsync(TestContext.Current.CancellationToken);
        return (Encoding.UTF8.GetString(csv.ToArray()), parquet.ToArray(), rows);
    }

    /// <summary>Every Parquet row as a CSV line of its cells (numbers in the export's form), and the row groups.</summary>
    private static async Task<(List<string> Rows, int Groups)> ParquetRowsAsync(byte[] parquet)
    {
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(parquet), cancellationToken: TestContext.Current.CancellationToken);
        var fields = reader.Schema.GetDataFields();
        var rows = new List<string>();
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            var count = (int)rowGroup.RowCount;
            var pidValues = new string?[count];
            await rowGroup.ReadAsync(fields[0], pidValues.AsMemory(), cancellationToken: TestContext.Current.CancellationToken);
            var years = await ReadAsync<int>(rowGroup, fields[1], count);
            var incomes = await ReadAsync<decimal>(rowGroup, fields[2], count);
            var holders = await ReadAsync<bool>(rowGroup, fields[3], count);
            var criteria = new string?[count];
            await rowGroup.ReadAsync(fields[4], criteria.AsMemory(), cancellationToken: TestContext.Current.CancellationToken);
            for (var i = 0; i < count; i++)
            {
                rows.Add(string.Join(',',
                    pidValues[i], years[i]?.ToString(CultureInfo.InvariantCulture), incomes[i]?.ToString("0.00", CultureInfo.InvariantCulture),
                    holders[i] is { } holder ? (holder ? "1" : "0") : "", criteria[i]));
            }
        }

        return (rows, reader.RowGroupCount);
    }

    private static async Task<T?[]> ReadAsync<T>(ParquetRowGroupReader rowGroup, DataField field, int count)
        where T : struct
    {
        var values = new T?[count];
        await rowGroup.ReadAsync(field, values.AsMemory(), cancellationToken: TestContext.Current.CancellationToken);
        return values;
    }

    private static byte[] Key(byte seed) => Enumerable.Repeat(seed, 32).ToArray();

    /// <summary>Hands its bytes over at most <paramref name="piece"/> at a time.</summary>
    private sealed class TrickleStream(byte[] content, int piece) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, piece)], cancellationToken);
    }
}
