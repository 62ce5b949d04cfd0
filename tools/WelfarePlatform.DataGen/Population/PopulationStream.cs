namespace WelfarePlatform.DataGen.Population;

/// <summary>
/// Walks the synthetic population household by household until it holds the requested number of
/// people; the last household is cut short to make the count exact. Every file generator walks the
/// same stream, so registrations, evidence and payments describe the same people.
/// </summary>
internal sealed class PopulationStream(GeneratorSettings settings)
{
    private readonly Household household = new();
    private long nextHousehold;
    private int peopleLeft = settings.People;

    public HouseholdGenerator Generator { get; } = new(settings.Seed, settings.AsOf);

    /// <summary>Fills <see cref="Current"/> with the next household; false when everyone has been made.</summary>
    public bool MoveNext()
    {
        if (peopleLeft == 0)
        {
            return false;
        }

        Generator.Generate(nextHousehold++, household, Math.Min(Household.MaxMembers, peopleLeft));
        peopleLeft -= household.Size;
        return true;
    }

    public Household Current => household;
}
