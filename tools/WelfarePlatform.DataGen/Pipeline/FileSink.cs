using WelfarePlatform.DataGen.Faults;
using WelfarePlatform.DataGen.Output;

namespace WelfarePlatform.DataGen.Pipeline;

/// <summary>
/// The writing end of one file: appends finished chunks in order and puts each bad row right after
/// the valid row the fault schedule names, numbering rows as the batch API will.
/// </summary>
internal sealed class FileSink : IDisposable
{
    private readonly HouseholdFile file;
    private readonly FileStream stream;
    private readonly RowBuffer output;
    private readonly FaultInjector faults;
    private readonly Queue<long> recentFaultPositions = new();
    private long validRows;
    private long rows;

    public FileSink(GeneratorSettings settings, HouseholdFile file, Population.HouseholdGenerator generator)
    {
        this.file = file;
        var path = Path.Combine(settings.OutputDirectory, file.FileName);
        stream = DataFile.Create(path);
        output = new RowBuffer(stream, file.CrLf);
        output.Write(file.Encoding.Preamble());
        output.WriteLarge(file.Header);
        faults = new FaultInjector(settings, generator, path, file.FaultReasons);
    }

    public void Append(RowBuffer chunk)
    {
        var copiedRows = 0;
        var copiedBytes = 0;
        while (true)
        {
            var rowsLeft = chunk.RowCount - copiedRows;
            var nextFault = faults.Schedule.NextPosition;
            if (nextFault > validRows + rowsLeft)
            {
                output.WriteLarge(chunk.Written[copiedBytes..]);
                validRows += rowsLeft;
                rows += rowsLeft;
                return;
            }

            var take = (int)(nextFault - validRows);
            var end = chunk.RowEnd(copiedRows + take - 1);
            output.WriteLarge(chunk.Written[copiedBytes..end]);
            copiedBytes = end;
            copiedRows += take;
            validRows += take;
            rows += take;
            for (var due = faults.Schedule.DueAfter(validRows); due > 0; due--)
            {
                WriteFault(chunk, copiedRows);
            }
        }
    }

    public FileReport Finish()
    {
        output.Flush();
        return new FileReport(file.FileName, file.Kind, file.Source, file.Encoding.CharsetName(), rows, faults.Log.Count,
            faults.Log.CountsByReason, faults.Enabled ? FaultInjector.ManifestPathFor(file.FileName) : null, stream.Length);
    }

    public void Dispose()
    {
        output.Dispose();
        stream.Dispose();
        faults.Dispose();
    }

    private void WriteFault(RowBuffer chunk, int copiedRows)
    {
        var (reason, rng, owner) = faults.Next();
        rows++;
        if (reason == ReasonCode.DuplicateInFile)
        {
            // Repeat one of the last 50 valid rows of this chunk, so duplicates are near but not always adjacent.
            var back = rng.NextInt(Math.Min(copiedRows, 50));
            var source = copiedRows - 1 - back;
            var start = source == 0 ? 0 : chunk.RowEnd(source - 1);
            output.BeginRow();
            output.Write(chunk.Written[start..chunk.RowEnd(source)]);
            faults.Log.Record(rows, reason, $"repeats the key of row {RowNumberOfValidRow(validRows - back)}");
        }
        else
        {
            faults.Log.Record(rows, reason, file.WriteFaultRow(output, reason, ref rng, owner));
        }

        recentFaultPositions.Enqueue(validRows);
        if (recentFaultPositions.Count > 128)
        {
            recentFaultPositions.Dequeue();
        }
    }

    /// <summary>The row number of a recent valid row: its valid index plus the bad rows written before it.</summary>
    private long RowNumberOfValidRow(long validRow)
    {
        var faultsAfterIt = recentFaultPositions.Count(position => position >= validRow);
        return validRow + (faults.Log.Count - faultsAfterIt);
    }
}
