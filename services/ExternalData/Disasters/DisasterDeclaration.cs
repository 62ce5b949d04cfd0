namespace WelfarePlatform.ExternalData.Disasters;

/// <summary>One accepted disaster declaration (FORMATS.md); <see cref="District"/> is empty for a whole province.</summary>
public sealed record DisasterDeclaration(
    string ProvinceCode, string District, string Hazard, DateOnly DeclaredOn, DateOnly? EndedOn, int? AffectedHouseholds);
