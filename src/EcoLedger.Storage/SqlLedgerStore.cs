using System.Data.Common;
using System.Globalization;
using EcoLedger.Ledger;

namespace EcoLedger.Storage;

/// <summary>
/// Statements of the command path, created once per connection and reused by every transaction; parameters are <c>@p0</c>, <c>@p1</c>, ….
/// A provider binds them its fastest way (SQLite: raw prepared statements bound by position; PostgreSQL: Npgsql's automatic preparation).
/// </summary>
internal abstract class LedgerStatements(DbConnection connection) : IDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = [];

    /// <summary>The open transaction of the current command, or null.</summary>
    public DbTransaction? Transaction { get; set; }

    /// <summary>The cached command for <paramref name="sql"/>, bound to the current transaction, with parameters p0, p1, … set.</summary>
    public DbCommand Get(string sql, params object?[] values)
    {
        return SqlText.Cached(_commands, connection, Transaction, sql, values);
    }

    /// <summary>Executes a write in the open transaction and returns the rows it changed.</summary>
    public virtual int Exec(string sql, params object?[] values) => Get(sql, values).ExecuteNonQuery();

    /// <summary>A date as this provider stores it (ISO text in SQLite, <c>date</c> in PostgreSQL).</summary>
    public abstract object Date(DateOnly date);

    /// <inheritdoc/>
    public virtual void Dispose()
    {
        foreach (var c in _commands.Values)
        {
            c.Dispose();
        }
    }
}

/// <summary>
/// The database side of <see cref="ILedgerStore"/> for one transaction. The schema is the EF Core model's (created by migrations);
/// the command path reads and writes it with prepared statements for throughput. Rows read are kept in an identity map, changes are
/// written at <see cref="Flush"/>: a block update is conditional on the version read (<c>WHERE id = $id AND version = $read</c>),
/// which is the optimistic-concurrency check; journal entries, postings, touches and request ids are appended.
/// </summary>
internal sealed class SqlLedgerStore(LedgerStatements sql, Dictionary<string, Participant> participantCache, int preloadAfterHolders) : ILedgerWriteStore
{
    private static readonly HashSet<string> FinalAccounts = new(StringComparer.Ordinal) { SystemAccounts.Retired, SystemAccounts.Cancelled, SystemAccounts.Issuance };
    private bool _allLoaded;
    private const string BlockColumns = "id, project_id, vintage_start, vintage_end, start, \"end\", holder_id, status, pledgee_id, parent_id, created_seq, version";
    private readonly Dictionary<long, CreditBlock> _blocks = [];
    private readonly Dictionary<long, long> _readVersion = [];
    private readonly Dictionary<string, SortedSet<CreditBlock>> _byHolder = new(StringComparer.Ordinal);
    private readonly HashSet<long> _new = [];
    private readonly HashSet<long> _dirty = [];
    private readonly Dictionary<string, Participant> _newParticipants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Project Project, (ProjectState, long, long)? Read)> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (IssuanceRequest Request, (IssuanceState, string?, long?)? Read)> _requests = new(StringComparer.Ordinal);
    private readonly List<Posting> _postings = [];
    private readonly List<(long Block, long Seq)> _touches = [];
    private readonly List<JournalEntry> _journal = [];
    private readonly Dictionary<string, RequestRecord> _requestRecords = new(StringComparer.Ordinal);
    private readonly HashSet<string> _writtenParticipants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ParticipantKey Key, long? ReadRevokedSeq, bool IsNew)> _keys = new(StringComparer.Ordinal);
    private long? _lastBlockId;
    private (long Seq, string Hash)? _head;

    /// <summary>Participants added in this transaction (to publish to the cache after commit).</summary>
    public IEnumerable<Participant> NewParticipants => _newParticipants.Values;

    public Participant? FindParticipant(string id)
    {
        if (_newParticipants.TryGetValue(id, out var p) || participantCache.TryGetValue(id, out p))
        {
            return p;
        }
        using var r = sql.Get("SELECT role, name FROM participants WHERE id = @p0", id).ExecuteReader();
        if (!r.Read())
        {
            return null;
        }
        p = new Participant(id, LedgerNames.Parse<Role>(r.GetString(0)), r.GetString(1));
        participantCache[id] = p; // participants never change once added
        return p;
    }

    public bool AnyParticipantWithRole(Role role) =>
        _newParticipants.Values.Any(p => p.Role == role) || sql.Get("SELECT 1 FROM participants WHERE role = @p0 LIMIT 1", role.Name()).ExecuteScalar() is not null;

    public Project? FindProject(string id)
    {
        if (_projects.TryGetValue(id, out var known))
        {
            return known.Project;
        }
        using var r = sql.Get("SELECT owner_id, region, methodology, buffer_basis_points, period_start, period_end, state, next_serial, reversal_shortfall " +
            "FROM projects WHERE id = @p0", id).ExecuteReader();
        if (!r.Read())
        {
            return null;
        }
        var p = Project.Restore(id, r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), ReadDate(r.GetValue(4)), ReadDate(r.GetValue(5)),
            LedgerNames.Parse<ProjectState>(r.GetString(6)), r.GetInt64(7), r.GetInt64(8));
        _projects.Add(id, (p, (p.State, p.NextSerial, p.ReversalShortfall)));
        return p;
    }

    public IssuanceRequest? FindRequest(string id)
    {
        if (_requests.TryGetValue(id, out var known))
        {
            return known.Request;
        }
        using var r = sql.Get(RequestSelect + " WHERE id = @p0", id).ExecuteReader();
        return r.Read() ? MapRequest(r) : null;
    }

    public IReadOnlyList<IssuanceRequest> RequestsOf(string projectId)
    {
        var list = new List<IssuanceRequest>();
        using (var r = sql.Get(RequestSelect + " WHERE project_id = @p0", projectId).ExecuteReader())
        {
            while (r.Read())
            {
                list.Add(MapRequest(r));
            }
        }
        return list.Concat(_requests.Values.Where(x => x.Read is null && x.Request.ProjectId == projectId).Select(x => x.Request)).ToList();
    }

    public long ReversedTonnes(string projectId)
    {
        // Reversals are rare: the journal's reversal events (written and pending) are read whole rather than kept in a column.
        var payloads = new List<string>();
        using (var r = sql.Get("SELECT payload FROM journal WHERE kind = @p0", EventKinds.ReversalReported).ExecuteReader())
        {
            while (r.Read())
            {
                payloads.Add(r.GetString(0));
            }
        }
        payloads.AddRange(_journal.Where(j => j.Kind == EventKinds.ReversalReported).Select(j => j.Payload));
        return payloads.Select(p => (ReversalReported)Journal.ReadPayload(EventKinds.ReversalReported, p))
            .Where(r => r.Project == projectId).Sum(r => r.Quantity);
    }

    public void AddReversed(string projectId, long tonnes)
    {
        // Nothing to keep: ReversedTonnes reads the journal, where the event is appended.
    }

    public IReadOnlyList<SharedUnit> ProjectsSharingUnits(string projectId)
    {
        var pairs = new List<(string, string)>();
        HashSet<string>? mine = null;
        if (_projects.TryGetValue(projectId, out var own) && own.Read is null)
        {
            // Created in this transaction and not yet written: its units are in memory only; each is looked up in the unit_id index.
            mine = own.Project.Units.Select(u => u.UnitId).ToHashSet(StringComparer.Ordinal);
            foreach (var unit in mine.Order(StringComparer.Ordinal))
            {
                using var r = sql.Get("SELECT project_id FROM project_units WHERE unit_id = @p0", unit).ExecuteReader();
                while (r.Read())
                {
                    pairs.Add((r.GetString(0), unit));
                }
            }
        }
        else
        {
            // The project's units (primary key prefix) joined to the other rows of each unit (unit_id index): only shared units come back.
            using var r = sql.Get("SELECT o.project_id, o.unit_id FROM project_units m JOIN project_units o ON o.unit_id = m.unit_id AND o.project_id <> m.project_id " +
                "WHERE m.project_id = @p0", projectId).ExecuteReader();
            while (r.Read())
            {
                pairs.Add((r.GetString(0), r.GetString(1)));
            }
        }
        // Projects created earlier in this transaction and not yet written.
        foreach (var (p, read) in _projects.Values)
        {
            if (read is not null || p.Id == projectId || p.Units.Count == 0)
            {
                continue;
            }
            mine ??= OwnUnits(projectId);
            pairs.AddRange(p.Units.Where(u => mine.Contains(u.UnitId)).Select(u => (p.Id, u.UnitId)));
        }
        return SharedUnit.FirstPerProject(pairs.Where(x => x.Item1 != projectId));
    }

    private HashSet<string> OwnUnits(string projectId)
    {
        var units = new HashSet<string>(StringComparer.Ordinal);
        using var r = sql.Get("SELECT unit_id FROM project_units WHERE project_id = @p0", projectId).ExecuteReader();
        while (r.Read())
        {
            units.Add(r.GetString(0));
        }
        return units;
    }

    public CreditBlock? FindBlock(long id)
    {
        if (_blocks.TryGetValue(id, out var b))
        {
            return b;
        }
        using var r = sql.Get($"SELECT {BlockColumns} FROM blocks WHERE id = @p0", id).ExecuteReader();
        return r.Read() ? MapBlock(r) : null;
    }

    public CreditBlock? BlockContaining(string projectId, long serial)
    {
        foreach (var b in _blocks.Values)
        {
            if (b.ProjectId == projectId && b.Start <= serial && serial <= b.End)
            {
                return b;
            }
        }
        using var r = sql.Get($"SELECT {BlockColumns} FROM blocks WHERE project_id = @p0 AND start <= @p1 ORDER BY start DESC LIMIT 1", projectId, serial).ExecuteReader();
        if (!r.Read())
        {
            return null;
        }
        var mapped = MapBlock(r);
        return mapped.Start <= serial && serial <= mapped.End ? mapped : null;
    }

    public IReadOnlyCollection<CreditBlock> BlocksOf(string holderId)
    {
        if (_byHolder.TryGetValue(holderId, out var set))
        {
            return set;
        }
        bool final = FinalAccounts.Contains(holderId);
        if (!_allLoaded && !final && _byHolder.Count >= preloadAfterHolders)
        {
            LoadAllHoldings();
            if (_byHolder.TryGetValue(holderId, out set))
            {
                return set;
            }
        }
        set = new SortedSet<CreditBlock>(CreditBlock.SpendingOrder);
        if (!_allLoaded || final)
        {
            using var r = sql.Get($"SELECT {BlockColumns} FROM blocks WHERE holder_id = @p0", holderId).ExecuteReader();
            while (r.Read())
            {
                var b = MapBlock(r);
                if (b.HolderId == holderId)
                {
                    set.Add(b);
                }
            }
        }
        foreach (var b in _blocks.Values)
        {
            if (b.HolderId == holderId)
            {
                set.Add(b);
            }
        }
        _byHolder.Add(holderId, set);
        return set;
    }

    // A command that has touched many holders (a large batch) reads every holding in one scan instead of one query per holder.
    // Afterwards every holder's set is complete: blocks read now are filed under their current holder, blocks created in this
    // transaction are already in memory. The final accounts (retired, cancelled, issuance) are never preloaded.
    private void LoadAllHoldings()
    {
        using (var r = sql.Get($"SELECT {BlockColumns} FROM blocks WHERE holder_id NOT IN (@p0, @p1, @p2)",
                   SystemAccounts.Retired, SystemAccounts.Cancelled, SystemAccounts.Issuance).ExecuteReader())
        {
            while (r.Read())
            {
                File(MapBlock(r));
            }
        }
        foreach (var b in _blocks.Values)
        {
            File(b);
        }
        _allLoaded = true;

        void File(CreditBlock b)
        {
            if (FinalAccounts.Contains(b.HolderId))
            {
                return;
            }
            if (!_byHolder.TryGetValue(b.HolderId, out var set))
            {
                set = new SortedSet<CreditBlock>(CreditBlock.SpendingOrder);
                _byHolder.Add(b.HolderId, set);
            }
            set.Add(b);
        }
    }

    public long AllocateBlockId()
    {
        long next = (_lastBlockId ?? (long)sql.Get("SELECT COALESCE(MAX(id), 0) FROM blocks").ExecuteScalar()!) + 1;
        _lastBlockId = next;
        return next;
    }

    public void AddParticipant(Participant participant) => _newParticipants.Add(participant.Id, participant);

    public void AddProject(Project project) => _projects.Add(project.Id, (project, null));

    public void AddRequest(IssuanceRequest request) => _requests.Add(request.Id, (request, null));

    public void AddBlock(CreditBlock block)
    {
        _blocks.Add(block.Id, block);
        _new.Add(block.Id);
        if (_byHolder.TryGetValue(block.HolderId, out var set))
        {
            set.Add(block);
        }
    }

    public void BlockChanging(CreditBlock block)
    {
        if (_byHolder.TryGetValue(block.HolderId, out var set))
        {
            set.Remove(block);
        }
    }

    public void BlockChanged(CreditBlock block)
    {
        if (!_new.Contains(block.Id))
        {
            _dirty.Add(block.Id);
        }
        if (_byHolder.TryGetValue(block.HolderId, out var set))
        {
            set.Add(block);
        }
    }

    public void AddTouch(long blockId, long seq) => _touches.Add((blockId, seq));

    public IReadOnlyList<long> TouchesAfter(long blockId, long afterSeq)
    {
        // The key (block_id, seq) answers it; the touches of this transaction are not written yet.
        var seqs = new SortedSet<long>();
        using (var r = sql.Get("SELECT seq FROM block_touches WHERE block_id = @p0 AND seq > @p1", blockId, afterSeq).ExecuteReader())
        {
            while (r.Read())
            {
                seqs.Add(r.GetInt64(0));
            }
        }
        foreach (var (block, seq) in _touches)
        {
            if (block == blockId && seq > afterSeq)
            {
                seqs.Add(seq);
            }
        }
        return [.. seqs];
    }

    public ParticipantKey? FindParticipantKey(string keyId)
    {
        if (_keys.TryGetValue(keyId, out var known))
        {
            return known.Key;
        }
        using var r = sql.Get("SELECT participant_id, public_key, registered_seq, revoked_seq, revoked_reason FROM participant_keys WHERE key_id = @p0", keyId).ExecuteReader();
        if (!r.Read())
        {
            return null;
        }
        var key = ParticipantKey.Restore(keyId, r.GetString(0), r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4));
        _keys.Add(keyId, (key, key.RevokedSeq, false));
        return key;
    }

    public IReadOnlyList<ParticipantKey> ActiveKeysOf(string participantId)
    {
        var ids = new List<string>();
        using (var r = sql.Get("SELECT key_id FROM participant_keys WHERE participant_id = @p0 AND revoked_seq IS NULL", participantId).ExecuteReader())
        {
            while (r.Read())
            {
                ids.Add(r.GetString(0));
            }
        }
        return ids.Select(FindParticipantKey).Concat(_keys.Values.Where(k => k.IsNew).Select(k => k.Key))
            .OfType<ParticipantKey>().Where(k => k.ParticipantId == participantId && k.IsActive).DistinctBy(k => k.KeyId).ToList();
    }

    public void AddParticipantKey(ParticipantKey key) => _keys.Add(key.KeyId, (key, null, true));

    private (bool Loaded, long? Since, bool Dirty) _policy;

    public long? SignaturesRequiredSince
    {
        get
        {
            if (!_policy.Loaded)
            {
                var since = sql.Get("SELECT set_seq FROM ledger_settings WHERE name = 'signatures_required'").ExecuteScalar();
                _policy = (true, since is long s ? s : null, false);
            }
            return _policy.Since;
        }
    }

    public void SetSignaturesRequired(long? since) => _policy = (true, since, true);

    public void ParticipantKeyChanged(ParticipantKey key)
    {
    }

    public void AddPosting(Posting posting) => _postings.Add(posting);

    /// <summary>The last journal entry's sequence number and hash (0 and the genesis hash when empty).</summary>
    public (long Seq, string Hash) Head
    {
        get
        {
            if (_head is null)
            {
                using var r = sql.Get("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").ExecuteReader();
                _head = r.Read() ? (r.GetInt64(0), r.GetString(1)) : (0, Journal.GenesisHash);
            }
            return _head.Value;
        }
    }

    public void AppendJournal(JournalEntry entry)
    {
        _journal.Add(entry);
        _head = (entry.Seq, entry.Hash);
    }

    public void AddRequestRecord(RequestRecord record) => _requestRecords.Add(record.RequestId, record);

    /// <summary>A request id recorded earlier (in the database or in this transaction).</summary>
    public RequestRecord? FindRequestRecord(string requestId)
    {
        if (_requestRecords.TryGetValue(requestId, out var pending))
        {
            return pending;
        }
        using var r = sql.Get("SELECT fingerprint, seq FROM requests WHERE request_id = @p0", requestId).ExecuteReader();
        return r.Read() ? new RequestRecord(requestId, r.GetString(0), r.GetInt64(1)) : null;
    }

    /// <summary>A journal entry written earlier (in the database or in this transaction).</summary>
    public JournalEntry FindJournal(long seq) =>
        TryFindJournal(seq) ?? throw new InvalidOperationException($"Journal entry {seq} does not exist.");

    /// <summary>A journal entry written earlier (in the database or in this transaction), or null.</summary>
    public JournalEntry? TryFindJournal(long seq)
    {
        var pending = _journal.FirstOrDefault(j => j.Seq == seq);
        if (pending is not null)
        {
            return pending;
        }
        using var r = sql.Get("SELECT time, actor, kind, payload, prev_hash, hash FROM journal WHERE seq = @p0", seq).ExecuteReader();
        return r.Read() ? new JournalEntry(seq, r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5)) : null;
    }

    /// <summary>
    /// Writes everything pending to the open transaction (the caller commits). May be called repeatedly within one transaction
    /// (long batches flush every few thousand rows to keep memory flat); what was written is then the new baseline.
    /// </summary>
    public void Flush()
    {
        foreach (var p in _newParticipants.Values.Where(p => _writtenParticipants.Add(p.Id)))
        {
            sql.Exec("INSERT INTO participants (id, role, name) VALUES (@p0, @p1, @p2)", p.Id, p.Role.Name(), p.Name);
        }
        foreach (var (p, read) in _projects.Values)
        {
            if (read is null)
            {
                sql.Exec("INSERT INTO projects (id, owner_id, region, methodology, buffer_basis_points, period_start, period_end, state, next_serial, reversal_shortfall) " +
                    "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9)", p.Id, p.OwnerId, p.Region, p.Methodology, p.BufferBasisPoints,
                    Date(p.PeriodStart), Date(p.PeriodEnd), p.State.Name(), p.NextSerial, p.ReversalShortfall);
                foreach (var u in p.Units)
                {
                    sql.Exec("INSERT INTO project_units (project_id, unit_id, geometry_wkb) VALUES (@p0, @p1, @p2)", u.ProjectId, u.UnitId, u.GeometryWkb);
                }
            }
            else if (read != (p.State, p.NextSerial, p.ReversalShortfall))
            {
                sql.Exec("UPDATE projects SET state = @p0, next_serial = @p1, reversal_shortfall = @p2 WHERE id = @p3",
                    p.State.Name(), p.NextSerial, p.ReversalShortfall, p.Id);
            }
        }
        foreach (var (r, read) in _requests.Values)
        {
            if (read is null)
            {
                sql.Exec("INSERT INTO issuance_requests (id, project_id, vintage_start, vintage_end, quantity, state, verifier_id, serial_start, buffer_quantity) " +
                    "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8)", r.Id, r.ProjectId, Date(r.VintageStart), Date(r.VintageEnd), r.Quantity,
                    r.State.Name(), r.VerifierId, r.SerialStart, r.BufferQuantity);
            }
            else if (read != (r.State, r.VerifierId, r.SerialStart))
            {
                sql.Exec("UPDATE issuance_requests SET state = @p0, verifier_id = @p1, serial_start = @p2, buffer_quantity = @p3 WHERE id = @p4",
                    r.State.Name(), r.VerifierId, r.SerialStart, r.BufferQuantity, r.Id);
            }
        }
        foreach (long id in _dirty.Order())
        {
            var b = _blocks[id];
            if (sql.Exec("UPDATE blocks SET start = @p0, \"end\" = @p1, holder_id = @p2, status = @p3, pledgee_id = @p4, version = @p5 WHERE id = @p6 AND version = @p7",
                    b.Start, b.End, b.HolderId, b.Status.Name(), b.PledgeeId, b.Version, b.Id, _readVersion[id]) != 1)
            {
                throw new ConcurrencyConflictException($"Block {id} was changed by another writer after this command read it.");
            }
        }
        foreach (long id in _new.Order())
        {
            var b = _blocks[id];
            sql.Exec($"INSERT INTO blocks ({BlockColumns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11)",
                b.Id, b.ProjectId, Date(b.VintageStart), Date(b.VintageEnd), b.Start, b.End, b.HolderId, b.Status.Name(), b.PledgeeId, b.ParentId, b.CreatedSeq, b.Version);
        }
        foreach (var p in _postings)
        {
            sql.Exec("INSERT INTO postings (seq, account, project_id, vintage_start, vintage_end, amount) VALUES (@p0, @p1, @p2, @p3, @p4, @p5)",
                p.Seq, p.Account, p.ProjectId, Date(p.VintageStart), Date(p.VintageEnd), p.Amount);
        }
        foreach (var (block, seq) in _touches)
        {
            sql.Exec("INSERT INTO block_touches (block_id, seq) VALUES (@p0, @p1) ON CONFLICT DO NOTHING", block, seq);
        }
        foreach (var j in _journal)
        {
            sql.Exec("INSERT INTO journal (seq, time, actor, kind, payload, prev_hash, hash) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)",
                j.Seq, j.Time, j.Actor, j.Kind, j.Payload, j.PrevHash, j.Hash);
        }
        foreach (var r in _requestRecords.Values)
        {
            sql.Exec("INSERT INTO requests (request_id, fingerprint, seq) VALUES (@p0, @p1, @p2)", r.RequestId, r.Fingerprint, r.Seq);
        }
        if (_policy.Dirty)
        {
            if (_policy.Since is { } since)
            {
                sql.Exec("INSERT INTO ledger_settings (name, value, set_seq) VALUES ('signatures_required', 'true', @p0) " +
                    "ON CONFLICT (name) DO UPDATE SET value = excluded.value, set_seq = excluded.set_seq", since);
            }
            else
            {
                sql.Exec("DELETE FROM ledger_settings WHERE name = 'signatures_required'");
            }
            _policy = _policy with { Dirty = false };
        }
        foreach (var (id, (k, readRevoked, isNew)) in _keys.ToList())
        {
            if (isNew)
            {
                sql.Exec("INSERT INTO participant_keys (key_id, participant_id, public_key, registered_seq, revoked_seq, revoked_reason) VALUES (@p0, @p1, @p2, @p3, @p4, @p5)",
                    k.KeyId, k.ParticipantId, k.PublicKey, k.RegisteredSeq, k.RevokedSeq, k.RevokedReason);
            }
            else if (readRevoked != k.RevokedSeq)
            {
                sql.Exec("UPDATE participant_keys SET revoked_seq = @p0, revoked_reason = @p1 WHERE key_id = @p2", k.RevokedSeq, k.RevokedReason, k.KeyId);
            }
            _keys[id] = (k, k.RevokedSeq, false);
        }

        // The written state is the new baseline for the rest of the transaction.
        foreach (var id in _projects.Keys.ToList())
        {
            var p = _projects[id].Project;
            _projects[id] = (p, (p.State, p.NextSerial, p.ReversalShortfall));
        }
        foreach (var id in _requests.Keys.ToList())
        {
            var r = _requests[id].Request;
            _requests[id] = (r, (r.State, r.VerifierId, r.SerialStart));
        }
        foreach (long id in _dirty.Concat(_new))
        {
            _readVersion[id] = _blocks[id].Version;
        }
        _dirty.Clear();
        _new.Clear();
        _postings.Clear();
        _touches.Clear();
        _journal.Clear();
        _requestRecords.Clear();
    }

    private const string RequestSelect = "SELECT id, project_id, vintage_start, vintage_end, quantity, state, verifier_id, serial_start, buffer_quantity FROM issuance_requests";

    private IssuanceRequest MapRequest(DbDataReader r)
    {
        string id = r.GetString(0);
        if (_requests.TryGetValue(id, out var known))
        {
            return known.Request;
        }
        var req = IssuanceRequest.Restore(id, r.GetString(1), ReadDate(r.GetValue(2)), ReadDate(r.GetValue(3)), r.GetInt64(4),
            LedgerNames.Parse<IssuanceState>(r.GetString(5)), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetInt64(7),
            r.IsDBNull(8) ? null : r.GetInt64(8));
        _requests.Add(id, (req, (req.State, req.VerifierId, req.SerialStart)));
        return req;
    }

    private CreditBlock MapBlock(DbDataReader r)
    {
        long id = r.GetInt64(0);
        if (_blocks.TryGetValue(id, out var known))
        {
            return known;
        }
        var b = CreditBlock.Restore(id, r.GetString(1), ReadDate(r.GetValue(2)), ReadDate(r.GetValue(3)), r.GetInt64(4), r.GetInt64(5), r.GetString(6),
            LedgerNames.Parse<BlockStatus>(r.GetString(7)), r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetInt64(9),
            r.GetInt64(10), r.GetInt64(11));
        _blocks.Add(id, b);
        _readVersion.Add(id, b.Version);
        if (_byHolder.TryGetValue(b.HolderId, out var set))
        {
            set.Add(b);
        }
        return b;
    }

    // Dates are ISO text in SQLite and a date in PostgreSQL (read as DateTime by ADO.NET's GetValue).
    private static DateOnly ReadDate(object value) => value switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        _ => DateOnly.ParseExact(Convert.ToString(value, CultureInfo.InvariantCulture)!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private object Date(DateOnly d) => sql.Date(d);
}

/// <summary>The command path of one connection over a provider's <see cref="LedgerStatements"/>.</summary>
internal sealed class LedgerSession(LedgerStatements statements) : ILedgerSession
{
    /// <summary>The connection's prepared statements (the monitoring store writes readings through them too).</summary>
    public LedgerStatements Statements => statements;

    public ILedgerWriteStore Begin(DbTransaction? transaction, Dictionary<string, Participant> participantCache, int preloadAfterHolders)
    {
        statements.Transaction = transaction;
        return new SqlLedgerStore(statements, participantCache, preloadAfterHolders);
    }

    public void Dispose() => statements.Dispose();
}
