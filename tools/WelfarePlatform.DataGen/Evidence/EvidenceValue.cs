using System.Globalization;
using WelfarePlatform.DataGen.Output;

namespace WelfarePlatform.DataGen.Evidence;

/// <summary>An evidence value in hundredths of its unit, and how its agency spells it.</summary>
internal readonly record struct EvidenceValue(long Hundredths, EvidenceValueStyle Style)
{
    public static EvidenceValue Whole(long units) => new(units * 100, EvidenceValueStyle.Whole);

    public static EvidenceValue Flag(bool set) => new(set ? 100 : 0, EvidenceValueStyle.Whole);

    public void WriteTo(RowBuffer buffer)
    {
        switch (Style)
        {
            case EvidenceValueStyle.Whole:
                buffer.Write(Hundredths / 100);
                break;
            case EvidenceValueStyle.TwoDecimals:
                buffer.WriteFixed2(Hundredths);
                break;
            default:
                buffer.WriteHundredths(Hundredths);
                break;
        }
    }

    public override string ToString() => Style switch
    {
        EvidenceValueStyle.Whole => (Hundredths / 100).ToString(CultureInfo.InvariantCulture),
        EvidenceValueStyle.TwoDecimals => (Hundredths / 100m).ToString("0.00", CultureInfo.InvariantCulture),
        _ => (Hundredths / 100m).ToString("0.##", CultureInfo.InvariantCulture),
    };
}

internal enum EvidenceValueStyle
{
    /// <summary>Baht or a 0/1 flag: "125000".</summary>
    Whole,

    /// <summary>Bank balances with satang: "15234.50".</summary>
    TwoDecimals,

    /// <summary>Areas: "25", "12.75".</summary>
    UpToTwoDecimals,
}
