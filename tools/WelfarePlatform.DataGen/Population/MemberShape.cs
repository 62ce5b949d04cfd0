using WelfarePlatform.DataGen.Randomness;

namespace WelfarePlatform.DataGen.Population;

/// <summary>A member's age, sex, names, nationality and the ID digit that goes with them.</summary>
internal static class MemberShape
{
    /// <summary>Draws age and sex for the member's relationship to the head; returns the age in years.</summary>
    public static int Draw(ref Person member, ref SplitMix64 rng, int headAge, bool headIsMale)
    {
        switch (member.Relationship)
        {
            case Relationship.Head:
                member.IsMale = headIsMale;
                return headAge;
            case Relationship.Spouse:
                member.IsMale = rng.Chance(0.97) ? !headIsMale : headIsMale;
                return Math.Max(18, headAge + rng.NextInt(-6, 7));
            case Relationship.Child:
                member.IsMale = rng.Chance(0.5);
                var age = headAge - rng.NextInt(20, 41);

                // Registration is for adults; a few under-18s are registered anyway and fail AGE.
                return age >= 18 ? age : rng.Chance(0.7) ? rng.NextInt(18, 26) : Math.Max(age, 12);
            default:
                member.IsMale = rng.Chance(0.45);
                return headAge + 20 <= 95 && rng.Chance(0.6) ? Math.Min(95, headAge + rng.NextInt(20, 31)) : Math.Max(18, headAge + rng.NextInt(-10, 11));
        }
    }

    public static void DrawIdentity(ref Person member, ref SplitMix64 rng, bool malayMuslim, short householdSurname)
    {
        member.MalayMuslimNames = malayMuslim;
        var given = malayMuslim
            ? member.IsMale ? ThaiNames.MuslimMaleGiven : ThaiNames.MuslimFemaleGiven
            : member.IsMale ? ThaiNames.MaleGiven : ThaiNames.FemaleGiven;
        member.GivenName = (short)rng.NextInt(given.Count);

        var ownSurname = member.Relationship switch
        {
            Relationship.Spouse => rng.Chance(0.35),
            Relationship.Other => rng.Chance(0.5),
            _ => false,
        };
        member.Surname = ownSurname
            ? (short)rng.NextInt(malayMuslim ? ThaiNames.MuslimSurnames.Count : ThaiNames.Surnames.Count)
            : householdSurname;

        member.Nationality = rng.Chance(0.003) ? (byte)rng.NextInt(1, Nationalities.Codes.Length) : (byte)0;
        var bornFrom1984 = member.BirthDate.Year >= 1984;
        member.IdTypeDigit = (member.Nationality, bornFrom1984) switch
        {
            ( > 0, _) => rng.Chance(0.5) ? (byte)6 : (byte)8,
            (_, true) => rng.Chance(0.97) ? (byte)1 : (byte)2,
            _ => rng.Chance(0.93) ? (byte)3 : (byte)5,
        };
    }
}
