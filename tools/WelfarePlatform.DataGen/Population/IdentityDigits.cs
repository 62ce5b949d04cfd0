using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Population;

/// <summary>
/// Spells national IDs and house registration codes as ASCII digits. A national ID here is the
/// type digit, the province code of the registering office, a 9-digit serial and the check digit;
/// the serial alone is a bijection of the person key, so no two people share an ID.
/// </summary>
internal static class IdentityDigits
{
    public const int HouseCodeLength = 11;

    /// <summary>Writes the 13-digit ID into <paramref name="destination"/>.</summary>
    public static void WriteNationalId(Span<byte> destination, int typeDigit, int provinceNumber, int serial)
    {
        WriteFirst12(destination, typeDigit, provinceNumber, serial);
        destination[12] = (byte)('0' + NationalId.ComputeCheckDigit(destination[..12]));
    }

    /// <summary>Writes the 11-digit house registration code: province code, then the serial.</summary>
    public static void WriteHouseCode(Span<byte> destination, int provinceNumber, int serial)
    {
        WriteDigits(destination[..2], provinceNumber);
        WriteDigits(destination.Slice(2, 9), serial);
    }

    public static string NationalIdText(int typeDigit, int provinceNumber, int serial)
    {
        Span<byte> id = stackalloc byte[NationalId.Length];
        WriteNationalId(id, typeDigit, provinceNumber, serial);
        return System.Text.Encoding.ASCII.GetString(id);
    }

    private static void WriteFirst12(Span<byte> destination, int typeDigit, int provinceNumber, int serial)
    {
        destination[0] = (byte)('0' + typeDigit);
        WriteDigits(destination.Slice(1, 2), provinceNumber);
        WriteDigits(destination.Slice(3, 9), serial);
    }

    private static void WriteDigits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
