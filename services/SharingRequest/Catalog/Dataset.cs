namespace WelfarePlatform.SharingRequest.Catalog;

/// <summary>A dataset the platform holds, as the catalog describes it.</summary>
/// <param name="DatasetId">Stable id, <c>area.name</c> (e.g. <c>registry.applicants</c>).</param>
/// <param name="NameEn">Name in English.</param>
/// <param name="NameTh">Name in Thai.</param>
/// <param name="DescriptionEn">What it holds, in English.</param>
/// <param name="DescriptionTh">What it holds, in Thai.</param>
/// <param name="Granularity"><c>microdata</c> (a row per person or household) or <c>aggregate</c>.</param>
/// <param name="HeldBy">The service that holds the data.</param>
/// <param name="Owner">The agency that owns the data.</param>
/// <param name="Steward">Who answers for its quality and its sharing.</param>
/// <param name="UpdateCadence">How often it changes.</param>
/// <param name="Fields">The data dictionary: every field, in order.</param>
public sealed record Dataset(
    string DatasetId,
    string NameEn,
    string NameTh,
    string DescriptionEn,
    string DescriptionTh,
    string Granularity,
    string Owner,
    string Steward,
    string UpdateCadence,
    string HeldBy,
    IReadOnlyList<DatasetField> Fields);

/// <summary>One field of a dataset: the data dictionary entry.</summary>
/// <param name="Name">Column name.</param>
/// <param name="DataType">PostgreSQL type.</param>
/// <param name="MeaningEn">Meaning in English.</param>
/// <param name="MeaningTh">Meaning in Thai.</param>
/// <param name="Classification">public, internal, confidential or secret.</param>
/// <param name="Personal">Personal data under the PDPA (pseudonymous data included).</param>
/// <param name="DirectIdentifier">Names a person directly (national ID, name).</param>
/// <param name="Sensitive">Sensitive data under PDPA s.26.</param>
public sealed record DatasetField(
    string Name,
    string DataType,
    string MeaningEn,
    string MeaningTh,
    string Classification,
    bool Personal,
    bool DirectIdentifier,
    bool Sensitive);
