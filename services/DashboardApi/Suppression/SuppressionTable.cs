namespace WelfarePlatform.DashboardApi.Suppression;

/// <summary>How small a published count may be (ARCHITECTURE.md §4); configuration Dashboard:SuppressionK.</summary>
public sealed record SuppressionOptions(int K)
{
    public const int DefaultK = 10;
}

/// <summary>
/// Small-cell suppression for a set of published counts tied together by totals.
/// <para>Primary: a count from 1 to k−1 is withheld (zero reveals no one and is published).</para>
/// <para>Complementary: a withheld count must not be recoverable from what is shown. Every relation
/// "total = sum of parts" (a national figure and its provinces; registrants = eligible + ineligible +
/// unknown) with exactly one withheld cell would give it away, so the next-smallest shown cell of that
/// relation is withheld too. Because several relations together can still pin a cell down (a chain of
/// two-withheld relations), the result is then checked exactly: a withheld cell is recoverable when its
/// unit vector lies in the row space of the relations restricted to withheld cells; while one is, another
/// cell next to it is withheld.</para>
/// <para>Not covered: bounds an attacker gets from non-negativity or from inequalities between counts
/// (inclusion errors ≤ holders), and criterion counts inside one area, which do not add up (a person
/// counts under every criterion they fail).</para>
/// </summary>
public sealed class SuppressionTable
{
    private readonly List<int> values = [];
    private readonly List<int[]> relations = [];

    /// <summary>Adds a count; returns its cell index.</summary>
    public int Add(int value)
    {
        values.Add(value);
        return values.Count - 1;
    }

    /// <summary>
    /// Declares <c>total = Σ parts</c>. Ignored when the values do not add up: a relation that does not
    /// hold in the data cannot be used to recompute anything.
    /// </summary>
    public void Relate(int total, IReadOnlyList<int> parts)
    {
        if (parts.Count == 0 || values[total] != parts.Sum(part => values[part]))
        {
            return;
        }

        relations.Add([total, .. parts]);
    }

    public int Count => values.Count;

    /// <summary>The cells to withhold for threshold <paramref name="k"/>.</summary>
    public IReadOnlySet<int> Suppress(int k)
    {
        var withheld = new HashSet<int>(Enumerable.Range(0, values.Count).Where(i => values[i] > 0 && values[i] < k));
        if (withheld.Count == 0)
        {
            return withheld;
        }

        while (true)
        {
            // Cheap pass first: a relation with exactly one withheld cell.
            var single = relations.FirstOrDefault(relation => relation.Count(withheld.Contains) == 1);
            if (single is not null)
            {
                if (!WithholdNextSmallest(single, withheld))
                {
                    return withheld;
                }

                continue;
            }

            // Exact pass: can the relations together still pin a withheld cell down?
            var recoverable = RecoverableCells(withheld);
            if (recoverable.Count == 0)
            {
                return withheld;
            }

            var cell = recoverable.Min();
            var around = relations.Where(relation => relation.Contains(cell)).SelectMany(relation => relation).Distinct().ToArray();
            if (!WithholdNextSmallest(around, withheld) && !WithholdNextSmallest([.. relations.SelectMany(r => r).Distinct()], withheld))
            {
                return withheld;
            }
        }
    }

    /// <summary>The withheld cells whose value follows from the shown cells and the relations (used by tests too).</summary>
    public IReadOnlySet<int> RecoverableCells(IReadOnlySet<int> withheld)
    {
        var unknowns = withheld.Order().ToArray();
        var column = unknowns.Select((cell, index) => (cell, index)).ToDictionary(pair => pair.cell, pair => pair.index);
        var rows = new List<double[]>();
        foreach (var relation in relations)
        {
            if (!relation.Any(withheld.Contains))
            {
                continue;
            }

            var row = new double[unknowns.Length];
            for (var i = 0; i < relation.Length; i++)
            {
                if (column.TryGetValue(relation[i], out var c))
                {
                    row[c] += i == 0 ? 1 : -1;
                }
            }

            rows.Add(row);
        }

        // Reduced row echelon form; the coefficients stay small integers for these incidence-like matrices.
        var pivotRowOf = new int?[unknowns.Length];
        var rank = 0;
        for (var c = 0; c < unknowns.Length && rank < rows.Count; c++)
        {
            var pivot = Enumerable.Range(rank, rows.Count - rank).Where(r => Math.Abs(rows[r][c]) > 1e-9).Cast<int?>().FirstOrDefault();
            if (pivot is null)
            {
                continue;
            }

            (rows[rank], rows[pivot.Value]) = (rows[pivot.Value], rows[rank]);
            var scale = rows[rank][c];
            for (var j = 0; j < unknowns.Length; j++)
            {
                rows[rank][j] /= scale;
            }

            for (var r = 0; r < rows.Count; r++)
            {
                if (r != rank && Math.Abs(rows[r][c]) > 1e-9)
                {
                    var factor = rows[r][c];
                    for (var j = 0; j < unknowns.Length; j++)
                    {
                        rows[r][j] -= factor * rows[rank][j];
                    }
                }
            }

            pivotRowOf[c] = rank++;
        }

        // A pivot variable is determined when its row has no free (non-pivot) variable in it.
        var recoverable = new HashSet<int>();
        for (var c = 0; c < unknowns.Length; c++)
        {
            if (pivotRowOf[c] is { } r && Enumerable.Range(0, unknowns.Length).All(j => pivotRowOf[j] is not null || Math.Abs(rows[r][j]) < 1e-9))
            {
                recoverable.Add(unknowns[c]);
            }
        }

        return recoverable;
    }

    /// <summary>Withholds the smallest shown non-zero cell among <paramref name="cells"/> (a zero only when nothing else is left).</summary>
    private bool WithholdNextSmallest(IReadOnlyList<int> cells, HashSet<int> withheld)
    {
        var shown = cells.Where(cell => !withheld.Contains(cell)).ToList();
        if (shown.Count == 0)
        {
            return false;
        }

        var next = shown.OrderBy(cell => values[cell] == 0 ? 1 : 0).ThenBy(cell => values[cell]).ThenBy(cell => cell).First();
        withheld.Add(next);
        return true;
    }
}
