using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace EcoLedger.IO;

/// <summary>
/// A set of texts (the unit ids of a run, to reject duplicates) that keeps their characters in large plain arrays instead
/// of one string object each: a million ids held as strings survive every garbage collection of the run, are copied as
/// they are promoted and marked by each full collection, while these arrays hold no references for the collector to trace.
/// Open addressing with linear probing over a power-of-two table, grown at 70 % load. Not thread-safe.
/// </summary>
internal sealed class TextSet
{
    private const int ChunkChars = 1 << 20;
    private const double MaxLoad = 0.7;

    private readonly List<char[]> _chunks = [];
    private int _chunkUsed = ChunkChars;
    private Entry[] _entries;
    private int _mask;
    private int _count;

    // Hash 0 marks an empty slot (a text whose hash is 0 is stored with hash 1).
    private struct Entry
    {
        public int Hash;
        public int Length;
        public int Chunk;
        public int Offset;
    }

    /// <summary>An empty set with room for <paramref name="capacity"/> texts before it grows.</summary>
    public TextSet(int capacity = 16)
    {
        int size = 16;
        while (size * MaxLoad < capacity && size < 1 << 30)
        {
            size <<= 1;
        }
        _entries = NewTable(size);
        _mask = size - 1;
    }

    /// <summary>The number of texts in the set.</summary>
    public int Count => _count;

    /// <summary>Adds <paramref name="text"/>; false when the set already holds it.</summary>
    public bool Add(ReadOnlySpan<char> text) => Add(text, Prepare(text));

    /// <summary>
    /// The first half of <see cref="Add(ReadOnlySpan{char}, int)"/>: hashes <paramref name="text"/> and asks the processor to
    /// fetch the table slot where its probe starts. A million-id table is tens of megabytes, so that slot is almost never in
    /// the cache and waiting for it was most of the cost of an add (perf, 1,000,000 units); a caller that has other work for
    /// the unit does it between the two halves, while the slot is on its way.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public unsafe int Prepare(ReadOnlySpan<char> text)
    {
        int hash = string.GetHashCode(text);
        if (hash == 0)
        {
            hash = 1;
        }
        if (Sse.IsSupported)
        {
            // A hint only: were the array moved by the collector before the instruction runs, it would touch a stale
            // address, which is harmless (a prefetch never faults and keeps nothing).
            Sse.Prefetch0(Unsafe.AsPointer(ref _entries[hash & _mask]));
        }
        return hash;
    }

    /// <summary>Adds <paramref name="text"/> whose <paramref name="hash"/> <see cref="Prepare"/> gave; false when the set already holds it.</summary>
    [MethodImpl(HotPath.Optimized)]
    public bool Add(ReadOnlySpan<char> text, int hash)
    {
        int slot = hash & _mask;
        while (true)
        {
            ref var e = ref _entries[slot];
            if (e.Hash == 0)
            {
                break;
            }
            if (e.Hash == hash && e.Length == text.Length && text.SequenceEqual(_chunks[e.Chunk].AsSpan(e.Offset, e.Length)))
            {
                return false;
            }
            slot = (slot + 1) & _mask;
        }
        var (chunk, offset) = Store(text);
        _entries[slot] = new Entry { Hash = hash, Length = text.Length, Chunk = chunk, Offset = offset };
        if (++_count > _entries.Length * MaxLoad)
        {
            Grow();
        }
        return true;
    }

    private (int Chunk, int Offset) Store(ReadOnlySpan<char> text)
    {
        if (text.Length > ChunkChars - _chunkUsed)
        {
            // A text longer than a chunk gets a chunk of its own size.
            _chunks.Add(new char[Math.Max(ChunkChars, text.Length)]);
            _chunkUsed = 0;
        }
        int chunk = _chunks.Count - 1;
        int offset = _chunkUsed;
        text.CopyTo(_chunks[chunk].AsSpan(offset));
        _chunkUsed += text.Length;
        return (chunk, offset);
    }

    /// <summary>
    /// A zeroed table whose memory has been written once, front to back. A large array comes from fresh pages the kernel
    /// maps lazily; the table's first touch of a page is a read (the probe), which maps the shared zero page, and the write
    /// that follows then copies it and flushes the page from the other core's TLB. For a million ids that was ~8,000 such
    /// faults in random order, 4 % of the CPU of a run (perf); clearing the array first takes one plain fault per page.
    /// </summary>
    private static Entry[] NewTable(int size)
    {
        var table = new Entry[size];
        Array.Clear(table);
        return table;
    }

    private void Grow()
    {
        var old = _entries;
        _entries = NewTable(old.Length * 2);
        _mask = _entries.Length - 1;
        foreach (var e in old)
        {
            if (e.Hash != 0)
            {
                int slot = e.Hash & _mask;
                while (_entries[slot].Hash != 0)
                {
                    slot = (slot + 1) & _mask;
                }
                _entries[slot] = e;
            }
        }
    }
}
