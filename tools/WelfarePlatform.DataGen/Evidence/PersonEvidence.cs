using WelfarePlatform.DataGen.Population;

namespace WelfarePlatform.DataGen.Evidence;

/// <summary>What each agency reports about a person: the rows of the evidence files, before spelling.</summary>
internal static class PersonEvidence
{
    /// <summary>Calls <paramref name="report"/> once per (source, type) the person has a row for, in file and type order.</summary>
    public static void ForEach<TState>(in Person person, ref TState state, EvidenceReport<TState> report)
    {
        if (person.RevenueIncome >= 0)
        {
            report(ref state, EvidenceSources.Revenue, EvidenceType.AnnualIncome, EvidenceValue.Whole(person.RevenueIncome), null);
        }

        if (person.FinancialAssetsSatang >= 0)
        {
            report(ref state, EvidenceSources.BankAssets, EvidenceType.FinancialAssets, new(person.FinancialAssetsSatang, EvidenceValueStyle.TwoDecimals), null);
        }

        if (person.HomeLoan > 0)
        {
            report(ref state, EvidenceSources.CreditBureau, EvidenceType.HomeLoan, EvidenceValue.Whole(person.HomeLoan), null);
        }

        if (person.CarLoan > 0)
        {
            report(ref state, EvidenceSources.CreditBureau, EvidenceType.CarLoan, EvidenceValue.Whole(person.CarLoan), null);
        }

        if (person.CreditCard >= 0)
        {
            report(ref state, EvidenceSources.CreditBureau, EvidenceType.CreditCard, EvidenceValue.Flag(person.CreditCard == 1), null);
        }

        ReportLand(person, ref state, report);

        if (person.StateEmployee >= 0)
        {
            report(ref state, EvidenceSources.CivilService, EvidenceType.StateEmployee, EvidenceValue.Flag(person.StateEmployee == 1), null);
        }

        if (person.IsDeceased)
        {
            report(ref state, EvidenceSources.CivilRegistration, EvidenceType.Deceased, EvidenceValue.Flag(true), person.DeathDate);
        }
    }

    private static void ReportLand<TState>(in Person person, ref TState state, EvidenceReport<TState> report)
    {
        if (person.LandResidentialHundredths > 0)
        {
            report(ref state, EvidenceSources.LandDepartment, EvidenceType.LandResidentialSqwa, new(person.LandResidentialHundredths, EvidenceValueStyle.UpToTwoDecimals), null);
        }

        if (person.LandAgriculturalHundredths > 0)
        {
            report(ref state, EvidenceSources.LandDepartment, EvidenceType.LandAgriculturalRai, new(person.LandAgriculturalHundredths, EvidenceValueStyle.UpToTwoDecimals), null);
        }

        if (person.CondoHundredths > 0)
        {
            report(ref state, EvidenceSources.LandDepartment, EvidenceType.CondoSqm, new(person.CondoHundredths, EvidenceValueStyle.UpToTwoDecimals), null);
        }
    }
}

/// <summary>Receives one evidence row; <paramref name="asOf"/> is null for the source's usual as-of date.</summary>
internal delegate void EvidenceReport<TState>(ref TState state, EvidenceSource source, EvidenceType type, EvidenceValue value, DateOnly? asOf);
