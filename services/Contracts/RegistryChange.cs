namespace WelfarePlatform.Contracts;

/// <summary>
/// One person's registration facts in a change set: pseudonymous (<c>pid</c>, <c>hid</c> are keyed
/// hashes), never a name or a national ID.
/// </summary>
public sealed record RegistryChange
{
    /// <summary>HMAC-SHA256 of the national ID under the platform's pid key.</summary>
    public required string Pid { get; init; }
    /// <summary>HMAC-SHA256 of the household id under the same key.</summary>
    public required string Hid { get; init; }
    public required string ProvinceCode { get; init; }
    public required DateOnly BirthDate { get; init; }
    public required string Nationality { get; init; }
    /// <summary><c>head</c>, <c>spouse</c>, <c>child</c> or <c>other</c>.</summary>
    public required string Relationship { get; init; }
    /// <summary>Baht a year, as declared at registration.</summary>
    public required decimal DeclaredIncome { get; init; }
    public required bool CardHolder { get; init; }
    public required DateOnly AsOf { get; init; }
}
