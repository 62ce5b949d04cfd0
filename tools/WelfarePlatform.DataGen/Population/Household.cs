namespace WelfarePlatform.DataGen.Population;

/// <summary>A registered household (1–8 members, head first), reused in place from one household to the next.</summary>
internal sealed class Household
{
    public const int MaxMembers = 8;

    /// <summary>Index into <c>Provinces.All</c>.</summary>
    public int ProvinceIndex;

    /// <summary>The house registration code's last 9 digits (after the province code): the household index through a bijection.</summary>
    public int HouseSerial;

    public int Size;

    /// <summary>The 11-digit house registration code as ASCII (the household_id); its first two digits are the province code.</summary>
    public byte[] HouseCode { get; } = new byte[IdentityDigits.HouseCodeLength];

    public Person[] Members { get; } = new Person[MaxMembers];
}
