namespace WelfarePlatform.DataGen.Population;

/// <summary>A registrant's place in the household, as the registrations file spells it.</summary>
internal enum Relationship : byte
{
    Head,
    Spouse,
    Child,
    Other,
}
