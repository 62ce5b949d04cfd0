using WelfarePlatform.SharingRequest.ActivityClasses;
using WelfarePlatform.SharingRequest.Catalog;

namespace WelfarePlatform.SharingRequest.Requests;

/// <summary>Why a class cannot grant a request: a stable code and a sentence that says what to change.</summary>
public sealed record RequestCheckFailure(string Code, string Detail);

/// <summary>
/// Checks a request against its activity class and the catalog at once, so a request the class
/// cannot grant is refused on submission with every reason, not after weeks of review.
/// </summary>
public static class RequestChecks
{
    private static readonly string[] ClassificationOrder = ["public", "internal", "confidential", "secret"];

    public static IReadOnlyList<RequestCheckFailure> Check(RequestDraft draft, ActivityClass activityClass, IReadOnlyDictionary<string, Dataset> catalog)
    {
        var failures = new List<RequestCheckFailure>();
        CheckPurpose(draft, failures);
        var fields = CheckDatasets(draft, catalog, failures);
        foreach (var (datasetId, field) in fields)
        {
            CheckField(activityClass, datasetId, field, failures);
        }

        CheckLegalBasis(draft, activityClass, fields, failures);
        CheckPeriod(draft, failures);
        CheckRetention(draft, activityClass, failures);
        return failures;
    }

    private static void CheckPurpose(RequestDraft draft, List<RequestCheckFailure> failures)
    {
        if (string.IsNullOrWhiteSpace(draft.Purpose) || draft.Purpose.Trim().Length < 10)
        {
            failures.Add(new("MISSING_PURPOSE", "State the purpose in at least 10 characters: what the data is for, so a reviewer can check it."));
        }
    }

    private static List<(string DatasetId, DatasetField Field)> CheckDatasets(
        RequestDraft draft, IReadOnlyDictionary<string, Dataset> catalog, List<RequestCheckFailure> failures)
    {
        var asked = new List<(string, DatasetField)>();
        if (draft.Datasets is not { Count: > 0 })
        {
            failures.Add(new("NO_DATASETS", "Name at least one dataset and its fields (GET /api/catalog/datasets)."));
            return asked;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var requested in draft.Datasets)
        {
            var datasetId = requested.DatasetId ?? "";
            if (!catalog.TryGetValue(datasetId, out var dataset))
            {
                failures.Add(new("UNKNOWN_DATASET", $"The catalog holds no dataset '{datasetId}'."));
                continue;
            }

            if (!seen.Add(datasetId))
            {
                failures.Add(new("DUPLICATE_DATASET", $"Dataset '{datasetId}' is named twice; name it once with all its fields."));
                continue;
            }

            if (requested.Fields is not { Count: > 0 })
            {
                failures.Add(new("NO_FIELDS", $"Name the fields of '{datasetId}' you need; a request lists fields, not whole datasets."));
                continue;
            }

            foreach (var name in requested.Fields.Distinct(StringComparer.Ordinal))
            {
                if (dataset.Fields.FirstOrDefault(f => f.Name == name) is { } field)
                {
                    asked.Add((datasetId, field));
                }
                else
                {
                    failures.Add(new("UNKNOWN_FIELD", $"Dataset '{datasetId}' has no field '{name}'; its fields are {string.Join(", ", dataset.Fields.Select(f => f.Name))}."));
                }
            }
        }

        return asked;
    }

    private static void CheckField(ActivityClass activityClass, string datasetId, DatasetField field, List<RequestCheckFailure> failures)
    {
        var name = $"{datasetId}.{field.Name}";
        var code = activityClass.Code;
        if (activityClass.FieldAllowList is { } allowList && !allowList.Contains(name, StringComparer.Ordinal))
        {
            failures.Add(new("FIELD_NOT_RELEASED_BY_CLASS", $"{code} releases only {string.Join(", ", allowList)}; '{name}' is not one of them."));
        }
        else if (!activityClass.AllowsPersonal && field.Personal)
        {
            failures.Add(new("PERSONAL_FIELD_NOT_ALLOWED", $"'{name}' is personal data and {code} ({activityClass.ReleaseForm}) releases no personal data; ask for an aggregate dataset or another class."));
        }
        else if (!activityClass.AllowsDirectIdentifiers && field.DirectIdentifier)
        {
            failures.Add(new("DIRECT_IDENTIFIER_NOT_ALLOWED", $"'{name}' identifies a person directly and {code} ({activityClass.ReleaseForm}) never releases national IDs or names; use pid or class A4."));
        }
        else if (!activityClass.AllowedClassifications.Contains(field.Classification, StringComparer.Ordinal))
        {
            failures.Add(new("CLASSIFICATION_NOT_ALLOWED", $"'{name}' is {field.Classification} and {code} releases only {string.Join(", ", OrderedClassifications(activityClass))} fields."));
        }
    }

    private static void CheckLegalBasis(RequestDraft draft, ActivityClass activityClass, List<(string DatasetId, DatasetField Field)> fields, List<RequestCheckFailure> failures)
    {
        var basis = LegalBases.Normalize(draft.LegalBasis);
        if (basis is null)
        {
            if (activityClass.RequiresLegalBasis)
            {
                failures.Add(new("MISSING_LEGAL_BASIS", $"{activityClass.Code} releases personal data and needs its PDPA legal basis, e.g. \"s24(4)\" (public task) or \"s24(6)\" (legal obligation)."));
            }

            return;
        }

        if (!LegalBases.Known.ContainsKey(basis))
        {
            failures.Add(new("UNKNOWN_LEGAL_BASIS", $"'{draft.LegalBasis}' is not a PDPA legal basis this service knows; use one of {string.Join(", ", LegalBases.Known.Keys)}."));
            return;
        }

        var sensitive = fields.Where(f => f.Field.Sensitive).Select(f => $"{f.DatasetId}.{f.Field.Name}").ToList();
        if (sensitive.Count > 0 && basis != LegalBases.Sensitive)
        {
            failures.Add(new("SENSITIVE_NEEDS_S26", $"{string.Join(", ", sensitive)} is sensitive data; its legal basis must be s26 (PDPA s.26), not {basis}."));
        }
    }

    private static void CheckPeriod(RequestDraft draft, List<RequestCheckFailure> failures)
    {
        if (draft.PeriodFrom is not { } from || draft.PeriodTo is not { } to)
        {
            failures.Add(new("MISSING_PERIOD", "Give periodFrom and periodTo (yyyy-mm-dd): the days the data should cover."));
        }
        else if (to < from)
        {
            failures.Add(new("BAD_PERIOD", $"periodTo {to:yyyy-MM-dd} is before periodFrom {from:yyyy-MM-dd}."));
        }
    }

    private static void CheckRetention(RequestDraft draft, ActivityClass activityClass, List<RequestCheckFailure> failures)
    {
        if (draft.RetentionDays is not { } days || days <= 0)
        {
            failures.Add(new("MISSING_RETENTION", "Give retentionDays: how many days the data will be kept (at least 1)."));
        }
        else if (activityClass.MaxRetentionDays is { } longest && days > longest)
        {
            failures.Add(new("RETENTION_TOO_LONG", $"{activityClass.Code} allows keeping data for at most {longest} days; {days} were asked."));
        }
    }

    private static IEnumerable<string> OrderedClassifications(ActivityClass activityClass) =>
        ClassificationOrder.Where(c => activityClass.AllowedClassifications.Contains(c, StringComparer.Ordinal));
}
