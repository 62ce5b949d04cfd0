namespace WelfarePlatform.Eligibility.Rulesets;

internal static class RulesetLoading
{
    /// <summary>Loads the rulesets shipped in <c>Rulesets/</c> into the database (after the migrations).</summary>
    public static async Task LoadRulesetsAsync(this WebApplication app) =>
        await app.Services.GetRequiredService<RulesetStore>().LoadAsync(RulesetFiles.LoadEmbedded());
}
