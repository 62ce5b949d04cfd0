using System.Data;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Npgsql;
using WelfarePlatform.RegistrationIngest.Audit;
using WelfarePlatform.ServiceDefaults.Exports;
using WelfarePlatform.ServiceDefaults.Identity;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.RegistrationIngest.Exports;

/// <summary>
/// The registry as pseudonymous microdata for sharing-request's packages: the registry is the only
/// table holding national IDs and names, and neither leaves through this export. A person is a pid,
/// a household the keyed hash of its id (the same hid eligibility uses), a birth date only its year.
/// Streamed row by row from the database reader, so any number of rows passes in flat memory.
/// </summary>
internal static class ExportsApi
{
    /// <summary>The export's columns and the SQL each needs, in CSV order.</summary>
    public static readonly IReadOnlyDictionary<string, string> RegistrantColumns = new Dictionary<string, string>
    {
        ["pid"] = "a.pid",
        ["province_code"] = "a.province_code",
        ["birth_year"] = "extract(year from a.birth_date)::int",
        ["relationship"] = "a.relationship",
        ["household_pid"] = "a.household_id",
        ["household_size"] = "h.members",
        ["declared_income"] = "a.declared_income",
        ["card_holder"] = "a.card_holder",
    };

    public static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/exports/registrants", Registrants)
            .WithTags("Exports")
            .RequireRoles(Roles.Sharing)
            .WithSummary("Every registrant as pseudonymous CSV (sharing-request's packages)")
            .WithDescription("Columns pid, province_code, birth_year, relationship, household_pid (keyed hash of the household id), household_size " +
                "(registered members), declared_income (baht a year), card_holder (1 or 0); `fields` (comma-separated) narrows and orders them. " +
                "Never a national ID, a name or a birth date. No value is ever quoted: none holds a comma. Streamed with no row limit; every export is audited.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public static async Task<IResult> Registrants(
        string? fields, ClaimsPrincipal user, NpgsqlDataSource dataSource, PidHasher pids, AuditLog auditLog, CancellationToken cancellationToken)
    {
        var columns = ExportFields.Parse(fields, RegistrantColumns.Keys, out var problem);
        if (columns is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown export field", detail: problem);
        }

        await auditLog.AppendAsync(user.FindFirstValue("sub") ?? user.Identity?.Name ?? "unknown", "export.registrants", string.Join(',', columns), cancellationToken);
        var householdSizes = columns.Contains("household_size")
            ? " join (select household_id, count(*)::int as members from applicants group by household_id) h using (household_id)"
            : "";
        var sql = $"select {string.Join(", ", columns.Select(c => RegistrantColumns[c]))} from applicants a{householdSizes}";
        return TypedResults.Stream(body => WriteAsync(body, sql, columns, dataSource, pids, cancellationToken), "text/csv; charset=utf-8");
    }

    private static async Task WriteAsync(Stream body, string sql, IReadOnlyList<string> columns, NpgsqlDataSource dataSource, PidHasher pids, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), 1 << 16);
        await writer.WriteAsync(string.Join(',', columns) + "\n");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = new NpgsqlCommand(sql, connection);
        await using var reader = await select.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0)
                {
                    await writer.WriteAsync(',');
                }

                // Asynchronous writes only: Kestrel refuses a synchronous flush of the response body.
                await writer.WriteAsync(columns[i] switch
                {
                    "household_pid" => pids.Hash(reader.GetString(i)),
                    "birth_year" or "household_size" => reader.GetInt32(i).ToString(CultureInfo.InvariantCulture),
                    "declared_income" => reader.GetDecimal(i).ToString(CultureInfo.InvariantCulture),
                    "card_holder" => reader.GetBoolean(i) ? "1" : "0",
                    _ => reader.GetString(i).TrimEnd(),
                });
            }

            await writer.WriteAsync('\n');
        }
    }
}
