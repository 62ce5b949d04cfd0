using System.Globalization;
using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Population;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Registrations;

/// <summary>
/// The same row as <see cref="RegistrationRowWriter"/>, as strings: fault rows start from it (they
/// are rare, so strings are fine there) and the naive benchmark baseline formats it.
/// </summary>
internal static class RegistrationFieldText
{
    public static string[] Fields(Household household, in Person person)
    {
        var bits = person.Spelling;
        var province = Provinces.All[household.ProvinceIndex];
        return
        [
            PersonText.NationalId(household, person),
            PersonText.GivenNames(person).Texts[person.GivenName],
            PersonText.Surnames(person).Texts[person.Surname],
            DateFormatter.ToText(person.BirthDate, Spelling.BirthDate(bits)),
            Nationalities.Codes[person.Nationality],
            province.Code,
            province.Code + household.HouseSerial.ToString("D9", CultureInfo.InvariantCulture),
            person.Relationship == Relationship.Head && Spelling.BlankRelationship(bits) ? "" : RelationshipText(person.Relationship),
            AmountText(person.DeclaredIncome, bits),
            DateFormatter.ToText(person.RegisteredAt, Spelling.RegisteredAt(bits)),
            person.CardHolder ? "1" : Spelling.BlankCardHolder(bits) ? "" : "0",
        ];
    }

    public static string RelationshipText(Relationship relationship) => relationship switch
    {
        Relationship.Head => "head",
        Relationship.Spouse => "spouse",
        Relationship.Child => "child",
        _ => "other",
    };

    private static string AmountText(long amount, uint bits)
        => Spelling.QuotedThousands(bits, amount) ? "\"" + amount.ToString("#,0", CultureInfo.InvariantCulture) + "\""
        : Spelling.WithSatang(bits) ? amount.ToString(CultureInfo.InvariantCulture) + ".00"
        : amount.ToString(CultureInfo.InvariantCulture);
}
