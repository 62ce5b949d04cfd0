using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.ExternalData.Timeliness;

internal static class TimelinessApi
{
    private const string Description =
        "Does money reach a province in crisis in time? For each of the 77 provinces: " +
        "**onset** is the first day in [from, to] whose 7-day new Covid-19 cases (that day and the 6 before, series covid-new-cases) per 100,000 people " +
        "(the province's population) reach `caseThreshold`, or the day a disaster was declared there (POST /api/feeds/disasters), whichever comes first; " +
        "**baseline** is the mean, over the `baselineDays` days before onset, of the 7-day payments (series payments, baht) per person; " +
        "**uplift** is the first day from onset to onset + `maxLagDays` (at most `to`) whose 7-day payments per person are above the baseline and at least `upliftRatio` times it; " +
        "**lagDays** = uplift − onset. Persons are the province's population (personsBasis = population): registered counts per province are held by eligibility, not here. " +
        "status: `responded` (lagDays set), `no-uplift-yet` (in crisis, no uplift yet; daysSinceOnset says how long), `no-crisis`. " +
        "rank (national ranking): 1 is the fastest response; ties share a rank; provinces with no uplift rank after every province that responded, the longest waiting last; no rank without a crisis. " +
        "Parameters: from, to (yyyy-mm-dd; default to = the latest day with data, from = to − 180 days), caseThreshold (default 50), upliftRatio (default 1.5), baselineDays (default 28), maxLagDays (default 90).";

    public static IEndpointRouteBuilder MapTimelinessApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/timeliness").WithTags("Timeliness")
            .MapGet("/lags", GetLags)
            .RequireRoles(Roles.Analyst)
            .WithSummary("Response lag per province: crisis onset against disbursement uplift, with a national ranking")
            .WithDescription(Description);
        return app;
    }

    /// <summary>The timeliness analysis for the given window and parameters.</summary>
    public static async Task<Results<Ok<TimelinessReport>, ProblemHttpResult>> GetLags(
        TimelinessStore store, TimeProvider clock, CancellationToken cancellationToken,
        string? from = null, string? to = null, decimal caseThreshold = 50, decimal upliftRatio = 1.5m, int baselineDays = 28, int maxLagDays = 90)
    {
        DateOnly toDay, fromDay;
        if (to is null)
        {
            toDay = await store.LatestDayAsync(cancellationToken) ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        }
        else if (!DateOnly.TryParseExact(to, "yyyy-MM-dd", out toDay))
        {
            return Problem("Bad to", $"'to' must be a date as yyyy-mm-dd, e.g. to=2021-08-31; it was '{to}'.");
        }

        if (from is null)
        {
            fromDay = toDay.AddDays(-180);
        }
        else if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", out fromDay))
        {
            return Problem("Bad from", $"'from' must be a date as yyyy-mm-dd, e.g. from=2021-04-01; it was '{from}'.");
        }

        var error = (fromDay > toDay, toDay.DayNumber - fromDay.DayNumber > 1100, caseThreshold <= 0, upliftRatio < 1, baselineDays is < 1 or > 365, maxLagDays is < 0 or > 365) switch
        {
            (true, _, _, _, _, _) => $"'from' ({fromDay:yyyy-MM-dd}) is after 'to' ({toDay:yyyy-MM-dd}).",
            (_, true, _, _, _, _) => "The window from 'from' to 'to' may span at most 1,100 days; ask for a shorter one.",
            (_, _, true, _, _, _) => "'caseThreshold' (7-day new cases per 100,000 people) must be above 0.",
            (_, _, _, true, _, _) => "'upliftRatio' must be at least 1 (an uplift is payments above the baseline).",
            (_, _, _, _, true, _) => "'baselineDays' must be between 1 and 365.",
            (_, _, _, _, _, true) => "'maxLagDays' must be between 0 and 365.",
            _ => null,
        };
        if (error is not null)
        {
            return Problem("Bad parameter", error);
        }

        var parameters = new TimelinessParameters
        {
            From = fromDay,
            To = toDay,
            CaseThresholdPer100k = caseThreshold,
            UpliftRatio = upliftRatio,
            BaselineDays = baselineDays,
            MaxLagDays = maxLagDays,
        };
        var inputs = await store.LoadAsync(parameters, cancellationToken);
        return TypedResults.Ok(TimelinessAnalysis.Analyse(inputs, parameters, TimelinessStore.PersonsBasis));
    }

    private static ProblemHttpResult Problem(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);
}
