using WelfarePlatform.DataGen.Faults;
using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Pipeline;
using WelfarePlatform.DataGen.Population;
using WelfarePlatform.DataGen.Randomness;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Payments;

/// <summary>
/// Writes <c>payments.csv</c>: for every card holder, each month's allowance from --payments-from
/// to the as-of date (stopping at death) and the Covid-period top-ups, holder by holder.
/// </summary>
internal static class PaymentsFile
{
    public const string FileName = "payments.csv";
    public static readonly string[] Columns = ["national_id", "paid_on", "amount", "program"];

    public static readonly ReasonCode[] Reasons =
    [
        ReasonCode.ColumnCount, ReasonCode.MissingField, ReasonCode.BadIdFormat, ReasonCode.BadIdChecksum,
        ReasonCode.BadDate, ReasonCode.FutureDate, ReasonCode.BadNumber, ReasonCode.NegativeAmount, ReasonCode.DuplicateInFile,
    ];

    private static readonly FaultColumns FaultColumns = new(Columns, 0, [1], 2, [0, 1, 2, 3]);
    private static readonly byte[] MonthlyAllowanceBytes = "monthly-allowance"u8.ToArray();
    private static readonly byte[] CovidReliefBytes = "covid-relief"u8.ToArray();

    public static FileReport Write(GeneratorSettings settings, int workers = 0)
    {
        var file = new HouseholdFile
        {
            FileName = FileName,
            Kind = "payments",
            Source = Registrations.RegistrationsFile.Source,
            Header = CsvHeader.Bytes(Columns),
            FaultReasons = Reasons,
            WriteFaultRow = (RowBuffer output, ReasonCode reason, ref SplitMix64 rng, Household owner) =>
            {
                var paidOn = new DateOnly(settings.AsOf.Year, settings.AsOf.Month, 1);
                string[] fields = [PersonText.NationalId(owner, owner.Members[0]), DateFormatter.ToText(paidOn, DateStyle.Iso), "300.00", PaymentSchedule.MonthlyAllowance];
                var (badFields, detail) = FaultColumns.Corrupt(fields, reason, ref rng, settings.AsOf);
                FaultRowText.WriteFields(output, badFields, TextEncoding.Utf8);
                return detail;
            },
        };

        var firstMonth = new DateOnly(settings.PaymentsFrom.Year, settings.PaymentsFrom.Month, 1);
        return HouseholdPipeline.Write(settings, [file], (household, chunks) => WriteHousehold(household, chunks[0], firstMonth, settings.AsOf), 512, workers)[0];
    }

    private static void WriteHousehold(Household household, RowBuffer chunk, DateOnly firstMonth, DateOnly asOf)
    {
        Span<byte> id = stackalloc byte[NationalId.Length];
        for (var slot = 0; slot < household.Size; slot++)
        {
            ref var person = ref household.Members[slot];
            if (!person.CardHolder)
            {
                continue;
            }

            PersonText.WriteNationalId(id, household, person);
            var lastDay = person.IsDeceased ? person.DeathDate : asOf;
            var monthly = PaymentSchedule.MonthlyAmount(person.ScreenedIncome);
            for (var month = firstMonth; month <= lastDay; month = month.AddMonths(1))
            {
                WriteRow(chunk, id, month, monthly, MonthlyAllowanceBytes);
                var relief = PaymentSchedule.ReliefAmount(month.Year, month.Month);
                var reliefDay = month.AddDays(PaymentSchedule.ReliefDay - 1);
                if (relief > 0 && reliefDay <= lastDay)
                {
                    WriteRow(chunk, id, reliefDay, relief, CovidReliefBytes);
                }
            }
        }
    }

    private static void WriteRow(RowBuffer chunk, ReadOnlySpan<byte> id, DateOnly paidOn, int amount, byte[] program)
    {
        chunk.BeginRow();
        chunk.Write(id);
        chunk.Comma();
        chunk.WriteDate(paidOn, DateStyle.Iso);
        chunk.Comma();
        chunk.WriteFixed2(amount * 100L);
        chunk.Comma();
        chunk.Write(program);
        chunk.EndRow();
    }
}
