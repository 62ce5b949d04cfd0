using System.Runtime.CompilerServices;
using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Pipeline;
using WelfarePlatform.DataGen.Population;
using WelfarePlatform.DataGen.Randomness;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Evidence;

/// <summary>Writes <c>evidence-&lt;source&gt;.csv</c> for the chosen agencies in one pass over the population.</summary>
internal static class EvidenceFiles
{
    public static IReadOnlyList<FileReport> Write(GeneratorSettings settings, IReadOnlyList<EvidenceSource> sources, int workers = 0)
    {
        var asOf = settings.AsOf;
        var files = sources.Select(source => new HouseholdFile
        {
            FileName = source.FileName,
            Kind = "evidence",
            Source = source.Code,
            Header = CsvHeader.Bytes(source.HeaderNames, source.CrLf),
            CrLf = source.CrLf,
            FaultReasons = EvidenceFaults.Reasons,
            WriteFaultRow = (RowBuffer output, Faults.ReasonCode reason, ref SplitMix64 rng, Household owner)
                => EvidenceFaults.Write(output, source, reason, ref rng, owner, asOf),
        }).ToList();

        var context = new EvidenceContext([.. sources], [.. sources.Select(s => s.AsOfFor(asOf))]);
        return HouseholdPipeline.Write(settings, files, (household, chunks) => WriteHousehold(household, chunks, context), 2048, workers);
    }

    private static void WriteHousehold(Household household, RowBuffer[] chunks, EvidenceContext context)
    {
        var state = new RowState { Chunks = chunks, Context = context, Household = household };
        for (var slot = 0; slot < household.Size; slot++)
        {
            PersonText.WriteNationalId(state.Id, household, household.Members[slot]);
            PersonEvidence.ForEach(household.Members[slot], ref state, WriteRow);
        }
    }

    private static void WriteRow(ref RowState state, EvidenceSource source, EvidenceType type, EvidenceValue value, DateOnly? asOf)
    {
        var file = Array.IndexOf(state.Context.Sources, source);
        if (file < 0)
        {
            return;
        }

        var chunk = state.Chunks[file];
        chunk.BeginRow();
        var columns = source.Columns;
        for (var i = 0; i < columns.Length; i++)
        {
            if (i > 0)
            {
                chunk.Comma();
            }

            switch (columns[i])
            {
                case EvidenceColumn.NationalId:
                    chunk.Write(state.Id);
                    break;
                case EvidenceColumn.TypeName:
                    chunk.Write(EvidenceTypes.Bytes[(int)type]);
                    break;
                case EvidenceColumn.Value:
                    value.WriteTo(chunk);
                    break;
                case EvidenceColumn.AsOf:
                    chunk.WriteDate(asOf ?? state.Context.AsOfDates[file], source.DateStyle);
                    break;
                default:
                    chunk.WriteDigits(Provinces.All[state.Household.ProvinceIndex].Number, 2);
                    break;
            }
        }

        chunk.EndRow();
    }

    private sealed record EvidenceContext(EvidenceSource[] Sources, DateOnly[] AsOfDates);

    private struct RowState
    {
        public RowBuffer[] Chunks;
        public EvidenceContext Context;
        public Household Household;
        public NationalIdBytes Id;
    }

    [InlineArray(NationalId.Length)]
    private struct NationalIdBytes
    {
        private byte first;
    }
}
