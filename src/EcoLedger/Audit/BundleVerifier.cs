using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EcoLedger.Audit;

/// <summary>The outcome of verifying a bundle.</summary>
/// <param name="Verified">True when every check passed.</param>
/// <param name="Failure">The first failure, e.g. <c>event 1234: hash mismatch</c>; null when verified.</param>
/// <param name="LedgerId">The ledger id from the header (null if the header could not be read).</param>
/// <param name="PublicKeyFingerprint">SHA-256 of the public key's DER SubjectPublicKeyInfo, hex.</param>
/// <param name="Events">Events that verified before the failure (all of them when verified).</param>
/// <param name="RootHash">Root of the verified events, hex.</param>
/// <param name="Checkpoints">Checkpoints that verified, in order.</param>
/// <param name="EventsByKind">Number of verified events per kind.</param>
public sealed record BundleVerification(
    bool Verified,
    string? Failure,
    string? LedgerId,
    string? PublicKeyFingerprint,
    long Events,
    string RootHash,
    IReadOnlyList<SignedCheckpoint> Checkpoints,
    IReadOnlyDictionary<string, long> EventsByKind);

/// <summary>
/// Verifies an export bundle offline, needing nothing but the file (and optionally a checkpoint the auditor already trusts):
/// record order, canonical form, the hash chain, the Merkle root at every checkpoint, every signature, the consistency proof
/// between successive checkpoints, the trusted checkpoint, and (through <see cref="IEventReplayer"/>) the ledger's own
/// invariants. Stops at the first failure and names it. Memory is constant in the number of events.
/// </summary>
public static class BundleVerifier
{
    /// <summary>Verifies a bundle file.</summary>
    /// <param name="path">The bundle.</param>
    /// <param name="trustedCheckpoint">A checkpoint obtained earlier from the same ledger; the bundle must extend it.</param>
    /// <param name="replayer">The ledger's replay of events, checking its invariants; null to skip.</param>
    /// <param name="trustedPublicKeyPem">The ledger's public key as the auditor knows it; the bundle's must be the same.</param>
    public static BundleVerification Verify(string path, SignedCheckpoint? trustedCheckpoint = null, IEventReplayer? replayer = null, string? trustedPublicKeyPem = null)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Verify(f, trustedCheckpoint, replayer, trustedPublicKeyPem);
    }

    /// <summary>Verifies a bundle read from a stream. See <see cref="Verify(string, SignedCheckpoint?, IEventReplayer?, string?)"/>.</summary>
    public static BundleVerification Verify(Stream bundle, SignedCheckpoint? trustedCheckpoint = null, IEventReplayer? replayer = null, string? trustedPublicKeyPem = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var run = new Run(bundle, trustedCheckpoint, replayer, trustedPublicKeyPem);
        string? failure;
        try
        {
            failure = run.Execute();
        }
        catch (InvalidDataException e)
        {
            failure = e.Message;
        }
        return new BundleVerification(failure is null, failure, run.LedgerId, run.Fingerprint, run.Count,
            Convert.ToHexStringLower(run.Range.Root()), run.Checkpoints, run.ByKind);
    }

    private sealed class Run(Stream bundle, SignedCheckpoint? trusted, IEventReplayer? replayer, string? trustedKeyPem)
    {
        private readonly Dictionary<string, long> _byKind = new(StringComparer.Ordinal);
        private readonly byte[] _prevHash = new byte[MerkleHash.Size];
        private ECDsa? _key;
        private string? _keyPem;

        public string? LedgerId { get; private set; }

        public string? Fingerprint { get; private set; }

        public long Count { get; private set; }

        public CompactRange Range { get; } = new();

        public List<SignedCheckpoint> Checkpoints { get; } = [];

        public IReadOnlyDictionary<string, long> ByKind => _byKind;

        public string? Execute()
        {
            try
            {
                return ExecuteCore();
            }
            finally
            {
                _key?.Dispose();
            }
        }

        private string? ExecuteCore()
        {
            var lines = new LineReader(bundle);
            if (!lines.TryReadLine(out var first))
            {
                return "line 1: the bundle is empty";
            }
            BundleHeader header;
            try
            {
                header = AuditBundle.ParseHeader(first);
            }
            catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return e is FormatException ? e.Message : "line 1: not a bundle header";
            }
            LedgerId = header.LedgerId;
            _keyPem = header.PublicKeyPem;
            try
            {
                _key = LedgerKeys.ImportPublicKey(header.PublicKeyPem);
                Fingerprint = LedgerKeys.Fingerprint(header.PublicKeyPem);
            }
            catch (FormatException)
            {
                return "line 1: the public key is not a P-256 public key in PEM";
            }
            if (trustedKeyPem is not null && LedgerKeys.Fingerprint(trustedKeyPem) != Fingerprint)
            {
                return "the bundle's public key differs from the trusted public key";
            }
            if (trusted is not null)
            {
                if (trusted.Checkpoint.LedgerId != LedgerId)
                {
                    return $"trusted checkpoint is for ledger {trusted.Checkpoint.LedgerId}, the bundle is ledger {LedgerId}";
                }
                if (!VerifySignature(trusted))
                {
                    return "trusted checkpoint: signature does not verify with the bundle's public key";
                }
                if (trusted.Checkpoint.TreeSize == 0 && trusted.Checkpoint.RootHash != Convert.ToHexStringLower(MerkleHash.Empty))
                {
                    return "trusted checkpoint at size 0 does not have the empty tree's root";
                }
            }

            SignedCheckpoint? previous = null;
            bool ended = false;
            // Pipeline: while this thread runs the order-dependent checks on batch i, the per-event work of batch i + 1
            // (parse, canonical form, event hash, leaf hash) runs on the thread pool. Batches are bounded, so memory is too.
            var firstBatch = ReadBatch(lines);
            firstBatch.ComputeEvents();
            var pending = Task.FromResult(firstBatch);
            while (true)
            {
                var batch = pending.Result;
                if (batch.Count == 0)
                {
                    break;
                }
                var next = ReadBatch(lines);
                pending = Task.Run(() =>
                {
                    next.ComputeEvents();
                    return next;
                });
                for (int i = 0; i < batch.Count; i++)
                {
                    long lineNo = batch.FirstLine + i;
                    if (ended)
                    {
                        return $"line {lineNo}: data after the end record";
                    }
                    if (batch.Unterminated && i == batch.Count - 1)
                    {
                        return $"line {lineNo}: the bundle is truncated (the last line has no line feed)";
                    }
                    var line = batch.Line(i);
                    string? failure;
                    if (batch.IsEvent(i))
                    {
                        failure = Event(batch, i);
                    }
                    else if (line.StartsWith(AuditBundle.CheckpointPrefix))
                    {
                        failure = CheckpointRecord(line, ref previous);
                    }
                    else if (line.StartsWith(AuditBundle.EndPrefix))
                    {
                        failure = End(line);
                        ended = true;
                    }
                    else
                    {
                        failure = $"line {lineNo} (where event {Count + 1} or a checkpoint was expected): not a bundle record";
                    }
                    if (failure is not null)
                    {
                        return failure;
                    }
                }
            }
            if (!ended)
            {
                return $"bundle is truncated after event {Count} (no end record)";
            }
            if (previous is null)
            {
                return "bundle has no checkpoint";
            }
            if (previous.Checkpoint.TreeSize != Count)
            {
                return $"events {previous.Checkpoint.TreeSize + 1}-{Count} are not covered by a signed checkpoint";
            }
            if (trusted is not null && trusted.Checkpoint.TreeSize > Count)
            {
                return $"trusted checkpoint at size {trusted.Checkpoint.TreeSize} is beyond the bundle's {Count} events";
            }
            string? end = replayer?.Finish();
            return end is null ? null : $"after event {Count}: {end}";
        }

        private static Batch ReadBatch(LineReader lines)
        {
            var batch = new Batch(lines.LineNumber + 1);
            while (batch.Count < Batch.MaxLines && batch.Bytes < Batch.MaxBytes && lines.TryReadLine(out var line))
            {
                batch.Add(line, lines.LastLineUnterminated);
            }
            return batch;
        }

        private string? Event(Batch batch, int i)
        {
            long expected = Count + 1;
            ref readonly var r = ref batch.Result(i);
            if (r.Error is not null)
            {
                return $"event {expected}: malformed record ({r.Error})";
            }
            if (r.Seq != expected)
            {
                return $"event {expected}: out of sequence (found event {r.Seq} where event {expected} was expected)";
            }
            if (!r.Canonical)
            {
                return $"event {expected}: not in canonical form";
            }
            if (!batch.PrevHash(i).SequenceEqual(_prevHash))
            {
                return expected == 1
                    ? "event 1: prev_hash is not 64 zeros"
                    : $"event {expected}: prev_hash does not match the hash of event {expected - 1}";
            }
            if (!r.HashMatches)
            {
                return $"event {expected}: hash mismatch";
            }
            Range.Append(batch.LeafHash(i));
            batch.Hash(i).CopyTo(_prevHash);
            Count = expected;
            var record = batch.Record(i);
            CountKind(record.Slice(r.KindStart, r.KindLength));
            if (replayer is not null)
            {
                var e = EventLine.Parse(record, out _)!;
                string? problem = replayer.Apply(e);
                if (problem is not null)
                {
                    return $"event {expected}: {problem}";
                }
            }
            if (trusted is not null && trusted.Checkpoint.TreeSize == Count
                && Convert.ToHexStringLower(Range.Root()) != trusted.Checkpoint.RootHash)
            {
                return $"trusted checkpoint at size {Count} not consistent with the bundle (events 1-{Count} have a different root)";
            }
            return null;
        }

        private void CountKind(ReadOnlySpan<byte> kindRaw)
        {
            var body = kindRaw[1..^1];
            Span<char> chars = stackalloc char[128];
            if (body.Length <= chars.Length && Ascii.IsValid(body) && body.IndexOf((byte)'\\') < 0)
            {
                int n = Encoding.ASCII.GetChars(body, chars);
                var lookup = _byKind.GetAlternateLookup<ReadOnlySpan<char>>();
                CollectionsMarshal.GetValueRefOrAddDefault(lookup, chars[..n], out _)++;
                return;
            }
            var reader = new Utf8JsonReader(kindRaw);
            reader.Read();
            string kind = reader.GetString()!;
            _byKind[kind] = _byKind.GetValueOrDefault(kind) + 1;
        }

        private string? CheckpointRecord(ReadOnlySpan<byte> line, ref SignedCheckpoint? previous)
        {
            SignedCheckpoint cp;
            List<byte[]>? proof;
            try
            {
                if (!CanonicalJson.IsCanonical(line))
                {
                    return $"checkpoint after event {Count}: not in canonical form";
                }
                using var doc = JsonDocument.Parse(line.ToArray());
                cp = SignedCheckpoint.FromJson(doc.RootElement, out proof);
            }
            catch (Exception e) when (e is FormatException or JsonException)
            {
                return $"checkpoint after event {Count}: malformed ({e.Message})";
            }
            if (proof is null)
            {
                return $"checkpoint after event {Count}: no consistency_proof";
            }
            long size = cp.Checkpoint.TreeSize;
            if (cp.Checkpoint.LedgerId != LedgerId)
            {
                return $"checkpoint at size {size}: ledger id {cp.Checkpoint.LedgerId} differs from the bundle's {LedgerId}";
            }
            if (size > Count)
            {
                return $"event {Count + 1}: missing (checkpoint at size {size} follows event {Count})";
            }
            if (size < Count)
            {
                return $"checkpoint at size {size}: placed after event {Count}";
            }
            if (previous is not null && size <= previous.Checkpoint.TreeSize)
            {
                return $"checkpoint at size {size}: not larger than the previous checkpoint at size {previous.Checkpoint.TreeSize}";
            }
            if (!VerifySignature(cp))
            {
                return $"checkpoint at size {size}: signature does not verify with the bundle's public key";
            }
            if (previous is not null && cp.Checkpoint.Time < previous.Checkpoint.Time)
            {
                return $"checkpoint at size {size}: its time is earlier than the previous checkpoint's";
            }
            if (Convert.ToHexStringLower(Range.Root()) != cp.Checkpoint.RootHash)
            {
                return $"checkpoint at size {size}: root hash does not match events 1-{size}";
            }
            if (previous is null || previous.Checkpoint.TreeSize == 0)
            {
                if (proof.Count != 0)
                {
                    return $"checkpoint at size {size}: a consistency proof where none is expected";
                }
            }
            else if (!MerkleProof.VerifyConsistency(previous.Checkpoint.TreeSize, size,
                         Convert.FromHexString(previous.Checkpoint.RootHash), Convert.FromHexString(cp.Checkpoint.RootHash), proof))
            {
                return $"checkpoint at size {previous.Checkpoint.TreeSize} not consistent with size {size}";
            }
            previous = cp;
            Checkpoints.Add(cp);
            return null;
        }

        private string? End(ReadOnlySpan<byte> line)
        {
            try
            {
                using var doc = JsonDocument.Parse(line.ToArray());
                var end = doc.RootElement.GetProperty("end");
                long events = end.GetProperty("events").GetInt64();
                long checkpoints = end.GetProperty("checkpoints").GetInt64();
                if (!CanonicalJson.IsCanonical(line) || doc.RootElement.EnumerateObject().Count() != 1 || end.EnumerateObject().Count() != 2)
                {
                    return "end record: malformed";
                }
                if (events != Count || checkpoints != Checkpoints.Count)
                {
                    return $"end record: says {events} events and {checkpoints} checkpoints, the bundle has {Count} and {Checkpoints.Count}";
                }
                return null;
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                return "end record: malformed";
            }
        }

        private bool VerifySignature(SignedCheckpoint cp)
        {
            byte[] sig;
            try
            {
                sig = Convert.FromBase64String(cp.Signature);
            }
            catch (FormatException)
            {
                return false;
            }
            return _key!.VerifyData(cp.Checkpoint.ToSignedBytes(), sig, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
    }
}

/// <summary>
/// A run of bundle lines copied out of the reader, with the per-event work that does not depend on earlier events done
/// for all its event lines (in parallel): parse, canonical check, event hash from the line's own prev_hash, leaf hash.
/// </summary>
internal sealed class Batch(long firstLine)
{
    public const int MaxLines = 8192;
    public const int MaxBytes = 8 << 20;
    private const int Chunk = 512;

    private byte[] _data = new byte[1 << 16];
    private readonly List<(int Start, int Length)> _lines = new(MaxLines);
    private EventResult[] _results = [];
    private byte[] _hashes = [];

    public long FirstLine { get; } = firstLine;

    public int Count => _lines.Count;

    public int Bytes { get; private set; }

    public bool Unterminated { get; private set; }

    public void Add(ReadOnlySpan<byte> line, bool unterminated)
    {
        if (_data.Length < Bytes + line.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, Bytes + line.Length));
        }
        line.CopyTo(_data.AsSpan(Bytes));
        _lines.Add((Bytes, line.Length));
        Bytes += line.Length;
        Unterminated = unterminated;
    }

    public ReadOnlySpan<byte> Line(int i) => _data.AsSpan(_lines[i].Start, _lines[i].Length);

    public bool IsEvent(int i)
    {
        var line = Line(i);
        return line.StartsWith(AuditBundle.EventPrefix) && line[^1] == (byte)'}';
    }

    public ReadOnlySpan<byte> Record(int i) => Line(i)[AuditBundle.EventPrefix.Length..^1];

    public ref readonly EventResult Result(int i) => ref _results[i];

    public ReadOnlySpan<byte> PrevHash(int i) => _hashes.AsSpan(i * 96, 32);

    public ReadOnlySpan<byte> Hash(int i) => _hashes.AsSpan(i * 96 + 32, 32);

    public ReadOnlySpan<byte> LeafHash(int i) => _hashes.AsSpan(i * 96 + 64, 32);

    public void ComputeEvents()
    {
        _results = new EventResult[Count];
        _hashes = new byte[Count * 96];
        int chunks = (Count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, () => new byte[4096], (c, _, work) =>
        {
            for (int i = c * Chunk; i < Math.Min(Count, (c + 1) * Chunk); i++)
            {
                if (IsEvent(i))
                {
                    work = Compute(i, work);
                }
            }
            return work;
        }, _ => { });
    }

    private byte[] Compute(int i, byte[] work)
    {
        var record = Record(i);
        ref var r = ref _results[i];
        if (!EventLine.TryParseFields(record, out var f, out string? error))
        {
            r.Error = error;
            return work;
        }
        r.Seq = f.Seq;
        r.KindStart = (int)(Unsafe.ByteOffset(ref MemoryMarshal.GetReference(record), ref MemoryMarshal.GetReference(f.KindRaw)));
        r.KindLength = f.KindRaw.Length;
        r.Canonical = EventLine.IsCanonicalRecord(record, f);
        var hashes = _hashes.AsSpan(i * 96, 96);
        EventLine.DecodeHash(f.PrevHashHex, hashes[..32]);
        EventLine.DecodeHash(f.HashHex, hashes.Slice(32, 32));
        if (work.Length < record.Length + MerkleHash.Size + 1)
        {
            work = new byte[record.Length * 2 + MerkleHash.Size];
        }
        // hash = SHA-256(prev_hash bytes ‖ canonical body), with the prev_hash this line claims (its link is checked in order).
        hashes[..32].CopyTo(work);
        int bodyLength = EventLine.WriteBody(f, work.AsSpan(MerkleHash.Size));
        Span<byte> computed = stackalloc byte[MerkleHash.Size];
        SHA256.HashData(work.AsSpan(0, MerkleHash.Size + bodyLength), computed);
        r.HashMatches = computed.SequenceEqual(hashes.Slice(32, 32));
        // leaf = SHA-256(0x00 ‖ canonical record)
        work[0] = 0x00;
        record.CopyTo(work.AsSpan(1));
        SHA256.HashData(work.AsSpan(0, record.Length + 1), hashes.Slice(64, 32));
        return work;
    }

    internal struct EventResult
    {
        public string? Error;
        public long Seq;
        public bool Canonical;
        public bool HashMatches;
        public int KindStart;
        public int KindLength;
    }
}
