using System.Collections.Concurrent;
using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Population;

namespace WelfarePlatform.DataGen.Pipeline;

/// <summary>Formats one household's rows, into one chunk buffer per file.</summary>
internal delegate void HouseholdRowsWriter(Household household, RowBuffer[] chunkPerFile);

/// <summary>
/// Writes files from the population on every core: workers make and format chunks of households
/// in parallel, the calling thread appends them to the files in chunk order and mixes in the bad
/// rows. Fixed chunk cuts and per-household random streams make the bytes the same for any number
/// of workers. Memory stays flat: a few chunks are in flight at a time.
/// </summary>
internal static class HouseholdPipeline
{
    public static IReadOnlyList<FileReport> Write(
        GeneratorSettings settings,
        IReadOnlyList<HouseholdFile> files,
        HouseholdRowsWriter writeRows,
        int householdsPerChunk,
        int workers = 0)
    {
        workers = workers > 0 ? workers : Environment.ProcessorCount;
        var generator = new HouseholdGenerator(settings.Seed, settings.AsOf);
        var planner = new ChunkPlanner(generator, settings.People, householdsPerChunk);
        var sinks = files.Select(file => new FileSink(settings, file, generator)).ToArray();
        var spareBuffers = new ConcurrentBag<RowBuffer[]>();
        var inFlight = new Queue<Task<RowBuffer[]>>();
        try
        {
            StartMore(inFlight, planner, workers + 1, () => Take(spareBuffers, files), generator, writeRows);
            while (inFlight.Count > 0)
            {
                var buffers = inFlight.Dequeue().GetAwaiter().GetResult();
                StartMore(inFlight, planner, workers + 1, () => Take(spareBuffers, files), generator, writeRows);
                for (var i = 0; i < sinks.Length; i++)
                {
                    sinks[i].Append(buffers[i]);
                    buffers[i].Reset();
                }

                spareBuffers.Add(buffers);
            }

            return [.. sinks.Select(sink => sink.Finish())];
        }
        finally
        {
            foreach (var sink in sinks)
            {
                sink.Dispose();
            }

            foreach (var buffers in spareBuffers)
            {
                foreach (var buffer in buffers)
                {
                    buffer.Dispose();
                }
            }
        }
    }

    private static void StartMore(
        Queue<Task<RowBuffer[]>> inFlight,
        ChunkPlanner planner,
        int maxInFlight,
        Func<RowBuffer[]> takeBuffers,
        HouseholdGenerator generator,
        HouseholdRowsWriter writeRows)
    {
        while (inFlight.Count < maxInFlight && planner.TryNext(out var chunk))
        {
            var buffers = takeBuffers();
            inFlight.Enqueue(Task.Run(() => Format(chunk, buffers, generator, writeRows)));
        }
    }

    private static RowBuffer[] Format(HouseholdChunk chunk, RowBuffer[] buffers, HouseholdGenerator generator, HouseholdRowsWriter writeRows)
    {
        var household = new Household();
        for (var i = 0; i < chunk.Households; i++)
        {
            var last = i == chunk.Households - 1;
            generator.Generate(chunk.FirstHousehold + i, household, last ? chunk.LastHouseholdMembers : Household.MaxMembers);
            writeRows(household, buffers);
        }

        return buffers;
    }

    private static RowBuffer[] Take(ConcurrentBag<RowBuffer[]> spare, IReadOnlyList<HouseholdFile> files)
        => spare.TryTake(out var buffers) ? buffers : [.. files.Select(file => new RowBuffer(1 << 20, file.CrLf))];
}
