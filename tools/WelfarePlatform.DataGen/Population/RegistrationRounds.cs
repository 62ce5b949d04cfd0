namespace WelfarePlatform.DataGen.Population;

/// <summary>When people registered: the window of the latest registration round that had opened by the as-of date.</summary>
internal static class RegistrationRounds
{
    /// <summary>The 2022 round's reference date: ages and the card-holder screen are taken on it.</summary>
    public static readonly DateOnly Round2022ReferenceDate = new(2022, 9, 5);

    /// <summary>Born on or before this day: 18 or older on the 2022 reference date.</summary>
    public static readonly DateOnly Round2022AdultBornBy = Round2022ReferenceDate.AddYears(-18);

    private static readonly (DateOnly Opened, DateOnly Closed)[] Windows =
    [
        (new DateOnly(2017, 4, 3), new DateOnly(2017, 5, 15)),
        (new DateOnly(2022, 9, 5), new DateOnly(2022, 10, 31)),
    ];

    /// <summary>The registration window to draw dates from, cut at <paramref name="asOf"/> (never after it).</summary>
    public static (DateOnly Opened, DateOnly Closed) WindowFor(DateOnly asOf)
    {
        for (var i = Windows.Length - 1; i >= 0; i--)
        {
            if (Windows[i].Opened <= asOf)
            {
                return (Windows[i].Opened, Windows[i].Closed < asOf ? Windows[i].Closed : asOf);
            }
        }

        return (asOf.AddDays(-60), asOf);
    }
}
