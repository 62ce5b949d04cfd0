using System.Text;
using WelfarePlatform.Reference;

namespace WelfarePlatform.IntegrationTests;

/// <summary>Builds small registration files with valid, distinct national IDs.</summary>
public sealed class RegistrationCsv
{
    public const string Header = "national_id,first_name,last_name,birth_date,nationality,province_code,household_id,relationship,declared_income,registered_at,card_holder";
    private readonly StringBuilder text = new(Header + "\n");

    public static string NationalId(long serial)
    {
        var first12 = 1_1000_00000_00L + serial;
        return $"{first12}{WelfarePlatform.Reference.NationalId.ComputeCheckDigit(first12)}";
    }

    public RegistrationCsv Person(long serial, string provinceCode, bool cardHolder = false, string birthDate = "1970-01-01", string income = "60000") =>
        Row($"{NationalId(serial)},สมชาย,ใจดี,{birthDate},TH,{provinceCode},H{serial},head,{income},2022-09-10,{(cardHolder ? 1 : 0)}");

    public RegistrationCsv Row(string row)
    {
        text.Append(row).Append('\n');
        return this;
    }

    public override string ToString() => text.ToString();
}
