using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EcoLedger.Audit;
using EcoLedger.Ledger;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

/// <summary>The ledger's audit identity.</summary>
/// <param name="LedgerId">The id signed into every checkpoint.</param>
/// <param name="PublicKeyPem">The checkpoint public key (SubjectPublicKeyInfo PEM).</param>
/// <param name="Fingerprint">SHA-256 of the public key's DER, hex (what auditors pin).</param>
/// <param name="TreeSize">Events covered by the latest checkpoint.</param>
public sealed record AuditIdentity(string LedgerId, string PublicKeyPem, string Fingerprint, long TreeSize);

/// <summary>The outcome of <c>audit verify --db</c>.</summary>
/// <param name="Verified">True when every check passed.</param>
/// <param name="Failure">The first failure (null when verified).</param>
/// <param name="Differences">Every difference between the live tables and the replay of the journal (at most 50).</param>
/// <param name="LedgerId">Ledger id (null without an audit identity).</param>
/// <param name="Events">Events that verified before the failure.</param>
/// <param name="RootHash">Root of the verified events, hex.</param>
/// <param name="Checkpoints">Checkpoints whose signature and root verified.</param>
/// <param name="EventsByKind">Verified events per kind.</param>
/// <param name="Replay">The ledger as replayed from the journal (for the supply table).</param>
public sealed record LiveVerification(bool Verified, string? Failure, IReadOnlyList<string> Differences, string? LedgerId, long Events,
    string RootHash, IReadOnlyList<SignedCheckpoint> Checkpoints, IReadOnlyDictionary<string, long> EventsByKind, InMemoryLedgerStore Replay);

/// <summary>
/// The audit side of a ledger database: the checkpoint key pair next to the file, the tree state kept in <c>audit_state</c> (a compact
/// range, so a checkpoint hashes only the events written since the previous one), signed checkpoints in <c>audit_checkpoints</c>
/// (append-only), complete subtrees of 2^8 events and more in <c>audit_subtrees</c> (for proofs in O(log n) reads), export, proofs,
/// and verification of the live tables (methodology/audit.md §10).
/// </summary>
public sealed partial class LedgerDatabase
{
    /// <summary>Complete subtrees of at least 2^this many events are stored; smaller ones are rehashed from the journal for a proof.</summary>
    public const int StoredSubtreeHeight = 8;

    private const int MaxDifferences = 50;
    private CheckpointSigner? _signer;
    private ICheckpointKeyStore? _keyStore;

    /// <summary>Where the checkpoint signing key is (default: <c>&lt;db&gt;.key.pem</c> beside the database file, <see cref="StorageProvider.FilesBase"/>; mode 0600, never exported).</summary>
    public ICheckpointKeyStore KeyStore
    {
        get => _keyStore ??= new FileKeyStore(FilesBase + ".key.pem");
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _signer?.Dispose();
            _signer = null;
            _keyStore = value;
        }
    }

    /// <summary>The signing key's location, for messages.</summary>
    public string PrivateKeyPath => KeyStore.Location;

    /// <summary>The checkpoint public key, SubjectPublicKeyInfo PEM, next to the database.</summary>
    public string PublicKeyPath => FilesBase + ".pub.pem";

    /// <summary>A fresh ledger id: <c>ecoledger-</c> and 12 random hex digits.</summary>
    public static string NewLedgerId() => "ecoledger-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>The audit identity, or null when the ledger was initialised without one.</summary>
    public AuditIdentity? AuditIdentity()
    {
        using var cmd = Command("SELECT ledger_id, public_key, tree_size FROM audit_state WHERE id = 1");
        using var r = cmd.ExecuteReader();
        return r.Read() ? new AuditIdentity(r.GetString(0), r.GetString(1), LedgerKeys.Fingerprint(r.GetString(1)), r.GetInt64(2)) : null;
    }

    /// <summary>
    /// Gives the ledger its audit identity (once): creates the ECDSA P-256 key pair next to the database (or reuses a private key left
    /// by an interrupted init), records the ledger id and public key, and signs the first checkpoint over the journal so far.
    /// Returns the existing identity when there is one.
    /// </summary>
    public AuditIdentity InitializeAudit(string? ledgerId)
    {
        if (AuditIdentity() is { } existing)
        {
            if (ledgerId is not null && ledgerId != existing.LedgerId)
            {
                throw new LedgerException($"The ledger already has the id '{existing.LedgerId}'; it cannot become '{ledgerId}'.");
            }
            return existing;
        }
        string id = CommandInput.LedgerId(ledgerId ?? NewLedgerId());
        string pem;
        if (KeyStore.Exists)
        {
            pem = Signer().PublicKeyPem;
            File.WriteAllText(PublicKeyPath, pem + "\n");
        }
        else
        {
            pem = KeyStore.Create(PublicKeyPath);
        }
        using (var tx = _provider.BeginWrite(_connection))
        {
            _sql.Transaction = tx;
            _sql.Exec("INSERT INTO audit_state (id, ledger_id, public_key, tree_size, compact_range) VALUES (1, @p0, @p1, 0, @p2)",
                id, pem, Array.Empty<byte>());
            AppendCheckpoint(always: true);
            tx.Commit();
        }
        return AuditIdentity()!;
    }

    /// <summary>
    /// Signs a checkpoint over every event now in the journal (on demand: <c>audit checkpoint</c>). When no event was added since the
    /// latest checkpoint, returns that one.
    /// </summary>
    public SignedCheckpoint Checkpoint()
    {
        using var tx = _provider.BeginWrite(_connection);
        _sql.Transaction = tx;
        var cp = AppendCheckpoint(always: true)
            ?? throw new LedgerException($"The ledger {Path} has no audit identity: run 'ecoledger ledger init' to create its checkpoint key.");
        tx.Commit();
        return cp;
    }

    /// <summary>
    /// Called inside every command's transaction, after its journal entries are written and before it commits: appends those entries
    /// to the stored tree state and signs a checkpoint over the whole journal, so command and checkpoint commit together.
    /// Does nothing for a ledger without an audit identity, or when the command wrote no entry (an idempotent repeat).
    /// <paramref name="appended"/>: the entries the transaction appended, in order, when the caller has them; they are hashed into
    /// the tree as they are instead of being read back, provided they are exactly the journal's entries after the stored tree.
    /// </summary>
    internal SignedCheckpoint? AppendCheckpoint(bool always = false, IReadOnlyList<JournalEntry>? appended = null)
    {
        string ledgerId;
        long size;
        byte[] state;
        using (var r = _sql.Prepared("SELECT ledger_id, tree_size, compact_range, public_key FROM audit_state WHERE id = 1").ExecuteReader())
        {
            if (!r.Read())
            {
                return null;
            }
            (ledgerId, size, state) = (r.GetString(0), r.GetInt64(1), (byte[])r.GetValue(2));
            if (_signer is null && Signer().PublicKeyPem.Trim() != r.GetString(3).Trim())
            {
                throw new LedgerException($"The signing key {PrivateKeyPath} does not belong to this ledger (its public key differs from the one recorded); nothing was written.");
            }
        }
        var range = CompactRange.Restore(size, state);
        // Written after the journal reader is closed: PostgreSQL runs one command at a time per connection.
        var subtrees = new List<(int Height, long Start, byte[] Hash)>();
        range.OnSubtree = (height, start, hash) =>
        {
            if (height >= StoredSubtreeHeight)
            {
                subtrees.Add((height, start, hash.ToArray()));
            }
        };
        if (appended is { Count: > 0 } && appended[0].Seq == size + 1 && appended[^1].Seq == size + appended.Count &&
            _sql.Prepared("SELECT MAX(seq) FROM journal").ExecuteScalar() is { } head && head is not DBNull &&
            Convert.ToInt64(head, CultureInfo.InvariantCulture) == appended[^1].Seq)
        {
            // The group's own entries, just sealed: the same bytes as the rows they were written to.
            foreach (var e in appended)
            {
                range.Append(new JournalEvent(e.Seq, e.Time, e.Actor, e.Kind, e.Payload, e.PrevHash, e.Hash).LeafHash());
            }
        }
        else
        {
            using var r = _sql.Prepared("SELECT seq, time, actor, kind, payload, prev_hash, hash FROM journal WHERE seq > @p0 ORDER BY seq", size)
                .ExecuteReader();
            while (r.Read())
            {
                var e = ReadEvent(r);
                if (e.Seq != range.Size + 1)
                {
                    throw new InvalidOperationException($"The journal has no entry {range.Size + 1} (found {e.Seq}); no checkpoint can be signed.");
                }
                range.Append(e.LeafHash());
            }
        }
        range.OnSubtree = null;
        foreach (var (height, start, hash) in subtrees)
        {
            _sql.ExecPrepared("INSERT INTO audit_subtrees (height, start, hash) VALUES (@p0, @p1, @p2) ON CONFLICT (height, start) DO UPDATE SET hash = excluded.hash", height, start, hash);
        }
        if (range.Size == size)
        {
            if (!always)
            {
                return null;
            }
            using var r = _sql.Prepared("SELECT tree_size, ledger_id, root_hash, time, signature FROM audit_checkpoints WHERE tree_size = @p0", size).ExecuteReader();
            if (r.Read())
            {
                return ReadCheckpoint(r);
            }
        }
        var time = _time.GetUtcNow();
        using (var r = _sql.Prepared("SELECT time FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1").ExecuteReader())
        {
            if (r.Read() && Audit.Checkpoint.ParseTime(r.GetString(0)) is var last && last > time)
            {
                time = last; // checkpoint times never go backwards, even if the clock does
            }
        }
        var signed = Signer().Sign(new Audit.Checkpoint(ledgerId, range.Size, Convert.ToHexStringLower(range.Root()), time));
        var c = signed.Checkpoint;
        _sql.ExecPrepared("INSERT INTO audit_checkpoints (tree_size, ledger_id, root_hash, time, signature) VALUES (@p0, @p1, @p2, @p3, @p4)",
            c.TreeSize, c.LedgerId, c.RootHash, c.TimeText, signed.Signature);
        _sql.ExecPrepared("UPDATE audit_state SET tree_size = @p0, compact_range = @p1 WHERE id = 1", range.Size, range.ExportState());
        return signed;
    }

    private CheckpointSigner Signer()
    {
        if (_signer is null)
        {
            if (!KeyStore.Exists)
            {
                throw new LedgerException($"The checkpoint signing key {PrivateKeyPath} is missing: every command ends with a signed checkpoint, so nothing was written.");
            }
            try
            {
                _signer = KeyStore.Load();
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or CryptographicException or ArgumentException)
            {
                throw new LedgerException($"The checkpoint signing key {PrivateKeyPath} cannot be used: {e.Message}");
            }
        }
        return _signer;
    }

    /// <summary>The latest signed checkpoint, or null.</summary>
    public SignedCheckpoint? LatestCheckpoint()
    {
        using var cmd = Command("SELECT tree_size, ledger_id, root_hash, time, signature FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1");
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadCheckpoint(r) : null;
    }

    /// <summary>
    /// The latest checkpoint signed before <paramref name="end"/>, or null: what a daily export "as of" a past day uses
    /// (checkpoint times are fixed-width UTC text and grow with the tree, so text order is time order).
    /// </summary>
    public SignedCheckpoint? CheckpointBefore(DateTimeOffset end)
    {
        using var cmd = Command("SELECT tree_size, ledger_id, root_hash, time, signature FROM audit_checkpoints WHERE time < @p0 ORDER BY tree_size DESC LIMIT 1",
            Audit.Checkpoint.FormatTime(end));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadCheckpoint(r) : null;
    }

    /// <summary>Every stored checkpoint, by tree size.</summary>
    public IReadOnlyList<SignedCheckpoint> Checkpoints()
    {
        using var cmd = Command("SELECT tree_size, ledger_id, root_hash, time, signature FROM audit_checkpoints ORDER BY tree_size");
        using var r = cmd.ExecuteReader();
        var list = new List<SignedCheckpoint>();
        while (r.Read())
        {
            list.Add(ReadCheckpoint(r));
        }
        return list;
    }

    /// <summary>Journal events <paramref name="from"/> … <paramref name="to"/> in order, streamed (one SQLite statement, one snapshot).</summary>
    public IEnumerable<JournalEvent> JournalEvents(long from = 1, long to = long.MaxValue)
    {
        using var cmd = Command("SELECT seq, time, actor, kind, payload, prev_hash, hash FROM journal WHERE seq >= @p0 AND seq <= @p1 ORDER BY seq", from, to);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            yield return ReadEvent(r);
        }
    }

    /// <summary>
    /// Writes the export bundle: signs a checkpoint over the journal first, then streams the events it covers with every stored
    /// checkpoint. Memory does not grow with the number of events. Returns the number of events and the latest checkpoint.
    /// </summary>
    public (long Events, SignedCheckpoint Latest) ExportAudit(string path)
    {
        var latest = Checkpoint();
        var id = AuditIdentity()!;
        var checkpoints = Checkpoints().Where(c => c.Checkpoint.TreeSize <= latest.Checkpoint.TreeSize);
        long n = AuditExport.Write(path, new BundleHeader(AuditBundle.FormatVersion, id.LedgerId, id.PublicKeyPem),
            JournalEvents(1, latest.Checkpoint.TreeSize), checkpoints);
        return (n, latest);
    }

    /// <summary>Inclusion proof of event <paramref name="seq"/> against the latest checkpoint (or <paramref name="checkpoint"/>).</summary>
    public InclusionProofFile ProveEvent(long seq, SignedCheckpoint? checkpoint = null)
    {
        var cp = checkpoint ?? LatestCheckpoint() ?? throw new LedgerException("The ledger has no signed checkpoint to prove against.");
        long n = cp.Checkpoint.TreeSize;
        if (seq < 1 || seq > n)
        {
            throw new LedgerException($"Event {seq} is not covered by the checkpoint at size {n}.");
        }
        var e = JournalEvents(seq, seq).Single();
        return new InclusionProofFile(e, seq - 1, n, MerkleProof.Inclusion(seq - 1, n, new ProofSource(this).Subtree), cp);
    }

    /// <summary>Consistency proof between two checkpoints of this ledger (both within the journal).</summary>
    public ConsistencyProofFile ProveConsistency(SignedCheckpoint from, SignedCheckpoint to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        long m = from.Checkpoint.TreeSize;
        long n = to.Checkpoint.TreeSize;
        long head = AuditIdentity()?.TreeSize ?? 0;
        if (m > n || n > head)
        {
            throw new LedgerException($"No consistency proof from size {m} to size {n}: sizes must not decrease and the tree has {head} events.");
        }
        return new ConsistencyProofFile(from, to, MerkleProof.Consistency(m, n, new ProofSource(this).Subtree));
    }

    /// <summary>
    /// <c>audit verify --db</c>: the bundle verifier's checks on the live tables. Streams the journal and checks sequence, canonical
    /// form, links and hashes; recomputes the tree and checks every stored checkpoint (signature, root, time order) and stored
    /// subtree; replays each event through <paramref name="replayer"/>; then compares the live blocks, postings, projects, requests
    /// and participants with the replay, naming each row that differs.
    /// </summary>
    public LiveVerification VerifyLive(LedgerReplayer? replayer = null, string? trustedPublicKeyPem = null) =>
        InReadSnapshot(() => VerifyLiveInSnapshot(replayer, trustedPublicKeyPem));

    /// <summary>
    /// Runs <paramref name="read"/> inside one read transaction, so every query sees the same committed state: a verification that
    /// reads the journal and then the tables must not see commands committed in between (they would look like tampering).
    /// </summary>
    /// <remarks>
    /// A plain <c>BEGIN</c> (deferred): in WAL mode the snapshot is taken at the first read and held to the end, while writers go on
    /// committing. It is issued as SQL rather than through <c>BeginTransaction</c> so that the EF contexts and commands used by the
    /// read need no transaction object of their own.
    /// </remarks>
    public T InReadSnapshot<T>(Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var snapshot = _provider.ReadSnapshot(_connection);
        return read();
    }

    private LiveVerification VerifyLiveInSnapshot(LedgerReplayer? replayer, string? trustedPublicKeyPem)
    {
        replayer ??= new LedgerReplayer();
        replayer.LedgerId ??= AuditIdentity()?.LedgerId; // participants' signatures must be bound to this ledger
        var id = AuditIdentity();
        var checkpoints = Checkpoints();
        var verified = new List<SignedCheckpoint>();
        var byKind = new Dictionary<string, long>(StringComparer.Ordinal);
        var range = new CompactRange();
        var differences = new List<string>();
        long count = 0;
        LiveVerification Result(string? failure) => new(failure is null, failure, differences, id?.LedgerId, count,
            Convert.ToHexStringLower(range.Root()), verified, byKind, replayer.Store);

        if (id is not null && trustedPublicKeyPem is not null && LedgerKeys.Fingerprint(trustedPublicKeyPem) != id.Fingerprint)
        {
            return Result("the ledger's public key differs from the trusted public key");
        }
        if (id is null && checkpoints.Count > 0)
        {
            return Result("audit_state: the checkpoints have no ledger identity (the audit_state row is missing)");
        }
        var stored = new Dictionary<(int, long), byte[]>();
        using (var cmd = Command("SELECT height, start, hash FROM audit_subtrees"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                stored[(r.GetInt32(0), r.GetInt64(1))] = (byte[])r.GetValue(2);
            }
        }
        string? subtreeFailure = null;
        range.OnSubtree = (height, start, hash) =>
        {
            if (subtreeFailure is null && height >= StoredSubtreeHeight && stored.TryGetValue((height, start), out var s) && !hash.SequenceEqual(s))
            {
                subtreeFailure = $"audit_subtrees: the subtree of events {start + 1}-{start + (1L << height)} does not match the journal";
            }
        };
        int next = 0;
        string? CheckDue()
        {
            for (; next < checkpoints.Count && checkpoints[next].Checkpoint.TreeSize == count; next++)
            {
                var cp = checkpoints[next];
                var c = cp.Checkpoint;
                if (c.LedgerId != id!.LedgerId)
                {
                    return $"checkpoint at size {c.TreeSize}: ledger id {c.LedgerId} is not the ledger's ({id.LedgerId})";
                }
                if (!cp.VerifySignature(id.PublicKeyPem))
                {
                    return $"checkpoint at size {c.TreeSize}: signature does not verify with the ledger's public key";
                }
                if (verified.Count > 0 && c.Time < verified[^1].Checkpoint.Time)
                {
                    return $"checkpoint at size {c.TreeSize}: its time is earlier than the previous checkpoint's";
                }
                if (c.RootHash != Convert.ToHexStringLower(range.Root()))
                {
                    return $"checkpoint at size {c.TreeSize}: root hash does not match events 1-{c.TreeSize}";
                }
                verified.Add(cp);
            }
            return null;
        }
        string prev = JournalEvent.GenesisHash;
        if (CheckDue() is { } f0)
        {
            return Result(f0);
        }
        foreach (var e in JournalEvents())
        {
            long expected = count + 1;
            if (e.Seq != expected)
            {
                return Result($"event {expected}: missing (found event {e.Seq} where event {expected} was expected)");
            }
            if (!CanonicalJson.IsCanonical(Encoding.UTF8.GetBytes(e.Payload)))
            {
                return Result($"event {expected}: not in canonical form");
            }
            if (e.PrevHash != prev)
            {
                return Result($"event {expected}: prev_hash does not match the hash of event {expected - 1}");
            }
            string hash;
            try
            {
                hash = JournalEvent.ComputeHash(e.Seq, e.Time, e.Actor, e.Kind, e.Payload, e.PrevHash);
            }
            catch (FormatException)
            {
                hash = "";
            }
            if (hash != e.Hash)
            {
                return Result($"event {expected}: hash mismatch");
            }
            range.Append(e.LeafHash());
            if (subtreeFailure is not null)
            {
                return Result(subtreeFailure);
            }
            if (replayer.Apply(e) is { } reason)
            {
                return Result($"event {expected}: {reason}");
            }
            count = expected;
            byKind[e.Kind] = byKind.GetValueOrDefault(e.Kind) + 1;
            prev = e.Hash;
            if (CheckDue() is { } f)
            {
                return Result(f);
            }
        }
        if (next < checkpoints.Count)
        {
            long s = checkpoints[next].Checkpoint.TreeSize;
            return Result($"checkpoint at size {s} is beyond the journal's {count} events (events {count + 1}-{s} are missing)");
        }
        if (id is not null)
        {
            long covered = verified.Count > 0 ? verified[^1].Checkpoint.TreeSize : 0;
            if (covered < count)
            {
                return Result($"events {covered + 1}-{count} are not covered by a signed checkpoint");
            }
            if (id.TreeSize != count || !StateMatches(range))
            {
                return Result("audit_state: the stored tree state does not match the journal");
            }
        }
        if (replayer.Finish() is { } end)
        {
            return Result($"after event {count}: {end}");
        }
        CompareLiveTables(replayer.Store, differences);
        CompareModuleTables(d =>
        {
            if (differences.Count < MaxDifferences)
            {
                differences.Add(d);
            }
        });
        return Result(differences.Count > 0 ? differences[0] : null);
    }

    private bool StateMatches(CompactRange range)
    {
        using var cmd = Command("SELECT compact_range FROM audit_state WHERE id = 1");
        return cmd.ExecuteScalar() is byte[] b && b.AsSpan().SequenceEqual(range.ExportState());
    }

    private void CompareLiveTables(InMemoryLedgerStore replay, List<string> differences)
    {
        void Add(string d)
        {
            if (differences.Count < MaxDifferences)
            {
                differences.Add(d);
            }
        }
        using var ctx = NewContext();
        var lastTouch = new Dictionary<long, long>();
        foreach (var (block, seq) in replay.Touches)
        {
            lastTouch[block] = Math.Max(lastTouch.GetValueOrDefault(block), seq);
        }
        var live = ctx.Blocks.AsNoTracking().ToDictionary(b => b.Id);
        foreach (var b in replay.Blocks.OrderBy(b => b.Id))
        {
            string where = $"block {b.Id} ({b.ProjectId} serials {b.Start}-{b.End}, last changed by event {Math.Max(b.CreatedSeq, lastTouch.GetValueOrDefault(b.Id))})";
            if (!live.Remove(b.Id, out var l))
            {
                Add($"{where}: missing from the live blocks table");
                continue;
            }
            CompareColumns(ctx.Model, l, b, where, Add);
        }
        foreach (var extra in live.Values.OrderBy(b => b.Id))
        {
            Add($"block {extra.Id} ({extra.ProjectId} serials {extra.Start}-{extra.End}) is in the live table but no event created it");
        }

        // Every column of a posting is part of its key but amount, which is compared.
        var postings = replay.Postings.ToDictionary(p => (p.Seq, p.Account, p.ProjectId, p.VintageStart, p.VintageEnd), p => p.Amount);
        foreach (var p in ctx.Postings.AsNoTracking().AsEnumerable().OrderBy(p => p.Seq).ThenBy(p => p.Account, StringComparer.Ordinal))
        {
            var key = (p.Seq, p.Account, p.ProjectId, p.VintageStart, p.VintageEnd);
            string where = $"posting of event {p.Seq} to '{p.Account}' ({p.ProjectId} {p.VintageStart:yyyy-MM-dd})";
            if (!postings.Remove(key, out long amount))
            {
                Add($"{where} is in the live table but not in the journal");
            }
            else if (amount != p.Amount)
            {
                Add($"{where}: amount is {p.Amount} in the live table but {amount} by the journal");
            }
        }
        foreach (var (key, amount) in postings.OrderBy(kv => kv.Key.Seq))
        {
            Add($"posting of event {key.Seq} to '{key.Account}' ({key.ProjectId} {key.VintageStart:yyyy-MM-dd}, amount {amount}) is missing from the live table");
        }

        // The history of a serial (ledger history) is read from block_touches: a row deleted hides its event from that history, a row
        // added puts a foreign event into it. Both columns are the key, so the rows are compared as a set.
        var touches = replay.Touches.ToHashSet();
        foreach (var t in ctx.BlockTouches.AsNoTracking().AsEnumerable().OrderBy(t => t.Seq).ThenBy(t => t.BlockId))
        {
            if (!touches.Remove((t.BlockId, t.Seq)))
            {
                Add($"block_touches: event {t.Seq} touching block {t.BlockId} is in the live table but the event did not touch that block");
            }
        }
        foreach (var (block, seq) in touches.OrderBy(t => t.Seq).ThenBy(t => t.Block))
        {
            Add($"block_touches: event {seq} touching block {block} is missing from the live table (the history of the block's serials leaves the event out)");
        }

        var projects = ctx.Projects.AsNoTracking().ToDictionary(p => p.Id);
        foreach (var p in replay.Projects.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            if (!projects.Remove(p.Id, out var l))
            {
                Add($"project '{p.Id}' is missing from the live table");
                continue;
            }
            CompareColumns(ctx.Model, l, p, $"project '{p.Id}'", Add);
        }
        foreach (var extra in projects.Keys.Order(StringComparer.Ordinal))
        {
            Add($"project '{extra}' is in the live table but no event created it");
        }

        // Units and their outlines (the PostGIS column on PostgreSQL is generated from geometry_wkb, so this covers it too); project_id
        // and unit_id are the key, so geometry_wkb is the one column left to compare.
        var units = ctx.Set<ProjectUnit>().AsNoTracking().AsEnumerable().ToDictionary(u => (u.ProjectId, u.UnitId));
        foreach (var u in replay.Projects.SelectMany(p => p.Units).OrderBy(u => u.ProjectId, StringComparer.Ordinal).ThenBy(u => u.UnitId, StringComparer.Ordinal))
        {
            if (!units.Remove((u.ProjectId, u.UnitId), out var l))
            {
                Add($"unit '{u.UnitId}' of project '{u.ProjectId}' is missing from the live table");
            }
            else if (!(l.GeometryWkb ?? []).AsSpan().SequenceEqual(u.GeometryWkb ?? []) || (l.GeometryWkb is null) != (u.GeometryWkb is null))
            {
                Add($"unit '{u.UnitId}' of project '{u.ProjectId}': geometry_wkb differs from the outline in the journal");
            }
        }
        foreach (var (project, unit) in units.Keys.OrderBy(k => k.ProjectId, StringComparer.Ordinal).ThenBy(k => k.UnitId, StringComparer.Ordinal))
        {
            Add($"unit '{unit}' of project '{project}' is in the live table but no event created it");
        }

        var requests = ctx.IssuanceRequests.AsNoTracking().ToDictionary(r => r.Id);
        foreach (var q in replay.Requests.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            if (!requests.Remove(q.Id, out var l))
            {
                Add($"issuance request '{q.Id}' is missing from the live table");
                continue;
            }
            CompareColumns(ctx.Model, l, q, $"issuance request '{q.Id}'", Add);
        }
        foreach (var extra in requests.Keys.Order(StringComparer.Ordinal))
        {
            Add($"issuance request '{extra}' is in the live table but no event created it");
        }

        var participants = ctx.Participants.AsNoTracking().ToDictionary(p => p.Id);
        foreach (var p in replay.Participants.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            if (!participants.Remove(p.Id, out var l))
            {
                Add($"participant '{p.Id}' is missing from the live table");
                continue;
            }
            CompareColumns(ctx.Model, l, p, $"participant '{p.Id}'", Add);
        }
        foreach (var extra in participants.Keys.Order(StringComparer.Ordinal))
        {
            Add($"participant '{extra}' is in the live table but no event added it");
        }
    }

    /// <summary>
    /// Compares every column the EF model maps for <typeparamref name="T"/> (blocks, projects, issuance requests, participants) between
    /// the live row and the row the journal rebuilds, in declaration order, and names each column that differs. The columns come from
    /// the model, not a list, so a column added later is compared without anyone remembering to add it here. Values are compared as
    /// stored (after the model's value conversion: a state as its snake-case text), whichever engine holds the live table.
    /// </summary>
    /// <param name="model">The EF model of the ledger.</param>
    /// <param name="live">The row read from the live table.</param>
    /// <param name="replayed">The same row rebuilt from the journal.</param>
    /// <param name="where">The row, as messages name it (<c>project 'P1'</c>).</param>
    /// <param name="add">Receives each difference.</param>
    private static void CompareColumns<T>(Microsoft.EntityFrameworkCore.Metadata.IModel model, T live, T replayed, string where, Action<string> add)
        where T : class
    {
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"The model has no entity {typeof(T).Name}.");
        var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        foreach (var p in entity.GetProperties().OrderBy(p => p.PropertyInfo?.MetadataToken ?? p.FieldInfo?.MetadataToken ?? int.MaxValue))
        {
            if (p.IsShadowProperty())
            {
                // A shadow column has no value on an entity read without tracking or rebuilt in memory: it could not be compared.
                throw new InvalidOperationException($"{entity.GetTableName()}.{p.GetColumnName(table)} is a shadow property, which the audit cannot compare.");
            }
            var getter = p.GetGetter();
            object? stored = Stored(p, getter.GetClrValue(live)), rebuilt = Stored(p, getter.GetClrValue(replayed));
            if (!System.Collections.StructuralComparisons.StructuralEqualityComparer.Equals(stored, rebuilt))
            {
                add($"{where}: {p.GetColumnName(table)} is {Show(stored)} in the live table but {Show(rebuilt)} by the journal");
            }
        }

        static object? Stored(Microsoft.EntityFrameworkCore.Metadata.IProperty p, object? value) =>
            value is not null && p.GetValueConverter() is { } converter ? converter.ConvertToProvider(value) : value;
    }

    /// <summary>
    /// The tables rebuilt by replaying into a scratch database: the compensation and pricing modules' (written only by their appliers),
    /// the request ids (from <c>command.accepted</c>) and the participants' keys. A replay must give them exactly.
    /// </summary>
    internal static readonly string[] ModuleTables =
    [
        "comp_agreements", "comp_parties", "comp_funding_sources", "comp_rounds", "comp_samples", "comp_payments", "comp_postings",
        "price_quotes", "pledge_loans", "bank_packages", "bank_package_units", "bank_certificates", "bank_distributions",
        "requests", "participant_keys", "ledger_settings",
        "interop_projects", "interop_listings", "interop_labels", "interop_article6", "interop_jurisdictions", .. MonitoringModel.Tables,
    ];

    /// <summary>
    /// Replays the compensation and pricing events into a scratch database (same schema, same appliers as the commands) and compares
    /// those tables with the live ones row by row: a doubled payment, a loan cut to one fen or an edited quote is named.
    /// </summary>
    private void CompareModuleTables(Action<string> add)
    {
        List<JournalEntry> entries;
        using (var ctx = NewContext())
        {
            entries = ctx.Journal.AsNoTracking()
                .Where(j => j.Kind.StartsWith("compensation.") || j.Kind.StartsWith("price.") || j.Kind.StartsWith("bank.") || j.Kind.StartsWith("monitor.") || j.Kind.StartsWith("interop.")
                    || j.Kind.StartsWith("command.") || j.Kind.StartsWith("participant.key_") || j.Kind == ParticipantKeys.PolicyKind)
                .OrderBy(j => j.Seq).ToList();
        }
        if (entries.Count == 0 && ModuleTables.All(t => Convert.ToInt64(Command($"SELECT COUNT(*) FROM \"{t}\"").ExecuteScalar(), CultureInfo.InvariantCulture) == 0))
        {
            return; // no module event and no module row: nothing to rebuild (a credits-only ledger skips the scratch database)
        }
        string scratch = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ecoledger-replay-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            using (var replayed = Open(scratch, _time, durable: false))
            {
                replayed.Commands.Replay(entries);
                using var modelContext = NewContext();
                var model = modelContext.Model;
                foreach (var table in ModuleTables)
                {
                    TableDiff.Compare(model, table, _connection, replayed._connection, add);
                }
            }
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(scratch + suffix);
            }
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexStringLower(bytes),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A read outside any command's transaction (in a snapshot or on its own).</summary>
    private DbCommand Command(string sql, params object?[] values) => new SqlText(_connection).Get(sql, values);

    private static JournalEvent ReadEvent(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6));

    private static SignedCheckpoint ReadCheckpoint(DbDataReader r) =>
        new(new Audit.Checkpoint(r.GetString(1), r.GetInt64(0), r.GetString(2), Audit.Checkpoint.ParseTime(r.GetString(3))), r.GetString(4));

    /// <summary>
    /// Subtree hashes for proofs: complete subtrees of 2^8 events or more from <c>audit_subtrees</c>, smaller ones rehashed from at most
    /// 256 journal rows (read once per chunk), incomplete ones split as RFC 6962 does.
    /// </summary>
    private sealed class ProofSource(LedgerDatabase db)
    {
        private const long Chunk = 1L << StoredSubtreeHeight;
        private readonly Dictionary<long, byte[][]> _leaves = [];

        public byte[] Subtree(long start, long end)
        {
            long n = end - start;
            if ((n & (n - 1)) != 0 || start % n != 0)
            {
                long k = MerkleHash.SplitPoint(n);
                return MerkleHash.Node(Subtree(start, start + k), Subtree(start + k, end));
            }
            int height = 63 - (int)long.LeadingZeroCount(n);
            if (height >= StoredSubtreeHeight)
            {
                using var cmd = db.Command("SELECT hash FROM audit_subtrees WHERE height = @p0 AND start = @p1", height, start);
                if (cmd.ExecuteScalar() is byte[] h)
                {
                    return h;
                }
            }
            if (n == 1)
            {
                return Leaf(start);
            }
            return MerkleHash.Node(Subtree(start, start + n / 2), Subtree(start + n / 2, end));
        }

        private byte[] Leaf(long index)
        {
            long chunk = index / Chunk;
            if (!_leaves.TryGetValue(chunk, out var leaves))
            {
                leaves = db.JournalEvents(chunk * Chunk + 1, (chunk + 1) * Chunk).Select(e => e.LeafHash()).ToArray();
                _leaves[chunk] = leaves;
            }
            return leaves[index % Chunk];
        }
    }
}
