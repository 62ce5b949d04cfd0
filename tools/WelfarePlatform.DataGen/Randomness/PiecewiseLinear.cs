namespace WelfarePlatform.DataGen.Randomness;

/// <summary>
/// A function given by knots (x, y) and straight lines between them, flat beyond the ends. The
/// distributions of incomes, assets and ages are such tables over a normal-ish score or a uniform
/// draw: easy to read, easy to tune against the program's published shares, and exact arithmetic.
/// </summary>
internal sealed class PiecewiseLinear
{
    private readonly double[] xs;
    private readonly double[] ys;

    // Slope of each segment, so a lookup multiplies instead of dividing (these run ten times a person).
    private readonly double[] slopes;

    public PiecewiseLinear(params (double X, double Y)[] knots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(knots.Length, 2);
        xs = [.. knots.Select(k => k.X)];
        ys = [.. knots.Select(k => k.Y)];
        for (var i = 1; i < xs.Length; i++)
        {
            if (xs[i] <= xs[i - 1])
            {
                throw new ArgumentException("Knots must rise strictly in x.", nameof(knots));
            }
        }

        slopes = [.. xs.Skip(1).Select((x, i) => (ys[i + 1] - ys[i]) / (x - xs[i]))];
    }

    public double At(double x)
    {
        if (x <= xs[0])
        {
            return ys[0];
        }

        var last = xs.Length - 1;
        if (x >= xs[last])
        {
            return ys[last];
        }

        var upper = 1;
        while (xs[upper] < x)
        {
            upper++;
        }

        var lower = upper - 1;
        return ys[lower] + (slopes[lower] * (x - xs[lower]));
    }
}
