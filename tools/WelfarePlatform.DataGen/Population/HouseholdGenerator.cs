using WelfarePlatform.DataGen.Randomness;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Population;

/// <summary>
/// Makes household number <c>index</c> from its own random stream: the same (seed, index) always
/// gives the same household, whichever file is being written and in whatever order.
/// </summary>
internal sealed class HouseholdGenerator
{
    private readonly ulong seed;
    private readonly DateOnly asOf;
    private readonly DecimalPermutation idSerials;
    private readonly DecimalPermutation houseSerials;
    private readonly DateOnly registrationOpened;
    private readonly int registrationDays;

    // asOf.AddYears(-age) for every age drawn, computed once: AddYears is costly on the hot path.
    private readonly DateOnly[] asOfMinusYears;

    public HouseholdGenerator(ulong seed, DateOnly asOf)
    {
        this.seed = seed;
        this.asOf = asOf;
        idSerials = new DecimalPermutation(seed, RandomStream.NationalIdDigits);
        houseSerials = new DecimalPermutation(seed, RandomStream.HouseholdIdDigits);
        var (opened, closed) = RegistrationRounds.WindowFor(asOf);
        registrationOpened = opened;
        registrationDays = closed.DayNumber - opened.DayNumber + 1;
        asOfMinusYears = [.. Enumerable.Range(0, 120).Select(years => asOf.AddYears(-years))];
    }

    /// <summary>Fills <paramref name="household"/> with household <paramref name="index"/>, keeping at most <paramref name="maxMembers"/> members.</summary>
    public void Generate(long index, Household household, int maxMembers = Household.MaxMembers)
    {
        var rng = SplitMix64.For(seed, RandomStream.Households, index);
        var (provinceIndex, size) = DrawProvinceAndSize(ref rng);
        var province = Provinces.All[provinceIndex];
        household.ProvinceIndex = provinceIndex;
        household.HouseSerial = houseSerials.Permute(checked((int)index));
        IdentityDigits.WriteHouseCode(household.HouseCode, province.Number, household.HouseSerial);
        household.Size = size;

        var malayMuslim = rng.Chance(MalayMuslimShare(province));
        var affluence = (0.8 * rng.NextNormalish()) + RegistrantWeights.AffluenceShift(province);
        var surname = DrawSurname(ref rng, malayMuslim);
        var headAge = (int)EconomicTables.HeadAge.At(rng.NextDouble());
        var headIsMale = rng.Chance(0.55);
        var householdRegistered = registrationOpened.AddDays((int)(registrationDays * rng.NextDouble() * rng.NextDouble()));

        for (var slot = 0; slot < household.Size; slot++)
        {
            ref var member = ref household.Members[slot];
            member = default;
            member.Key = checked((int)((index * Household.MaxMembers) + slot));
            member.IdSerial = idSerials.Permute(member.Key);
            member.Spelling = (uint)rng.NextUInt64();
            member.Relationship = DrawRelationship(ref rng, slot, headAge);
            var age = MemberShape.Draw(ref member, ref rng, headAge, headIsMale);
            member.BirthDate = BirthDateFor(ref rng, age);
            MemberShape.DrawIdentity(ref member, ref rng, malayMuslim, surname);
            MemberEconomics.Draw(ref member, ref rng, affluence, age, province);
            member.RegisteredAt = rng.Chance(0.8) ? householdRegistered : Later(householdRegistered, rng.NextInt(1, 11));
            DrawDeath(ref member, ref rng, age);
        }

        AssignCards(household, ref rng);

        // Cut last, so a household cut short at --people holds the same people as when it is whole:
        // a smaller file is a prefix of a larger one.
        household.Size = Math.Min(size, maxMembers);
    }

    /// <summary>The size of household <paramref name="index"/> without making it: the pipeline plans chunks of exactly --people people with it.</summary>
    public int SizeOf(long index)
    {
        var rng = SplitMix64.For(seed, RandomStream.Households, index);
        return DrawProvinceAndSize(ref rng).Size;
    }

    // The first two draws of every household; SizeOf repeats them.
    private static (int ProvinceIndex, int Size) DrawProvinceAndSize(ref SplitMix64 rng)
        => (RegistrantWeights.Provinces.Next(ref rng), DrawSize(ref rng));

    private static int DrawSize(ref SplitMix64 rng)
    {
        var u = rng.NextDouble();
        var size = 1;
        while (EconomicTables.HouseholdSizeCumulative[size - 1] <= u)
        {
            size++;
        }

        return size;
    }

    private static double MalayMuslimShare(Province province) => province.Number switch
    {
        94 or 95 or 96 => 0.8,
        91 => 0.65,
        90 => 0.25,
        10 => 0.04,
        _ => province.Region == Region.South ? 0.05 : 0.01,
    };

    private static short DrawSurname(ref SplitMix64 rng, bool malayMuslim)
        => (short)rng.NextInt(malayMuslim ? ThaiNames.MuslimSurnames.Count : ThaiNames.Surnames.Count);

    private static Relationship DrawRelationship(ref SplitMix64 rng, int slot, int headAge) => slot switch
    {
        0 => Relationship.Head,
        1 when headAge >= 20 && rng.Chance(0.7) => Relationship.Spouse,
        _ when headAge >= 36 && rng.Chance(0.8) => Relationship.Child,
        _ => Relationship.Other,
    };

    private DateOnly BirthDateFor(ref SplitMix64 rng, int age)
    {
        // A few turn 18 on the 2022 reference date or the day after: the AGE boundary, both sides.
        if (age is 17 or 18 && rng.Chance(0.02))
        {
            var eighteenthBirthday = RegistrationRounds.Round2022AdultBornBy;
            return age == 18 ? eighteenthBirthday : eighteenthBirthday.AddDays(1);
        }

        return asOfMinusYears[age].AddDays(-rng.NextInt(365));
    }

    private DateOnly Later(DateOnly date, int days)
    {
        var later = date.AddDays(days);
        var last = registrationOpened.AddDays(registrationDays - 1);
        return later > last ? last : later;
    }

    private void DrawDeath(ref Person member, ref SplitMix64 rng, int age)
    {
        var daysSinceRegistration = asOf.DayNumber - member.RegisteredAt.DayNumber;
        var deathChance = age switch { < 60 => 0.003, < 75 => 0.008, _ => 0.025 };
        if (daysSinceRegistration > 0 && rng.Chance(deathChance))
        {
            member.IsDeceased = true;
            member.DeathDate = member.RegisteredAt.AddDays(1 + rng.NextInt(daysSinceRegistration));
        }
    }

    /// <summary>
    /// Card holding follows the 2022 screen with the program's errors both ways: most eligible
    /// people hold a card, and some ineligible ones still do (circumstances changed after an
    /// earlier round). Minors and foreign residents never hold one.
    /// </summary>
    private static void AssignCards(Household household, ref SplitMix64 rng)
    {
        long householdIncome = 0;
        for (var slot = 0; slot < household.Size; slot++)
        {
            householdIncome += household.Members[slot].ScreenedIncome;
        }

        for (var slot = 0; slot < household.Size; slot++)
        {
            ref var member = ref household.Members[slot];
            var holderChance = Round2022Screen.IsEligible(member, householdIncome, household.Size) ? 0.9
                : member.Nationality != 0 || member.BirthDate > RegistrationRounds.Round2022AdultBornBy ? 0.0
                : 0.2;
            member.CardHolder = rng.Chance(holderChance);
        }
    }
}
