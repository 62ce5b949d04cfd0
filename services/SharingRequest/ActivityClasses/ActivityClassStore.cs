using Npgsql;

namespace WelfarePlatform.SharingRequest.ActivityClasses;

/// <summary>An activity class: what it releases, in what form, and how fast a request is to be decided.</summary>
public sealed record ActivityClass(string Code, string NameEn, string NameTh, string ReleaseForm, TimeSpan TargetDecision);

/// <summary>The <c>activity_classes</c> table.</summary>
public sealed class ActivityClassStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<ActivityClass>> ListAsync(CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand(
            "select code, name_en, name_th, release_form, target_decision from activity_classes order by code");
        var classes = new List<ActivityClass>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            classes.Add(new ActivityClass(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<TimeSpan>(4)));
        }

        return classes;
    }
}
