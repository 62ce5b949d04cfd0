using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.DashboardApi.Formats;
using WelfarePlatform.Reference;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.DashboardApi.Timely;

/// <summary>One day of a province's Timely series; a day without data has nulls and no disaster declarations.</summary>
public sealed record TimelyDay(DateOnly Date, int? NewCases, int? NewDeaths, int DisasterDeclarations, decimal? PaymentsBaht, decimal? CasesPer100k, decimal? PaymentsPerCapita);

/// <summary>The answer of <c>GET /api/timely/provinces/{code}/series</c>.</summary>
public sealed record TimelySeries(string Code, string NameTh, string NameEn, int Population, DateOnly From, DateOnly To, IReadOnlyList<TimelyDay> Days);

internal static class TimelyApi
{
    private const int MaxDays = 1100;
    private const int DefaultDays = 180;

    public static IEndpointRouteBuilder MapTimelyApi(this IEndpointRouteBuilder app)
    {
        var timely = app.MapGroup("/api/timely").WithTags("Timely");
        timely.MapGet("/provinces/{code}/series", async (HttpContext context, string code, TimelyReadModel readModel, CancellationToken cancellationToken, string? from, string? to) =>
                Respond(context, await GetSeries(code, readModel, cancellationToken, from, to), SeriesCsv))
            .ProducesJsonAndCsv<TimelySeries>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRoles(Roles.Analyst)
            .WithSummary("A province's daily new cases, deaths, disaster declarations and payments, with per-capita figures")
            .WithDescription("One entry per day in [from, to] (yyyy-mm-dd, at most 1,100 days; default: the 180 days up to the last day with data). " +
                "casesPer100k = newCases per 100,000 of the province's population; paymentsPerCapita = paymentsBaht / population. " +
                "Values are external-data's series (covid-new-cases, covid-new-deaths, disaster-declarations, payments) as read back after each ProvinceSeriesChanged; " +
                "they are public feed figures and baht, not counts of registered people, so no small-cell suppression applies. Unknown province: 404. " +
                "CSV: code,date,newCases,newDeaths,disasterDeclarations,paymentsBaht,casesPer100k,paymentsPerCapita, one row per day.");
        timely.MapGet("/lags", async (HttpContext context, TimelyReadModel readModel, CancellationToken cancellationToken) =>
                Respond(context, await GetLags(readModel, cancellationToken), LagsCsv))
            .ProducesJsonAndCsv<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRoles(Roles.Analyst)
            .WithSummary("Response lag per province and provinces in crisis without uplift, as external-data last reported")
            .WithDescription("external-data's GET /api/timeliness/lags with its default window and parameters, read after each ProvinceSeriesChanged; " +
                "asOf is the report's window end, receivedAt when dashboard-api read it. 404 until a report has been received. " +
                "CSV: code,nameEn,nameTh,status,onset,upliftOn,lagDays,daysSinceOnset,rank, one row per province.");
        return app;
    }

    public static async Task<Results<Ok<TimelySeries>, ProblemHttpResult>> GetSeries(
        string code, TimelyReadModel readModel, CancellationToken cancellationToken, string? from = null, string? to = null)
    {
        if (!Provinces.TryGetByCode(code, out var province))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown province",
                detail: $"'{code}' is not a two-digit province code (10 … 96).");
        }

        DateOnly fromDay, toDay;
        if (to is null)
        {
            toDay = (await readModel.RangeAsync(cancellationToken))?.To ?? DateOnly.FromDateTime(DateTime.UtcNow);
        }
        else if (!DateOnly.TryParseExact(to, "yyyy-MM-dd", out toDay))
        {
            return BadRange($"'to' must be a date as yyyy-mm-dd; it was '{to}'.");
        }

        if (from is null)
        {
            fromDay = toDay.AddDays(-(DefaultDays - 1));
        }
        else if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", out fromDay))
        {
            return BadRange($"'from' must be a date as yyyy-mm-dd; it was '{from}'.");
        }

        if (fromDay > toDay || toDay.DayNumber - fromDay.DayNumber > MaxDays)
        {
            return BadRange($"Give from not after to, at most {MaxDays} days apart, e.g. ?from=2021-03-01&to=2021-12-31.");
        }

        var values = await readModel.ReadAsync(province.Code, fromDay, toDay, cancellationToken);
        decimal? Value(string series, DateOnly day) => values.TryGetValue((series, day), out var value) ? value : null;
        var days = new List<TimelyDay>(toDay.DayNumber - fromDay.DayNumber + 1);
        for (var day = fromDay; day <= toDay; day = day.AddDays(1))
        {
            var cases = Value(TimelyReadModel.NewCases, day);
            var payments = Value(TimelyReadModel.Payments, day);
            days.Add(new TimelyDay(day, (int?)cases, (int?)Value(TimelyReadModel.NewDeaths, day), (int)(Value(TimelyReadModel.Disasters, day) ?? 0), payments,
                cases is { } c && province.Population > 0 ? Math.Round(c * 100_000m / province.Population, 2) : null,
                payments is { } p && province.Population > 0 ? Math.Round(p / province.Population, 4) : null));
        }

        return TypedResults.Ok(new TimelySeries(province.Code, province.NameTh, province.NameEn, province.Population, fromDay, toDay, days));
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetLags(TimelyReadModel readModel, CancellationToken cancellationToken)
    {
        if (await readModel.ReadLagsAsync(cancellationToken) is not { } lags)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No timeliness report yet",
                detail: "dashboard-api reads external-data's timeliness report after each ProvinceSeriesChanged; none has arrived yet (or POST /api/read-models/timely/rebuild).");
        }

        var (report, receivedAt) = lags;
        // The report as external-data sent it, with asOf (its window end) and receivedAt in front.
        var answer = new JsonObject
        {
            ["asOf"] = report["parameters"]?["to"]?.DeepClone(),
            ["receivedAt"] = receivedAt,
        };
        foreach (var (name, value) in report)
        {
            answer[name] = value?.DeepClone();
        }

        return TypedResults.Ok(answer);
    }

    /// <summary>A problem stays a problem (JSON); an answer goes out in the negotiated format.</summary>
    private static IResult Respond<T>(HttpContext context, Results<Ok<T>, ProblemHttpResult> answer, Func<T, string> csv) =>
        answer.Result is Ok<T> { Value: { } value } ? Negotiation.Respond(context, value, csv) : answer.Result;

    public static string SeriesCsv(TimelySeries series)
    {
        var csv = new CsvWriter().Row("code", "date", "newCases", "newDeaths", "disasterDeclarations", "paymentsBaht", "casesPer100k", "paymentsPerCapita");
        foreach (var day in series.Days)
        {
            csv.Row(series.Code, day.Date, day.NewCases, day.NewDeaths, day.DisasterDeclarations, day.PaymentsBaht, day.CasesPer100k, day.PaymentsPerCapita);
        }

        return csv.ToString();
    }

    public static string LagsCsv(JsonObject report)
    {
        string[] columns = ["code", "nameEn", "nameTh", "status", "onset", "upliftOn", "lagDays", "daysSinceOnset", "rank"];
        var csv = new CsvWriter().Row(columns);
        foreach (var province in report["provinces"]?.AsArray() ?? [])
        {
            csv.Row([.. columns.Select(column => (object?)(province?[column] is JsonValue value ? value.ToString() : null))]);
        }

        return csv.ToString();
    }

    private static ProblemHttpResult BadRange(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad date range", detail: detail);
}
