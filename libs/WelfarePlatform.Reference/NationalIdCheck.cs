namespace WelfarePlatform.Reference;

/// <summary>The outcome of checking a national ID, in the order of FORMATS.md's reason codes.</summary>
public enum NationalIdCheck
{
    /// <summary>13 digits with a correct check digit.</summary>
    Valid,

    /// <summary>Not exactly 13 ASCII digits (BAD_ID_FORMAT).</summary>
    BadFormat,

    /// <summary>13 digits, but the 13th is not the check digit of the first 12 (BAD_ID_CHECKSUM).</summary>
    BadChecksum,
}
