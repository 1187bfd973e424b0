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
        private byte[] _work = new byte[4096];
        private byte[] _leafInput = new byte[4096];
        private readonly byte[] _prevHash = new byte[MerkleHash.Size];
        private readonly byte[] _claimed = new byte[MerkleHash.Size];
        private readonly byte[] _computed = new byte[MerkleHash.Size];
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
            while (lines.TryReadLine(out var line))
            {
                long lineNo = lines.LineNumber;
                if (ended)
                {
                    return $"line {lineNo}: data after the end record";
                }
                if (lines.LastLineUnterminated)
                {
                    return $"line {lineNo}: the bundle is truncated (the last line has no line feed)";
                }
                string? failure;
                if (line.StartsWith(AuditBundle.EventPrefix) && line[^1] == (byte)'}')
                {
                    failure = Event(line[AuditBundle.EventPrefix.Length..^1]);
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

        private string? Event(ReadOnlySpan<byte> record)
        {
            long expected = Count + 1;
            if (!EventLine.TryParseFields(record, out var f, out string? error))
            {
                return $"event {expected}: malformed record ({error})";
            }
            if (f.Seq != expected)
            {
                return $"event {expected}: out of sequence (found event {f.Seq} where event {expected} was expected)";
            }
            if (!CanonicalJson.IsCanonical(record))
            {
                return $"event {expected}: not in canonical form";
            }
            EventLine.DecodeHash(f.PrevHashHex, _claimed);
            if (!_claimed.AsSpan().SequenceEqual(_prevHash))
            {
                return expected == 1
                    ? "event 1: prev_hash is not 64 zeros"
                    : $"event {expected}: prev_hash does not match the hash of event {expected - 1}";
            }
            // hash = SHA-256(prev_hash bytes ‖ canonical body)
            int need = MerkleHash.Size + EventLine.MaxBodyLength(record.Length);
            if (_work.Length < need)
            {
                _work = new byte[Math.Max(need, _work.Length * 2)];
            }
            _prevHash.CopyTo(_work, 0);
            int bodyLength = EventLine.WriteBody(f, _work.AsSpan(MerkleHash.Size));
            SHA256.HashData(_work.AsSpan(0, MerkleHash.Size + bodyLength), _computed);
            EventLine.DecodeHash(f.HashHex, _claimed);
            if (!_claimed.AsSpan().SequenceEqual(_computed))
            {
                return $"event {expected}: hash mismatch";
            }
            // leaf = SHA-256(0x00 ‖ canonical record)
            if (_leafInput.Length < record.Length + 1)
            {
                _leafInput = new byte[Math.Max(record.Length + 1, _leafInput.Length * 2)];
            }
            _leafInput[0] = 0x00;
            record.CopyTo(_leafInput.AsSpan(1));
            SHA256.HashData(_leafInput.AsSpan(0, record.Length + 1), _computed);
            Range.Append(_computed);
            _claimed.CopyTo(_prevHash, 0);
            Count = expected;
            CountKind(f.KindRaw);
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
