namespace WelfarePlatform.DataGen.Evidence;

/// <summary>The columns an evidence file may carry; <see cref="LandOffice"/> is one FORMATS.md does not know (ignored with a warning).</summary>
internal enum EvidenceColumn
{
    NationalId,
    TypeName,
    Value,
    AsOf,
    LandOffice,
}
