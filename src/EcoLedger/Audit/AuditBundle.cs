using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EcoLedger.Audit;

/// <summary>The first record of an export bundle.</summary>
/// <param name="FormatVersion">Bundle format version (this code writes and reads <see cref="AuditBundle.FormatVersion"/>).</param>
/// <param name="LedgerId">The ledger's id, as in its checkpoints.</param>
/// <param name="PublicKeyPem">The ledger's checkpoint public key (SubjectPublicKeyInfo PEM).</param>
public sealed record BundleHeader(int FormatVersion, string LedgerId, string PublicKeyPem);

/// <summary>Constants and line encodings of the export bundle (methodology/audit.md, "Export bundle").</summary>
public static class AuditBundle
{
    /// <summary>The format name in the header.</summary>
    public const string FormatName = "ecoledger-audit-bundle";

    /// <summary>The format version this code writes and reads.</summary>
    public const int FormatVersion = 1;

    internal static ReadOnlySpan<byte> EventPrefix => "{\"event\":"u8;

    internal static ReadOnlySpan<byte> CheckpointPrefix => "{\"checkpoint\":"u8;

    internal static ReadOnlySpan<byte> EndPrefix => "{\"end\":"u8;

    internal static ReadOnlySpan<byte> HeaderPrefix => "{\"bundle\":"u8;

    internal static byte[] HeaderLine(BundleHeader h)
    {
        var w = new ArrayBufferWriter<byte>(512);
        CanonicalJson.WriteRaw(w, "{\"bundle\":{\"format\":"u8);
        CanonicalJson.WriteString(w, FormatName);
        CanonicalJson.WriteRaw(w, ",\"format_version\":"u8);
        CanonicalJson.WriteRaw(w, Encoding.ASCII.GetBytes(h.FormatVersion.ToString(CultureInfo.InvariantCulture)));
        CanonicalJson.WriteRaw(w, ",\"hash_algorithm\":\"sha256\",\"ledger_id\":"u8);
        CanonicalJson.WriteString(w, h.LedgerId);
        CanonicalJson.WriteRaw(w, ",\"public_key\":"u8);
        CanonicalJson.WriteString(w, h.PublicKeyPem);
        CanonicalJson.WriteRaw(w, ",\"signature_algorithm\":\"ecdsa-p256-sha256\"}}"u8);
        return w.WrittenSpan.ToArray();
    }

    internal static BundleHeader ParseHeader(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith(HeaderPrefix) || !CanonicalJson.IsCanonical(line))
        {
            throw new FormatException("line 1: not a bundle header");
        }
        using var doc = JsonDocument.Parse(line.ToArray());
        var b = doc.RootElement.GetProperty("bundle");
        if (!b.TryGetProperty("format", out var f) || f.GetString() != FormatName)
        {
            throw new FormatException($"line 1: not an {FormatName}");
        }
        int version = b.TryGetProperty("format_version", out var v) && v.TryGetInt32(out int x) ? x : -1;
        if (version != FormatVersion)
        {
            throw new FormatException($"line 1: unsupported bundle format version {version} (this verifier reads version {FormatVersion})");
        }
        if (b.GetProperty("hash_algorithm").GetString() != "sha256" || b.GetProperty("signature_algorithm").GetString() != "ecdsa-p256-sha256")
        {
            throw new FormatException("line 1: unsupported hash or signature algorithm");
        }
        return new BundleHeader(version, b.GetProperty("ledger_id").GetString()!, b.GetProperty("public_key").GetString()!);
    }

    internal static byte[] EndLine(long events, long checkpoints) =>
        Encoding.ASCII.GetBytes($"{{\"end\":{{\"checkpoints\":{checkpoints.ToString(CultureInfo.InvariantCulture)},\"events\":{events.ToString(CultureInfo.InvariantCulture)}}}}}");
}

/// <summary>
/// Writes an export bundle as a stream of lines: header, events in order with each checkpoint right after the event that
/// completes its tree size (with a consistency proof from the previous checkpoint), and an end record. Memory stays
/// O(log n + checkpoints · log n) whatever the number of events.
/// </summary>
public sealed class BundleWriter : IDisposable
{
    private readonly Stream _out;
    private readonly bool _ownsStream;
    private readonly List<SignedCheckpoint> _checkpoints;
    private readonly CompactRange _range = new();
    private readonly Dictionary<(long Start, int Height), byte[]?> _wanted = [];
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private int _nextCheckpoint;
    private SignedCheckpoint? _previous;
    private bool _completed;

    /// <summary>Starts a bundle on <paramref name="output"/>.</summary>
    /// <param name="output">Where the bundle goes.</param>
    /// <param name="header">Ledger id and public key.</param>
    /// <param name="checkpoints">Every checkpoint to include, in any order; sizes must be distinct.</param>
    /// <param name="ownsStream">Dispose <paramref name="output"/> with the writer.</param>
    public BundleWriter(Stream output, BundleHeader header, IEnumerable<SignedCheckpoint> checkpoints, bool ownsStream = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(checkpoints);
        _out = output;
        _ownsStream = ownsStream;
        _checkpoints = [.. checkpoints.OrderBy(c => c.Checkpoint.TreeSize)];
        for (int i = 1; i < _checkpoints.Count; i++)
        {
            if (_checkpoints[i].Checkpoint.TreeSize == _checkpoints[i - 1].Checkpoint.TreeSize)
            {
                throw new ArgumentException($"Two checkpoints have tree size {_checkpoints[i].Checkpoint.TreeSize}.", nameof(checkpoints));
            }
        }
        // The subtrees each consistency proof needs: complete ones are captured as they form, right-edge ones are folded
        // from the compact range when the proof is written.
        for (int i = 1; i < _checkpoints.Count; i++)
        {
            long m = _checkpoints[i - 1].Checkpoint.TreeSize;
            long n = _checkpoints[i].Checkpoint.TreeSize;
            MerkleProof.Consistency(m, n, (a, b) =>
            {
                if (IsComplete(a, b))
                {
                    _wanted[(a, Height(b - a))] = null;
                }
                return new byte[MerkleHash.Size];
            });
        }
        if (_wanted.Count > 0)
        {
            _range.OnSubtree = (height, start, hash) =>
            {
                if (_wanted.ContainsKey((start, height)))
                {
                    _wanted[(start, height)] = hash.ToArray();
                }
            };
        }
        WriteLine(AuditBundle.HeaderLine(header));
        WriteDueCheckpoints();
    }

    /// <summary>Number of events written.</summary>
    public long Events => _range.Size;

    /// <summary>Writes the next event (and any checkpoint whose tree size it completes).</summary>
    public void Write(JournalEvent journalEvent)
    {
        ArgumentNullException.ThrowIfNull(journalEvent);
        ObjectDisposedException.ThrowIf(_completed, this);
        _line.ResetWrittenCount();
        CanonicalJson.WriteRaw(_line, AuditBundle.EventPrefix);
        int recordStart = _line.WrittenCount;
        journalEvent.WriteCanonicalRecord(_line);
        var record = _line.WrittenSpan[recordStart..];
        Span<byte> leaf = stackalloc byte[MerkleHash.Size];
        MerkleHash.Leaf(record, leaf);
        CanonicalJson.WriteRaw(_line, "}\n"u8);
        _out.Write(_line.WrittenSpan);
        _range.Append(leaf);
        WriteDueCheckpoints();
    }

    /// <summary>Writes any checkpoints not yet written (those beyond the last event) and the end record, and flushes.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }
        while (_nextCheckpoint < _checkpoints.Count)
        {
            WriteCheckpoint(_checkpoints[_nextCheckpoint++], []);
        }
        WriteLine(AuditBundle.EndLine(_range.Size, _checkpoints.Count));
        _out.Flush();
        _completed = true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsStream)
        {
            _out.Dispose();
        }
    }

    private void WriteDueCheckpoints()
    {
        while (_nextCheckpoint < _checkpoints.Count && _checkpoints[_nextCheckpoint].Checkpoint.TreeSize == _range.Size)
        {
            var cp = _checkpoints[_nextCheckpoint++];
            List<byte[]> proof = _previous is null ? [] : MerkleProof.Consistency(_previous.Checkpoint.TreeSize, cp.Checkpoint.TreeSize, Lookup);
            WriteCheckpoint(cp, proof);
        }
    }

    private void WriteCheckpoint(SignedCheckpoint cp, List<byte[]> proof)
    {
        WriteLine(cp.ToJson(proof));
        _previous = cp;
    }

    private byte[] Lookup(long start, long end)
    {
        if (IsComplete(start, end) && _wanted.TryGetValue((start, Height(end - start)), out byte[]? h) && h is not null)
        {
            return h;
        }
        return _range.RootFrom(start);
    }

    private static bool IsComplete(long start, long end)
    {
        long n = end - start;
        return (n & (n - 1)) == 0 && start % n == 0;
    }

    private static int Height(long n) => 63 - (int)long.LeadingZeroCount(n);

    private void WriteLine(byte[] line)
    {
        _out.Write(line);
        _out.WriteByte((byte)'\n');
    }
}

/// <summary>The kind of a bundle record.</summary>
public enum BundleRecordKind
{
    /// <summary>A journal event.</summary>
    Event,

    /// <summary>A signed checkpoint with its consistency proof from the previous one.</summary>
    Checkpoint,

    /// <summary>The end record.</summary>
    End,
}

/// <summary>Reads an export bundle record by record, in constant memory. It parses; it does not verify (see <see cref="BundleVerifier"/>).</summary>
public sealed class BundleReader : IDisposable
{
    private readonly Stream _stream;
    private readonly LineReader _lines;
    private byte[] _current = [];

    /// <summary>Opens a bundle and reads its header.</summary>
    /// <exception cref="FormatException">The first line is not a supported bundle header.</exception>
    public BundleReader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _lines = new LineReader(stream);
        if (!_lines.TryReadLine(out var first))
        {
            throw new FormatException("line 1: the bundle is empty");
        }
        Header = AuditBundle.ParseHeader(first);
    }

    /// <summary>Opens a bundle file.</summary>
    public static BundleReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));

    /// <summary>The header.</summary>
    public BundleHeader Header { get; }

    /// <summary>Kind of the current record.</summary>
    public BundleRecordKind Kind { get; private set; }

    /// <summary>Line number of the current record (the header is line 1).</summary>
    public long LineNumber => _lines.LineNumber;

    /// <summary>Advances to the next record; false at end of file.</summary>
    /// <exception cref="FormatException">A line is not a bundle record.</exception>
    public bool Read()
    {
        if (!_lines.TryReadLine(out var line))
        {
            return false;
        }
        Kind = line.StartsWith(AuditBundle.EventPrefix) ? BundleRecordKind.Event
            : line.StartsWith(AuditBundle.CheckpointPrefix) ? BundleRecordKind.Checkpoint
            : line.StartsWith(AuditBundle.EndPrefix) ? BundleRecordKind.End
            : throw new FormatException($"line {LineNumber}: not a bundle record");
        _current = line.ToArray();
        return true;
    }

    /// <summary>The current event.</summary>
    public JournalEvent GetEvent()
    {
        if (Kind != BundleRecordKind.Event)
        {
            throw new InvalidOperationException("The current record is not an event.");
        }
        var inner = _current.AsSpan(AuditBundle.EventPrefix.Length, _current.Length - AuditBundle.EventPrefix.Length - 1);
        return EventLine.Parse(inner, out string? error) ?? throw new FormatException($"line {LineNumber}: {error}");
    }

    /// <summary>The current checkpoint and the consistency proof from the previous one (empty for the first).</summary>
    public (SignedCheckpoint Checkpoint, IReadOnlyList<byte[]> ConsistencyProof) GetCheckpoint()
    {
        if (Kind != BundleRecordKind.Checkpoint)
        {
            throw new InvalidOperationException("The current record is not a checkpoint.");
        }
        using var doc = JsonDocument.Parse(_current);
        var cp = SignedCheckpoint.FromJson(doc.RootElement, out var proof);
        return (cp, proof ?? []);
    }

    /// <summary>All events of a bundle file in order, streamed.</summary>
    public static IEnumerable<JournalEvent> ReadEvents(string path)
    {
        using var r = Open(path);
        while (r.Read())
        {
            if (r.Kind == BundleRecordKind.Event)
            {
                yield return r.GetEvent();
            }
        }
    }

    /// <summary>All checkpoints of a bundle file in order.</summary>
    public static List<SignedCheckpoint> ReadCheckpoints(string path)
    {
        using var r = Open(path);
        var list = new List<SignedCheckpoint>();
        while (r.Read())
        {
            if (r.Kind == BundleRecordKind.Checkpoint)
            {
                list.Add(r.GetCheckpoint().Checkpoint);
            }
        }
        return list;
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}

/// <summary>Static entry points for writing a bundle.</summary>
public static class AuditExport
{
    /// <summary>Writes a complete bundle to a stream.</summary>
    /// <returns>The number of events written.</returns>
    public static long Write(Stream output, BundleHeader header, IEnumerable<JournalEvent> events, IEnumerable<SignedCheckpoint> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(events);
        using var w = new BundleWriter(output, header, checkpoints);
        foreach (var e in events)
        {
            w.Write(e);
        }
        w.Complete();
        return w.Events;
    }

    /// <summary>Writes a complete bundle to a file (through a temporary file renamed into place).</summary>
    public static long Write(string path, BundleHeader header, IEnumerable<JournalEvent> events, IEnumerable<SignedCheckpoint> checkpoints)
    {
        long n = 0;
        IO.AtomicFile.Write(path, tmp =>
        {
            using var f = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            n = Write(f, header, events, checkpoints);
        });
        return n;
    }
}
