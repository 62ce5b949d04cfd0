using WelfarePlatform.DataGen.Output;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Population;

/// <summary>Where a person's names and ID parts come from, for the byte writers and the string (fault, baseline) writers alike.</summary>
internal static class PersonText
{
    public static readonly byte[][] RelationshipBytes = [.. new[] { "head", "spouse", "child", "other" }.Select(System.Text.Encoding.ASCII.GetBytes)];

    public static EncodedText GivenNames(in Person person) => person.MalayMuslimNames
        ? person.IsMale ? ThaiNames.MuslimMaleGiven : ThaiNames.MuslimFemaleGiven
        : person.IsMale ? ThaiNames.MaleGiven : ThaiNames.FemaleGiven;

    public static EncodedText Surnames(in Person person) => person.MalayMuslimNames ? ThaiNames.MuslimSurnames : ThaiNames.Surnames;

    /// <summary>
    /// The province in the ID's digits 2–3 is where the birth was registered: usually where the
    /// person lives now, for one in sixteen somewhere else.
    /// </summary>
    public static int IdProvinceNumber(Household household, in Person person)
    {
        var movedFrom = (person.Spelling >> 21) & 15;
        var province = movedFrom == 0 ? (int)((person.Spelling >> 25) % (uint)Provinces.All.Length) : household.ProvinceIndex;
        return Provinces.All[province].Number;
    }

    public static string NationalId(Household household, in Person person)
        => IdentityDigits.NationalIdText(person.IdTypeDigit, IdProvinceNumber(household, person), person.IdSerial);

    public static void WriteNationalId(Span<byte> destination, Household household, in Person person)
        => IdentityDigits.WriteNationalId(destination, person.IdTypeDigit, IdProvinceNumber(household, person), person.IdSerial);
}
