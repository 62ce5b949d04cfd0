using Shouldly;
using WelfarePlatform.DashboardApi.Suppression;

namespace WelfarePlatform.DashboardApi.Tests;

public sealed class SuppressionTableTests
{
    [Fact]
    public void A_count_of_k_minus_1_is_withheld_k_and_zero_are_shown()
    {
        var table = new SuppressionTable();
        var under = table.Add(9);
        var atK = table.Add(10);
        var zero = table.Add(0);

        var withheld = table.Suppress(k: 10);

        withheld.ShouldContain(under);
        withheld.ShouldNotContain(atK);
        withheld.ShouldNotContain(zero);
    }

    [Fact]
    public void A_total_that_would_reveal_a_withheld_part_makes_the_next_smallest_part_withheld()
    {
        // National 15 = 5 + 10 + 0: with only 5 withheld, 15 − 10 − 0 gives it back.
        var table = new SuppressionTable();
        var national = table.Add(15);
        var small = table.Add(5);
        var next = table.Add(10);
        var zero = table.Add(0);
        table.Relate(national, [small, next, zero]);

        var withheld = table.Suppress(k: 10);

        withheld.ShouldBe([small, next], ignoreOrder: true);
        table.RecoverableCells(withheld).ShouldBeEmpty();
    }

    [Fact]
    public void The_next_smallest_is_chosen_not_the_largest()
    {
        var table = new SuppressionTable();
        var total = table.Add(100);
        var parts = new[] { table.Add(3), table.Add(50), table.Add(12), table.Add(35) };
        table.Relate(total, parts);

        table.Suppress(k: 10).ShouldBe([parts[0], parts[2]], ignoreOrder: true);
    }

    [Fact]
    public void Relations_that_pin_a_cell_down_together_are_caught_even_with_two_withheld_cells_each()
    {
        // 10 = x + y and x = y + 2: each relation has two withheld cells, together they give x = 6, y = 4.
        var table = new SuppressionTable();
        var ten = table.Add(10);
        var x = table.Add(6);
        var y = table.Add(4);
        var two = table.Add(2);
        table.Relate(ten, [x, y]);
        table.Relate(x, [y, two]);

        table.RecoverableCells(new HashSet<int> { x, y }).ShouldBe([x, y], ignoreOrder: true);
        var withheld = table.Suppress(k: 5);
        withheld.Count.ShouldBeGreaterThan(2);
        table.RecoverableCells(withheld).ShouldBeEmpty();
    }

    [Fact]
    public void A_relation_that_does_not_add_up_is_not_used()
    {
        var table = new SuppressionTable();
        var total = table.Add(20);
        var small = table.Add(5);
        var other = table.Add(11);
        table.Relate(total, [small, other]);

        table.Suppress(k: 10).ShouldBe([small]);
    }

    /// <summary>
    /// Random national × province × field tables: every count under k is withheld, and an attacker who
    /// solves any relation with a single unknown, over and over, recovers nothing (checked here
    /// independently of the table's own linear-algebra check).
    /// </summary>
    [Fact]
    public void No_withheld_value_can_be_recomputed_from_what_is_shown()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var provinces = random.Next(1, 8);
            var fields = random.Next(1, 5);
            var values = new int[provinces + 1, fields + 3];
            for (var p = 1; p <= provinces; p++)
            {
                for (var f = 0; f < fields; f++)
                {
                    // registrants = eligible + ineligible + unknown, the other fields free.
                    values[p, f] = random.Next(0, 4) == 0 ? random.Next(0, 10) : random.Next(0, 60);
                }

                values[p, fields] = random.Next(0, 15);
                values[p, fields + 1] = random.Next(0, 15);
                values[p, fields + 2] = values[p, fields] + values[p, fields + 1] + values[p, 0];
            }

            var width = fields + 3;
            for (var f = 0; f < width; f++)
            {
                for (var p = 1; p <= provinces; p++)
                {
                    values[0, f] += values[p, f];
                }
            }

            var table = new SuppressionTable();
            var relations = new List<int[]>();
            var cells = new int[provinces + 1, width];
            for (var p = 0; p <= provinces; p++)
            {
                for (var f = 0; f < width; f++)
                {
                    cells[p, f] = table.Add(values[p, f]);
                }
            }

            for (var f = 0; f < width; f++)
            {
                int[] parts = [.. Enumerable.Range(1, provinces).Select(p => cells[p, f])];
                table.Relate(cells[0, f], parts);
                relations.Add([cells[0, f], .. parts]);
            }

            for (var p = 0; p <= provinces; p++)
            {
                int[] parts = [cells[p, fields], cells[p, fields + 1], cells[p, 0]];
                table.Relate(cells[p, fields + 2], parts);
                relations.Add([cells[p, fields + 2], .. parts]);
            }

            var flat = Enumerable.Range(0, table.Count).Select(i => values[i / width, i % width]).ToArray();
            var withheld = table.Suppress(k: 10);

            for (var i = 0; i < flat.Length; i++)
            {
                if (flat[i] is > 0 and < 10)
                {
                    withheld.ShouldContain(i, $"seed {seed}: cell {i} = {flat[i]} is under k");
                }
            }

            var known = new HashSet<int>(Enumerable.Range(0, flat.Length).Where(i => !withheld.Contains(i)));
            var progress = true;
            while (progress)
            {
                progress = false;
                foreach (var relation in relations)
                {
                    var unknown = relation.Where(cell => !known.Contains(cell)).ToArray();
                    if (unknown.Length == 1)
                    {
                        known.Add(unknown[0]);
                        progress = true;
                    }
                }
            }

            withheld.Where(known.Contains).ShouldBeEmpty($"seed {seed}: recomputed by solving totals");
            table.RecoverableCells(withheld).ShouldBeEmpty($"seed {seed}: recomputed by linear algebra");
        }
    }
}
