using WelfarePlatform.DataGen.Population;

namespace WelfarePlatform.DataGen.Pipeline;

/// <summary>
/// Cuts the population into chunks of a fixed number of households, using only each household's
/// size (two draws, not the whole household). Fixed cuts keep the output independent of how many
/// workers run.
/// </summary>
internal sealed class ChunkPlanner(HouseholdGenerator generator, int people, int householdsPerChunk)
{
    private long nextHousehold;
    private int peopleLeft = people;

    public bool TryNext(out HouseholdChunk chunk)
    {
        chunk = default;
        if (peopleLeft == 0)
        {
            return false;
        }

        var first = nextHousehold;
        var lastMembers = Household.MaxMembers;
        var count = 0;
        while (count < householdsPerChunk && peopleLeft > 0)
        {
            var size = generator.SizeOf(nextHousehold++);
            count++;
            lastMembers = Math.Min(size, peopleLeft);
            peopleLeft -= lastMembers;
        }

        chunk = new HouseholdChunk(first, count, lastMembers);
        return true;
    }
}
