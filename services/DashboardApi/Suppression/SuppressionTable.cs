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
    private const double Epsilon = 1e-9;

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
            // Cheap pass first: every relation with exactly one withheld cell, in one sweep.
            var singles = relations.Where(relation => relation.Count(withheld.Contains) == 1).ToList();
            if (singles.Count > 0)
            {
                foreach (var relation in singles.Where(relation => relation.Count(withheld.Contains) == 1))
                {
                    WithholdNextSmallest(relation, withheld);
                }

                continue;
            }

            // Exact pass: can the relations together still pin a withheld cell down? One more cell next to
            // each such cell, but at most one per relation in a pass (one new unknown may free several).
            var recoverable = RecoverableCells(withheld);
            if (recoverable.Count == 0)
            {
                return withheld;
            }

            var touched = new HashSet<int[]>();
            var progress = false;
            foreach (var cell in recoverable.Order())
            {
                var around = relations.Where(relation => relation.Contains(cell)).ToList();
                if (around.Any(touched.Contains))
                {
                    continue;
                }

                progress |= WithholdNextSmallest([.. around.SelectMany(relation => relation).Distinct()], withheld)
                    || WithholdNextSmallest([.. relations.SelectMany(relation => relation).Distinct()], withheld);
                touched.UnionWith(around);
            }

            if (!progress)
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

        // Reduced row echelon form; the coefficients stay small integers for these incidence-like
        // matrices. Rows are sparse, so only the pivot row's non-zero columns are subtracted.
        var width = unknowns.Length;
        var pivotRowOf = new int[width];
        Array.Fill(pivotRowOf, -1);
        var rank = 0;
        var nonZero = new List<int>();
        for (var c = 0; c < width && rank < rows.Count; c++)
        {
            var pivot = -1;
            for (var r = rank; r < rows.Count; r++)
            {
                if (Math.Abs(rows[r][c]) > Epsilon)
                {
                    pivot = r;
                    break;
                }
            }

            if (pivot < 0)
            {
                continue;
            }

            (rows[rank], rows[pivot]) = (rows[pivot], rows[rank]);
            var pivotRow = rows[rank];
            var scale = pivotRow[c];
            nonZero.Clear();
            for (var j = 0; j < width; j++)
            {
                if (Math.Abs(pivotRow[j]) > Epsilon)
                {
                    pivotRow[j] /= scale;
                    nonZero.Add(j);
                }
                else
                {
                    pivotRow[j] = 0;
                }
            }

            for (var r = 0; r < rows.Count; r++)
            {
                var row = rows[r];
                if (r != rank && Math.Abs(row[c]) > Epsilon)
                {
                    var factor = row[c];
                    foreach (var j in nonZero)
                    {
                        row[j] -= factor * pivotRow[j];
                    }
                }
            }

            pivotRowOf[c] = rank++;
        }

        // A pivot variable is determined when its row has no free (non-pivot) variable in it.
        var rowHasFree = new bool[rank];
        for (var r = 0; r < rank; r++)
        {
            for (var j = 0; j < width && !rowHasFree[r]; j++)
            {
                rowHasFree[r] = pivotRowOf[j] < 0 && Math.Abs(rows[r][j]) > Epsilon;
            }
        }

        var recoverable = new HashSet<int>();
        for (var c = 0; c < width; c++)
        {
            if (pivotRowOf[c] >= 0 && !rowHasFree[pivotRowOf[c]])
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
