namespace WelfarePlatform.DataGen.Randomness;

/// <summary>
/// Independent random streams. Each thing drawn has its own stream keyed by its index, so adding a
/// draw to one (say, a new evidence field) leaves every other file byte-identical.
/// </summary>
internal enum RandomStream : ulong
{
    Households = 1,
    NationalIdDigits = 2,
    HouseholdIdDigits = 3,
    FaultPositions = 4,
    FaultRows = 5,
    EvidenceRows = 6,
    PaymentRows = 7,
    CovidWaves = 8,
    CovidDays = 9,
    Disasters = 10,
}
