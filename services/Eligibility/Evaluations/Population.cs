using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Npgsql;
using WelfarePlatform.Eligibility.Rulesets;
using WelfarePlatform.Eligibility.Simulations;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// Everyone's facts for a full run, one array per fact (index = person): the registration facts,
/// each evidence type a ruleset reads (value in satang and as-of), the household each person is
/// in, and their stored determination under the ruleset (to tell what changed). About 250 bytes a
/// person with round-2022's eight evidence types.
/// </summary>
internal sealed class Population
{
    /// <summary>An evidence value the person does not have.</summary>
    public const long Missing = long.MinValue;

    /// <summary><see cref="PreviousOutcome"/>: no stored determination.</summary>
    public const byte NotDetermined = 255;

    /// <summary><see cref="PreviousFailed"/>: failed criteria that are not some of this ruleset's in its order.</summary>
    public const ulong FailedElsewhere = ulong.MaxValue;

    private PidIndex byPid = new(0);
    private PidIndex households = new(0);
    private readonly Dictionary<ushort, short> provinceIndexes = [];
    private readonly Dictionary<ushort, short> nationalityIndexes = [];

    public Population(IReadOnlyList<string> evidenceTypes) => EvidenceTypes = evidenceTypes;

    public IReadOnlyList<string> EvidenceTypes { get; }

    /// <summary>When each read ended, from the start of the load: for the run's log.</summary>
    public string ReadTimes { get; private set; } = "";

    public int Count { get; private set; }

    public int HouseholdCount => households.Count;

    public Pid[] Pids { get; private set; } = [];
    public int[] Household { get; private set; } = [];
    public short[] Province { get; private set; } = [];
    public bool[] CardHolder { get; private set; } = [];
    /// <summary>Days since 2000-01-01, as PostgreSQL keeps dates (±infinity as int.MaxValue and int.MinValue).</summary>
    public int[] BirthDay { get; private set; } = [];
    public short[] Nationality { get; private set; } = [];
    public long[] DeclaredIncome { get; private set; } = [];
    /// <summary>Person p's evidence of type t at p × types + t: satang, or <see cref="Missing"/>.</summary>
    public long[] EvidenceValue { get; private set; } = [];
    /// <summary>As <see cref="EvidenceValue"/>: the evidence's as-of, days since 2000-01-01.</summary>
    public int[] EvidenceAsOf { get; private set; } = [];
    /// <summary>The stored outcome as <see cref="CompactDetermination"/> codes it, or <see cref="NotDetermined"/>.</summary>
    public byte[] PreviousOutcome { get; private set; } = [];
    /// <summary>The stored failed criteria, bit i for this ruleset's criterion i, or <see cref="FailedElsewhere"/>.</summary>
    public ulong[] PreviousFailed { get; private set; } = [];
    public bool[] PreviousCardHolder { get; private set; } = [];
    public short[] PreviousProvince { get; private set; } = [];

    /// <summary>Province codes by index (<see cref="Province"/>).</summary>
    public List<string> Provinces { get; } = [];

    public List<string> Nationalities { get; } = [];

    /// <summary>
    /// Reads the facts, the evidence and the ruleset's stored determinations (partition
    /// <c>determinations_{key}</c>), each on its own connection, side by side. The caller holds the
    /// facts lock, so all three see the same facts.
    /// </summary>
    public static async Task<Population> LoadAsync(NpgsqlDataSource dataSource, Ruleset ruleset, IReadOnlyList<string> evidenceTypes, short key, CancellationToken cancellationToken)
    {
        float people;
        await using (var sizes = dataSource.CreateCommand(
            "select (select reltuples from pg_class where oid = 'person_facts'::regclass), (select reltuples from pg_class where oid = 'person_evidence'::regclass)"))
        await using (var reader = await sizes.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            people = reader.GetFloat(0);
            EnsureMemory(people, reader.GetFloat(1), evidenceTypes.Count, ruleset.Criteria.Count, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        }

        var population = new Population(evidenceTypes);
        // Evidence and determinations are matched to their people by pid: until the facts are read,
        // their rows wait in memory; after, each row goes to its person as it arrives.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Arrays sized once from the planner's row count: grown by doubling, 22 million people would
        // be copied a dozen times, and every fresh page costs a fault.
        var capacity = (int)Math.Clamp((long)people * 21 / 20, 1 << 16, Array.MaxLength);
        var facts = OnOwnThread(() => population.ReadFacts(dataSource, capacity, cancellationToken));
        var evidence = OnOwnThread(() => population.ReadEvidence(dataSource, facts, cancellationToken));
        List<PreviousRows> previous = [];
        var previousRead = OnOwnThread(() => previous = ReadPrevious(dataSource, ruleset, key, cancellationToken));
        await Task.WhenAll(facts, evidence, previousRead);
        population.Attach(previous);
        population.ReadTimes = string.Create(CultureInfo.InvariantCulture,
            $"facts {facts.Result:0.00} s, evidence {evidence.Result:0.00} s, determinations {previousRead.Result:0.00} s, all {clock.Elapsed.TotalSeconds:0.00} s");
        return population;

        // Each read waits on its socket millions of times: synchronously, on a thread of its own, not
        // the pool's (sync-over-async reads there starved the pool: 1M people's facts took 4-6 s, not 1-2).
        // Answers the seconds from the start of the load to the end of the read.
        Task<double> OnOwnThread(Action read) => Task.Factory.StartNew(
            () =>
            {
                read();
                return clock.Elapsed.TotalSeconds;
            },
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// Refuses a run whose arrays would not fit in the memory the service may use (a container's
    /// limit included): ended by the out-of-memory killer, the run would be retried, and killed,
    /// five times, with no reason in its status. Counts are the planner's (-1: never analyzed).
    /// </summary>
    internal static void EnsureMemory(double people, double evidenceRows, int evidenceTypes, int criteria, long availableBytes)
    {
        // Per person: pid, household, registration facts, evidence values and dates, the stored
        // determination, the decision and its values, the pid order and the indexes; per evidence
        // row, its place while it waits for the facts. 1M people with 3.5M evidence rows: about 650 MB.
        var needed = (Math.Max(people, 0) * (220 + 12 * evidenceTypes + 8 * criteria)) + (Math.Max(evidenceRows, 0) * 80);
        if (needed > availableBytes * 0.8)
        {
            var message = string.Create(CultureInfo.InvariantCulture,
                $"A full run of {people:N0} people holds about {needed / (1 << 30):0.0} GB while it decides, and this replica may use {availableBytes / (double)(1 << 30):0.0} GB.");
            throw new InvalidOperationException(message + " Give the eligibility replica that runs it more memory (its container limit); change sets are not affected.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadFacts(NpgsqlDataSource dataSource, int capacity, CancellationToken cancellationToken)
    {
        using var connection = dataSource.OpenConnection();
        using var copy = connection.BeginRawBinaryCopy(
            "copy (select pid, hid, province_code, card_holder, birth_date, nationality, declared_income from person_facts) to stdout (format binary)");
        using var reader = new BinaryCopyReader(copy, cancellationToken);
        Resize(capacity);
        byPid = new PidIndex(capacity);
        households = new PidIndex(capacity / 2);
        while (reader.NextRow(7))
        {
            if (Count == capacity)
            {
                cancellationToken.ThrowIfCancellationRequested();
                capacity *= 2;
                Resize(capacity);
            }

            var person = Count++;
            Pids[person] = Pid.From(reader.Field());
            if (byPid.Add(Pids, person) != person)
            {
                throw new InvalidDataException("person_facts holds a pid twice.");
            }

            Household[person] = households.AddHousehold(Pid.From(reader.Field()));
            Province[person] = Code(reader.Field(), provinceIndexes, Provinces);
            CardHolder[person] = reader.Boolean();
            BirthDay[person] = reader.Date();
            Nationality[person] = Code(reader.Field(), nationalityIndexes, Nationalities);
            DeclaredIncome[person] = reader.Hundredths();
        }

        Resize(Count);
        EvidenceValue = LargeArrays.New<long>(Count * EvidenceTypes.Count);
        Array.Fill(EvidenceValue, Missing);
        EvidenceAsOf = LargeArrays.New<int>(Count * EvidenceTypes.Count);
        PreviousOutcome = LargeArrays.New<byte>(Count);
        Array.Fill(PreviousOutcome, NotDetermined);
        PreviousFailed = LargeArrays.New<ulong>(Count);
        PreviousCardHolder = LargeArrays.New<bool>(Count);
        PreviousProvince = LargeArrays.New<short>(Count);
    }

    private void Resize(int size)
    {
        Pids = LargeArrays.Resize(Pids, size);
        Household = LargeArrays.Resize(Household, size);
        Province = LargeArrays.Resize(Province, size);
        CardHolder = LargeArrays.Resize(CardHolder, size);
        BirthDay = LargeArrays.Resize(BirthDay, size);
        Nationality = LargeArrays.Resize(Nationality, size);
        DeclaredIncome = LargeArrays.Resize(DeclaredIncome, size);
    }

    private static short Code(ReadOnlySpan<byte> text, Dictionary<ushort, short> indexes, List<string> codes)
    {
        if (text.Length != 2)
        {
            return Add(Encoding.UTF8.GetString(text), codes);
        }

        var bytes = (ushort)(text[0] << 8 | text[1]);
        if (!indexes.TryGetValue(bytes, out var index))
        {
            indexes[bytes] = index = Add(Encoding.UTF8.GetString(text), codes);
        }

        return index;
    }

    private static short Add(string code, List<string> codes)
    {
        var index = codes.IndexOf(code);
        if (index < 0)
        {
            codes.Add(code);
            index = codes.Count - 1;
        }

        return checked((short)index);
    }

    /// <summary>The evidence of the ruleset's types (pid, type, value, as-of), each row to its person once <paramref name="facts"/> are read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadEvidence(NpgsqlDataSource dataSource, Task facts, CancellationToken cancellationToken)
    {
        var typeNames = EvidenceTypes.Select(Encoding.UTF8.GetBytes).ToArray();
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        // COPY takes no parameters: the types (ruleset data) are a bound parameter of set_config, never
        // the statement's text, and the array is built once (an InitPlan), not parsed again for every row.
        using (var types = new NpgsqlCommand("select set_config('eligibility.full_run_evidence_types', $1::text[]::text, true), set_config('jit', 'off', true)", connection, transaction))
        {
            types.Parameters.Add(new NpgsqlParameter { Value = EvidenceTypes.ToArray() });
            types.ExecuteNonQuery();
        }

        var waiting = new List<EvidenceRows>();
        EvidenceRows? chunk = null;
        var factsRead = false;
        using (var copy = connection.BeginRawBinaryCopy(
            """
            copy (select pid, evidence_type, value, as_of from person_evidence
                  where evidence_type = any(array(select unnest(current_setting('eligibility.full_run_evidence_types')::text[]))))
            to stdout (format binary)
            """))
        {
            using var reader = new BinaryCopyReader(copy, cancellationToken);
            while (reader.NextRow(4))
            {
                var pid = Pid.From(reader.Field());
                var type = TypeIndex(reader.Field(), typeNames);
                var value = reader.Hundredths();
                var asOf = reader.Date();
                if (factsRead || facts.IsCompleted)
                {
                    if (!factsRead)
                    {
                        facts.GetAwaiter().GetResult(); // a failure to read the facts is the load's failure
                        waiting.ForEach(Attach);
                        waiting.Clear();
                        factsRead = true;
                    }

                    Attach(pid, type, value, asOf);
                    continue;
                }

                if (chunk is null || chunk.Count == EvidenceRows.Size)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    waiting.Add(chunk = new EvidenceRows());
                }

                var row = chunk.Count++;
                (chunk.Pids[row], chunk.Types[row], chunk.Values[row], chunk.AsOf[row]) = (pid, type, value, asOf);
            }
        }

        transaction.Commit();
        facts.GetAwaiter().GetResult();
        waiting.ForEach(Attach);
    }

    /// <summary>
    /// Everyone's index in pid order ("C" collation: byte order). Rows written in key order let
    /// PostgreSQL build the primary keys from input its sort finds already sorted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int[] PidOrder()
    {
        var order = LargeArrays.New<int>(Count);
        var prefixes = LargeArrays.New<ulong>(Count);
        for (var person = 0; person < Count; person++)
        {
            order[person] = person;
            prefixes[person] = Pids[person].Prefix;
        }

        Array.Sort(prefixes, order);
        // Pids sharing their first eight bytes are put in order by all 64.
        for (var start = 0; start < Count;)
        {
            var end = start + 1;
            while (end < Count && prefixes[end] == prefixes[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(order, start, end - start, Comparer<int>.Create((a, b) => Pid.BytesOf(in Pids[a]).SequenceCompareTo(Pid.BytesOf(in Pids[b]))));
            }

            start = end;
        }

        return order;
    }

    private static short TypeIndex(ReadOnlySpan<byte> type, byte[][] typeNames)
    {
        for (var j = 0; j < typeNames.Length; j++)
        {
            if (type.SequenceEqual(typeNames[j]))
            {
                return (short)j;
            }
        }

        throw new InvalidDataException($"person_evidence answered evidence of type '{Encoding.UTF8.GetString(type)}', which the full run did not ask for.");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Attach(EvidenceRows chunk)
    {
        for (var row = 0; row < chunk.Count; row++)
        {
            Attach(chunk.Pids[row], chunk.Types[row], chunk.Values[row], chunk.AsOf[row]);
        }
    }

    private void Attach(in Pid pid, short type, long value, int asOf)
    {
        // Evidence of someone not registered decides nothing, as in the statements that join it to the facts.
        var person = byPid.Find(Pids, pid);
        if (person >= 0)
        {
            EvidenceValue[person * EvidenceTypes.Count + type] = value;
            EvidenceAsOf[person * EvidenceTypes.Count + type] = asOf;
        }
    }

    /// <summary>
    /// The ruleset's stored determinations: pid, outcome and failed criteria (as bits of this ruleset's),
    /// card holder, province. Both come from the compact <c>state</c> when the row was decided under the
    /// ruleset's current version (its bits follow that version's criteria); an older version's failed
    /// criteria are matched to this one's by id.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<PreviousRows> ReadPrevious(NpgsqlDataSource dataSource, Ruleset ruleset, short key, CancellationToken cancellationToken)
    {
        var ids = ruleset.Criteria.Select(c => Encoding.UTF8.GetBytes(c.Id)).ToArray();
        var rows = new List<PreviousRows>();
        var provinces = new Dictionary<ushort, string>();
        using var connection = dataSource.OpenConnection();
        // The key and the version are numbers from the database: the only text the statement is built from.
        using var copy = connection.BeginRawBinaryCopy(string.Create(CultureInfo.InvariantCulture,
            $"copy (select pid, state, case when ruleset_version <> {ruleset.Version} then failed_criteria end, card_holder, province_code from determinations_{key}) to stdout (format binary)"));
        using var reader = new BinaryCopyReader(copy, cancellationToken);
        var chunk = new PreviousRows();
        rows.Add(chunk);
        while (reader.NextRow(5))
        {
            if (chunk.Count == PreviousRows.Size)
            {
                cancellationToken.ThrowIfCancellationRequested();
                rows.Add(chunk = new PreviousRows());
            }

            var row = chunk.Count++;
            chunk.Pids[row] = Pid.From(reader.Field());
            var state = reader.Int64();
            var outcome = (state >> CompactDetermination.OutcomeShift) & 3;
            chunk.Outcomes[row] = outcome < 3 ? (byte)outcome : throw new InvalidDataException($"A stored determination has state {state}, whose outcome code is 3.");
            var olderVersionFailed = reader.Field(out var decidedUnderThisVersion);
            chunk.Failed[row] = decidedUnderThisVersion ? CompactDetermination.FailedBits(state, ids.Length) : FailedBits(olderVersionFailed, ids);
            chunk.CardHolders[row] = reader.Boolean();
            var province = reader.Field();
            var code = province.Length == 2 ? (ushort)(province[0] << 8 | province[1]) : ushort.MaxValue;
            if (!provinces.TryGetValue(code, out var text))
            {
                provinces[code] = text = Encoding.UTF8.GetString(province);
            }

            chunk.Provinces[row] = text;
        }

        return rows;
    }

    private void Attach(List<PreviousRows> previous)
    {
        var provinces = Provinces.Select((code, index) => (code, index)).ToDictionary(p => p.code, p => (short)p.index, StringComparer.Ordinal);
        foreach (var chunk in previous)
        {
            for (var row = 0; row < chunk.Count; row++)
            {
                var person = byPid.Find(Pids, chunk.Pids[row]);
                if (person >= 0)
                {
                    PreviousOutcome[person] = chunk.Outcomes[row];
                    PreviousFailed[person] = chunk.Failed[row];
                    PreviousCardHolder[person] = chunk.CardHolders[row];
                    // A province no one is registered in now differs from everyone's.
                    PreviousProvince[person] = provinces.GetValueOrDefault(chunk.Provinces[row], (short)-1);
                }
            }
        }
    }

    /// <summary>A text[] of criterion ids as bits of <paramref name="ids"/> (in order), or <see cref="FailedElsewhere"/>.</summary>
    private static ulong FailedBits(ReadOnlySpan<byte> array, byte[][] ids)
    {
        var dimensions = ReadInt32(array, 0);
        if (dimensions == 0)
        {
            return 0;
        }

        var count = ReadInt32(array, 12);
        var offset = 20;
        ulong bits = 0;
        var next = 0;
        for (var element = 0; element < count; element++)
        {
            var size = ReadInt32(array, offset);
            offset += 4;
            if (size < 0)
            {
                return FailedElsewhere;
            }

            var id = array.Slice(offset, size);
            offset += size;
            while (next < ids.Length && !id.SequenceEqual(ids[next]))
            {
                next++;
            }

            if (next == ids.Length)
            {
                return FailedElsewhere;
            }

            bits |= 1UL << next++;
        }

        return bits;
    }

    private static int ReadInt32(ReadOnlySpan<byte> bytes, int offset) => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes[offset..]);

    private sealed class EvidenceRows
    {
        public const int Size = 1 << 16;
        public readonly Pid[] Pids = LargeArrays.New<Pid>(Size);
        public readonly short[] Types = new short[Size];
        public readonly long[] Values = new long[Size];
        public readonly int[] AsOf = new int[Size];
        public int Count;
    }

    private sealed class PreviousRows
    {
        public const int Size = 1 << 16;
        public readonly Pid[] Pids = LargeArrays.New<Pid>(Size);
        public readonly byte[] Outcomes = new byte[Size];
        public readonly ulong[] Failed = new ulong[Size];
        public readonly bool[] CardHolders = new bool[Size];
        public readonly string[] Provinces = new string[Size];
        public int Count;
    }
}

/// <summary>A pid or hid (char(64)) as its 64 bytes: compared and hashed without a string.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct Pid : IEquatable<Pid>
{
    private readonly Vector64Bytes bytes;

    private Pid(Vector64Bytes bytes) => this.bytes = bytes;

    public static Pid From(ReadOnlySpan<byte> text)
    {
        if (text.Length != 64)
        {
            throw new InvalidDataException($"A pid or hid of {text.Length} bytes; eligibility keeps 64-character digests.");
        }

        return new Pid(MemoryMarshal.Read<Vector64Bytes>(text));
    }

    public string Text => Encoding.ASCII.GetString(BytesOf(in this));

    /// <summary>The first eight bytes as a number that orders as they do.</summary>
    public ulong Prefix => System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(bytes.A);

    /// <summary>The pid's 64 bytes, where it is kept (an array element).</summary>
    public static ReadOnlySpan<byte> BytesOf(ref readonly Pid pid) => MemoryMarshal.AsBytes(new ReadOnlySpan<Pid>(in pid));

    public bool Equals(Pid other) =>
        bytes.A == other.bytes.A && bytes.B == other.bytes.B && bytes.C == other.bytes.C && bytes.D == other.bytes.D
        && bytes.E == other.bytes.E && bytes.F == other.bytes.F && bytes.G == other.bytes.G && bytes.H == other.bytes.H;

    public override bool Equals(object? obj) => obj is Pid other && Equals(other);

    // Hex digits carry 4 bits a byte: 24 of them are mixed by multiplication into the high word.
    public override int GetHashCode() =>
        (int)(((bytes.A * 0x9E3779B97F4A7C15UL) + (bytes.B * 0xC2B2AE3D27D4EB4FUL) + (bytes.C * 0x165667B19E3779F9UL)) >> 32);

    [StructLayout(LayoutKind.Sequential)]
    private struct Vector64Bytes
    {
        public ulong A, B, C, D, E, F, G, H;
    }
}

/// <summary>
/// Open addressing over an array of pids: the index of a pid in the array, without a dictionary
/// entry of its own (1M people: 4 bytes each beside the pids, where a dictionary keeps a second copy).
/// </summary>
internal sealed class PidIndex
{
    private int[] slots;
    private Pid[] keys = [];

    /// <param name="capacity">The pids expected: the table starts at twice that, so it is not rebuilt as it fills.</param>
    public PidIndex(int capacity) => slots = LargeArrays.New<int>((int)Math.Max(1 << 16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity * 2)));

    public int Count { get; private set; }

    /// <summary>Adds <c>pids[index]</c>; returns the index already holding the same pid, or <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Add(Pid[] pids, int index)
    {
        if ((Count + 1) * 2 > slots.Length)
        {
            Rehash(pids);
        }

        var mask = slots.Length - 1;
        var slot = pids[index].GetHashCode() & mask;
        while (slots[slot] != 0)
        {
            var held = slots[slot] - 1;
            if (pids[held].Equals(pids[index]))
            {
                return held;
            }

            slot = (slot + 1) & mask;
        }

        slots[slot] = index + 1;
        Count++;
        return index;
    }

    /// <summary>For households: the household number of <paramref name="hid"/>, numbering new ones in order.</summary>
    public int AddHousehold(Pid hid)
    {
        if (Count == keys.Length)
        {
            keys = LargeArrays.Resize(keys, Math.Max(1 << 16, keys.Length * 2));
        }

        keys[Count] = hid;
        return Add(keys, Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(Pid[] pids, in Pid pid)
    {
        var mask = slots.Length - 1;
        var slot = pid.GetHashCode() & mask;
        while (slots[slot] != 0)
        {
            var held = slots[slot] - 1;
            if (pids[held].Equals(pid))
            {
                return held;
            }

            slot = (slot + 1) & mask;
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Rehash(Pid[] pids)
    {
        var old = slots;
        slots = LargeArrays.New<int>(old.Length * 2);
        var mask = slots.Length - 1;
        foreach (var entry in old)
        {
            if (entry != 0)
            {
                var slot = pids[entry - 1].GetHashCode() & mask;
                while (slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                slots[slot] = entry;
            }
        }
    }
}
