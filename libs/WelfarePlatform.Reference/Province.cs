namespace WelfarePlatform.Reference;

/// <summary>One of Thailand's 77 provinces (จังหวัด), Bangkok included.</summary>
/// <param name="Code">The two-digit code of the Department of Provincial Administration (DOPA),
/// also ISO 3166-2:TH and the first two digits of a house registration code: "10" Bangkok … "96" Narathiwat.</param>
/// <param name="NameTh">The Thai name without the จังหวัด prefix, e.g. "เชียงใหม่".</param>
/// <param name="NameEn">The English name in the Royal Institute's transcription, e.g. "Chiang Mai".</param>
/// <param name="Region">The geographic region.</param>
/// <param name="Population">People in the civil registration (ทะเบียนราษฎร) at the end of 2022,
/// rounded to the thousand: a weight for synthetic data and per-capita rates, not an official figure.</param>
public sealed record Province(string Code, string NameTh, string NameEn, Region Region, int Population)
{
    /// <summary>The code as a number (10 … 96).</summary>
    public int Number { get; } = int.Parse(Code, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Pattani, Yala and Narathiwat: the three southern border provinces
    /// (จังหวัดชายแดนภาคใต้), poorer than the rest of the South and reported apart from it.</summary>
    public bool IsDeepSouth => Number is 94 or 95 or 96;
}
