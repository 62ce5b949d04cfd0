using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using WelfarePlatform.ServiceDefaults.Exports;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.Eligibility.Exports;

/// <summary>
/// The pseudonymous export sharing-request packages from: one CSV row per person and ruleset, keyed
/// by pid (eligibility never holds a national ID or a name). Streamed from PostgreSQL's COPY, so any
/// number of rows passes in flat memory.
/// </summary>
internal static partial class ExportsApi
{
    /// <summary>The export's columns and the SQL that gives each, in CSV order.</summary>
    public static readonly IReadOnlyDictionary<string, string> DeterminationColumns = new Dictionary<string, string>
    {
        ["pid"] = "pid",
        ["ruleset"] = "ruleset_id",
        ["province_code"] = "province_code",
        ["outcome"] = "outcome",
        // An empty text is NULL here: COPY's CSV would quote it ("") to tell it from NULL.
        ["failed_criteria"] = "nullif(array_to_string(failed_criteria, ';'), '')",
        ["evaluated_at"] = "to_char(evaluated_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
    };

    public static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/exports/determinations", Determinations)
            .WithTags("Exports")
            .RequireRoles(Roles.Sharing)
            .WithSummary("Every determination as pseudonymous CSV (sharing-request's packages)")
            .WithDescription("Columns pid, ruleset, province_code, outcome, failed_criteria (criterion ids joined by ';'), evaluated_at (UTC); " +
                "`fields` (comma-separated) narrows and orders them, `ruleset` narrows to one ruleset. No value is ever quoted: none holds a comma. " +
                "Streamed from the database with no row limit. Never a national ID or a name.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<IResult> Determinations(string? ruleset, string? fields, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var columns = ExportFields.Parse(fields, DeterminationColumns.Keys, out var problem);
        if (columns is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown export field", detail: problem);
        }

        var filter = "";
        if (!string.IsNullOrEmpty(ruleset))
        {
            if (!RulesetId().IsMatch(ruleset) || !await RulesetExistsAsync(dataSource, ruleset, cancellationToken))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown ruleset",
                    detail: $"No ruleset '{ruleset}'; GET /api/rulesets lists them.");
            }

            // COPY takes no parameters; the id is one the rulesets table holds and matches [a-z0-9-]+.
            filter = $" where ruleset_id = '{ruleset}'";
        }

        var select = string.Join(", ", columns.Select(c => $"{DeterminationColumns[c]} as {c}"));
        var copy = $"copy (select {select} from determinations{filter}) to stdout (format csv, header)";
        return TypedResults.Stream(async body =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            using var export = await connection.BeginTextExportAsync(copy, cancellationToken);
            await using var writer = new StreamWriter(body, new UTF8Encoding(false), 1 << 16);
            var buffer = new char[1 << 15];
            int read;
            while ((read = await export.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }, "text/csv; charset=utf-8");
    }

    private static async Task<bool> RulesetExistsAsync(NpgsqlDataSource dataSource, string ruleset, CancellationToken cancellationToken)
    {
        await using var exists = dataSource.CreateCommand("select exists (select 1 from rulesets where ruleset_id = $1)");
        exists.Parameters.Add(new NpgsqlParameter { Value = ruleset });
        return (bool)(await exists.ExecuteScalarAsync(cancellationToken))!;
    }

    [GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial Regex RulesetId();
}
