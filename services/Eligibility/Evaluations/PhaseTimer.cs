using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// Where a change set's time goes: each <see cref="Mark"/> adds the time since the previous mark to
/// the named phase (phases repeated per ruleset add up), for one log line per change set.
/// </summary>
public sealed class PhaseTimer
{
    private readonly Stopwatch stopwatch = Stopwatch.StartNew();
    private readonly List<(string Phase, TimeSpan Time)> phases = [];
    private TimeSpan last;

    public TimeSpan Total => stopwatch.Elapsed;

    public void Mark(string phase)
    {
        var now = stopwatch.Elapsed;
        var index = phases.FindIndex(p => p.Phase == phase);
        if (index < 0)
        {
            phases.Add((phase, now - last));
        }
        else
        {
            phases[index] = (phase, phases[index].Time + now - last);
        }

        last = now;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (phase, time) in phases)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(text.Length == 0 ? "" : ", ")}{phase} {time.TotalSeconds:0.00} s");
        }

        return text.ToString();
    }
}
