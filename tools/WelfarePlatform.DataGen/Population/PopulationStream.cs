namespace WelfarePlatform.DataGen.Population;

/// <summary>
/// Walks the synthetic population household by household, on one thread, until it holds the
/// requested number of people; the last household is cut short to make the count exact. The same
/// households, in the same order, as the parallel pipeline makes (the baseline and tests use it).
/// </summary>
internal sealed class PopulationStream(GeneratorSettings settings)
{
    private readonly HouseholdGenerator generator = new(settings.Seed, settings.AsOf);
    private readonly Household household = new();
    private long nextHousehold;
    private int peopleLeft = settings.People;

    /// <summary>Fills <see cref="Current"/> with the next household; false when everyone has been made.</summary>
    public bool MoveNext()
    {
        if (peopleLeft == 0)
        {
            return false;
        }

        generator.Generate(nextHousehold++, household, Math.Min(Household.MaxMembers, peopleLeft));
        peopleLeft -= household.Size;
        return true;
    }

    public Household Current => household;
}
