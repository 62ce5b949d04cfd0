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
        var row = new SpanRowWriter(buffer.RowSpace);
        var bits = person.Spelling;
        PersonText.WriteNationalId(row.Next(NationalId.Length), household, person);
        row.Advance(NationalId.Length);
        row.Comma();
        row.Write(PersonText.GivenNames(person).Bytes(person.GivenName, encoding));
        row.Comma();
        row.Write(PersonText.Surnames(person).Bytes(person.Surname, encoding));
        row.Comma();
        row.WriteDate(person.BirthDate, Spelling.BirthDate(bits));
        row.Comma();
        row.Write(Nationalities.Bytes[person.Nationality]);
        row.Comma();
        row.Write(household.HouseCode.AsSpan(0, 2)); // the province code
        row.Comma();
        row.Write(household.HouseCode);
        row.Comma();
        if (!(person.Relationship == Relationship.Head && Spelling.BlankRelationship(bits)))
        {
            row.Write(PersonText.RelationshipBytes[(int)person.Relationship]);
        }

        row.Comma();
        WriteAmount(ref row, person.DeclaredIncome, bits);
        row.Comma();
        row.WriteDate(person.RegisteredAt, Spelling.RegisteredAt(bits));
        row.Comma();
        if (person.CardHolder)
        {
            row.Write((byte)'1');
        }
        else if (!Spelling.BlankCardHolder(bits))
        {
            row.Write((byte)'0');
        }

        buffer.Commit(row.Length);
    }

    private static void WriteAmount(ref SpanRowWriter row, long amount, uint bits)
    {
        if (Spelling.QuotedThousands(bits, amount))
        {
            row.WriteQuotedThousands(amount);
            return;
        }

        row.Write(amount);
        if (Spelling.WithSatang(bits))
        {
            row.Write(".00"u8);
        }
    }
}
