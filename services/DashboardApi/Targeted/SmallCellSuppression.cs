namespace WelfarePlatform.DashboardApi.Targeted;

/// <summary>How small a published count may be (ARCHITECTURE.md §4); configuration Dashboard:SuppressionK.</summary>
public sealed record SuppressionOptions(int K)
{
    public const int DefaultK = 10;
}

/// <summary>
/// Withholds counts from 1 to k−1, which could single out people. Zero is published: it reveals
/// no one. Complementary suppression (hiding a second cell where a total would give the first
/// away) is not done here yet.
/// </summary>
public static class SmallCellSuppression
{
    public static int? Publish(int count, int k, string name, ICollection<string> suppressed)
    {
        if (count > 0 && count < k)
        {
            suppressed.Add(name);
            return null;
        }

        return count;
    }
}
