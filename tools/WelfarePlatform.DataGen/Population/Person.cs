namespace WelfarePlatform.DataGen.Population;

/// <summary>
/// One synthetic registrant: what the registration says about them and what each agency knows.
/// A mutable struct reused in place: the hot loop allocates nothing per person.
/// </summary>
internal struct Person
{
    /// <summary>Unique below 10^9: household × 8 + slot for registrants, a reserved top range for fault rows.</summary>
    public int Key;

    /// <summary>The national ID's digits 4–12: <see cref="Key"/> through a seeded bijection, so IDs never collide.</summary>
    public int IdSerial;

    /// <summary>The national ID's first digit: 1/2 Thai born from 1984, 3/5 before, 6/8 foreign residents.</summary>
    public byte IdTypeDigit;

    public Relationship Relationship;
    public bool IsMale;
    public DateOnly BirthDate;

    /// <summary>Index into <see cref="Nationalities.Codes"/>; 0 is TH.</summary>
    public byte Nationality;

    public bool MalayMuslimNames;
    public short GivenName;
    public short Surname;

    /// <summary>Income the registrant declared, baht a year.</summary>
    public int DeclaredIncome;

    /// <summary>Income the Revenue Department has on file, baht a year; -1 when it has no record.</summary>
    public int RevenueIncome;

    /// <summary>Deposits, savings, bonds and shares in satang; -1 when no bank reported on the person.</summary>
    public long FinancialAssetsSatang;

    /// <summary>Credit lines in baht; 0 for none.</summary>
    public int HomeLoan;

    public int CarLoan;

    /// <summary>-1: the credit bureau sends no row; 0: it reports no card; 1: holds a card.</summary>
    public sbyte CreditCard;

    /// <summary>Land and condominium holdings in hundredths of a square wah, rai or m²; 0 for none.</summary>
    public int LandResidentialHundredths;

    public int LandAgriculturalHundredths;
    public int CondoHundredths;

    /// <summary>-1: no record from the Comptroller General's Department; else 0 or 1.</summary>
    public sbyte StateEmployee;

    public bool IsDeceased;
    public DateOnly DeathDate;
    public DateOnly RegisteredAt;
    public bool CardHolder;

    /// <summary>Random bits that pick a spelling for this person's row (date style, quoted amount, blank default).</summary>
    public uint Spelling;

    /// <summary>The income the 2022 INCOME criterion uses: the Revenue Department's, else the declared one.</summary>
    public readonly int ScreenedIncome => RevenueIncome >= 0 ? RevenueIncome : DeclaredIncome;
}
