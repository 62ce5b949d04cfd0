namespace WelfarePlatform.DataGen.Population;

/// <summary>Nationality codes on registrations: almost all TH; a few foreign residents with Thai ID cards register too.</summary>
internal static class Nationalities
{
    public static readonly string[] Codes = ["TH", "MM", "LA", "KH", "CN"];

    public static readonly byte[][] Bytes = [.. Codes.Select(System.Text.Encoding.ASCII.GetBytes)];
}
