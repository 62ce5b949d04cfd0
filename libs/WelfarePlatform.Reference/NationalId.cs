namespace WelfarePlatform.Reference;

/// <summary>
/// The Thai national ID (เลขประจำตัวประชาชน): 13 digits, the last a check digit. With digits
/// d1..d12, s = Σ d_i × (14 − i) for i = 1..12 and check = (11 − s mod 11) mod 10.
/// </summary>
public static class NationalId
{
    /// <summary>Digits in a national ID.</summary>
    public const int Length = 13;

    /// <summary>True for 13 ASCII digits whose last is the check digit of the first 12.</summary>
    public static bool IsValid(ReadOnlySpan<char> nationalId) => Check(nationalId) == NationalIdCheck.Valid;

    /// <summary>As <see cref="IsValid(ReadOnlySpan{char})"/>, on UTF-8 bytes.</summary>
    public static bool IsValid(ReadOnlySpan<byte> utf8NationalId) => Check(utf8NationalId) == NationalIdCheck.Valid;

    /// <summary>Says whether <paramref name="nationalId"/> is valid, malformed or has a wrong check digit.</summary>
    public static NationalIdCheck Check(ReadOnlySpan<char> nationalId)
    {
        if (nationalId.Length != Length || nationalId.ContainsAnyExceptInRange('0', '9'))
        {
            return NationalIdCheck.BadFormat;
        }

        return nationalId[12] - '0' == CheckDigitOf(nationalId[..12]) ? NationalIdCheck.Valid : NationalIdCheck.BadChecksum;
    }

    /// <summary>As <see cref="Check(ReadOnlySpan{char})"/>, on UTF-8 bytes.</summary>
    public static NationalIdCheck Check(ReadOnlySpan<byte> utf8NationalId)
    {
        if (utf8NationalId.Length != Length || utf8NationalId.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return NationalIdCheck.BadFormat;
        }

        return utf8NationalId[12] - '0' == CheckDigitOf(utf8NationalId[..12]) ? NationalIdCheck.Valid : NationalIdCheck.BadChecksum;
    }

    /// <summary>The check digit (0–9) of the first 12 digits of an ID.</summary>
    /// <exception cref="ArgumentException">The input is not exactly 12 ASCII digits.</exception>
    public static int ComputeCheckDigit(ReadOnlySpan<char> first12Digits)
    {
        if (first12Digits.Length != 12 || first12Digits.ContainsAnyExceptInRange('0', '9'))
        {
            throw new ArgumentException("Expected exactly 12 ASCII digits.", nameof(first12Digits));
        }

        return CheckDigitOf(first12Digits);
    }

    /// <summary>As <see cref="ComputeCheckDigit(ReadOnlySpan{char})"/>, on UTF-8 bytes.</summary>
    /// <exception cref="ArgumentException">The input is not exactly 12 ASCII digits.</exception>
    public static int ComputeCheckDigit(ReadOnlySpan<byte> utf8First12Digits)
    {
        if (utf8First12Digits.Length != 12 || utf8First12Digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            throw new ArgumentException("Expected exactly 12 ASCII digits.", nameof(utf8First12Digits));
        }

        return CheckDigitOf(utf8First12Digits);
    }

    /// <summary>The check digit of the 12-digit number <paramref name="first12"/> (leading zeros implied).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="first12"/> is negative or has more than 12 digits.</exception>
    public static int ComputeCheckDigit(long first12)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first12);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first12, 999_999_999_999L);

        // Walk from d12 (weight 2) up to d1 (weight 13).
        var sum = 0;
        for (var weight = 2; weight <= 13; weight++)
        {
            sum += (int)(first12 % 10) * weight;
            first12 /= 10;
        }

        return (11 - (sum % 11)) % 10;
    }

    private static int CheckDigitOf(ReadOnlySpan<char> first12)
    {
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (first12[i] - '0') * (13 - i);
        }

        return (11 - (sum % 11)) % 10;
    }

    private static int CheckDigitOf(ReadOnlySpan<byte> first12)
    {
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (first12[i] - '0') * (13 - i);
        }

        return (11 - (sum % 11)) % 10;
    }
}
