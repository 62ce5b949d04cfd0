using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Population;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Registrations;

/// <summary>The hot path: one registration row as bytes, straight into the row buffer.</summary>
internal static class RegistrationRowWriter
{
    public static void Write(RowBuffer buffer, Household household, in Person person, TextEncoding encoding)
    {
        buffer.BeginRow();
        var bits = person.Spelling;
        Span<byte> digits = stackalloc byte[NationalId.Length];
        PersonText.WriteNationalId(digits, household, person);
        buffer.Write(digits);
        buffer.Comma();
        buffer.Write(PersonText.GivenNames(person).Bytes(person.GivenName, encoding));
        buffer.Comma();
        buffer.Write(PersonText.Surnames(person).Bytes(person.Surname, encoding));
        buffer.Comma();
        buffer.WriteDate(person.BirthDate, Spelling.BirthDate(bits));
        buffer.Comma();
        buffer.Write(Nationalities.Bytes[person.Nationality]);
        buffer.Comma();
        buffer.WriteDigits(Provinces.All[household.ProvinceIndex].Number, 2);
        buffer.Comma();
        IdentityDigits.WriteHouseCode(digits, Provinces.All[household.ProvinceIndex].Number, household.HouseSerial);
        buffer.Write(digits[..IdentityDigits.HouseCodeLength]);
        buffer.Comma();
        if (!(person.Relationship == Relationship.Head && Spelling.BlankRelationship(bits)))
        {
            buffer.Write(PersonText.RelationshipBytes[(int)person.Relationship]);
        }

        buffer.Comma();
        WriteAmount(buffer, person.DeclaredIncome, bits);
        buffer.Comma();
        buffer.WriteDate(person.RegisteredAt, Spelling.RegisteredAt(bits));
        buffer.Comma();
        if (person.CardHolder)
        {
            buffer.Write((byte)'1');
        }
        else if (!Spelling.BlankCardHolder(bits))
        {
            buffer.Write((byte)'0');
        }

        buffer.EndRow();
    }

    private static void WriteAmount(RowBuffer buffer, long amount, uint bits)
    {
        if (Spelling.QuotedThousands(bits, amount))
        {
            buffer.WriteQuotedThousands(amount);
            return;
        }

        buffer.Write(amount);
        if (Spelling.WithSatang(bits))
        {
            buffer.Write(".00"u8);
        }
    }
}
