using EcoLedger.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

/// <summary>Another writer changed a block this command read: the command is retried or fails.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);

/// <summary>
/// The database side of <see cref="ILedgerStore"/> for one transaction. Participants, projects and requests are tracked EF
/// entities; blocks are read with EF (no tracking) into an identity map and written back with prepared SQL at
/// <see cref="Flush"/>: dirty blocks by <c>UPDATE … WHERE id = @id AND version = @read_version</c> (optimistic concurrency),
/// new blocks, postings, touches and journal entries by INSERT.
/// </summary>
internal sealed class EfLedgerStore(LedgerDbContext db, SqliteConnection connection, SqliteTransaction transaction) : ILedgerStore
{
    private readonly Dictionary<long, CreditBlock> _blocks = [];
    private readonly Dictionary<long, long> _readVersion = [];
    private readonly Dictionary<string, SortedSet<CreditBlock>> _byHolder = new(StringComparer.Ordinal);
    private readonly HashSet<long> _new = [];
    private readonly HashSet<long> _dirty = [];
    private readonly List<Posting> _postings = [];
    private readonly List<BlockTouch> _touches = [];
    private readonly List<JournalEntry> _journal = [];
    private readonly List<RequestRecord> _requests = [];
    private readonly Dictionary<string, RequestRecord> _requestIndex = new(StringComparer.Ordinal);
    private SqliteCommand? _findRequest;
    private long? _lastBlockId;
    private (long Seq, string Hash)? _head;

    public Participant? FindParticipant(string id) => db.Participants.Find(id);

    public bool AnyParticipantWithRole(Role role) =>
        db.Participants.Local.Any(p => p.Role == role) || db.Participants.Any(p => p.Role == role);

    public Project? FindProject(string id) => db.Projects.Find(id);

    public IssuanceRequest? FindRequest(string id) => db.IssuanceRequests.Find(id);

    public IReadOnlyList<IssuanceRequest> RequestsOf(string projectId) =>
        db.IssuanceRequests.Where(r => r.ProjectId == projectId).ToList()
            .Union(db.IssuanceRequests.Local.Where(r => r.ProjectId == projectId)).ToList();

    public CreditBlock? FindBlock(long id)
    {
        if (_blocks.TryGetValue(id, out var b))
        {
            return b;
        }
        var row = db.Blocks.AsNoTracking().FirstOrDefault(x => x.Id == id);
        return row is null ? null : Map(row);
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
        var row = db.Blocks.AsNoTracking().Where(x => x.ProjectId == projectId && x.Start <= serial)
            .OrderByDescending(x => x.Start).FirstOrDefault();
        if (row is null)
        {
            return null;
        }
        var mapped = Map(row);
        return mapped.Start <= serial && serial <= mapped.End ? mapped : null;
    }

    public IReadOnlyCollection<CreditBlock> BlocksOf(string holderId)
    {
        if (!_byHolder.TryGetValue(holderId, out var set))
        {
            set = new SortedSet<CreditBlock>(CreditBlock.SpendingOrder);
            foreach (var row in db.Blocks.AsNoTracking().Where(x => x.HolderId == holderId))
            {
                var b = Map(row);
                if (b.HolderId == holderId)
                {
                    set.Add(b);
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
        }
        return set;
    }

    public long AllocateBlockId()
    {
        long next = (_lastBlockId ?? Scalar("SELECT COALESCE(MAX(id), 0) FROM blocks")) + 1;
        _lastBlockId = next;
        return next;
    }

    public void AddParticipant(Participant participant) => db.Participants.Add(participant);

    public void AddProject(Project project) => db.Projects.Add(project);

    public void AddRequest(IssuanceRequest request) => db.IssuanceRequests.Add(request);

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

    public void AddTouch(long blockId, long seq) => _touches.Add(new BlockTouch(blockId, seq));

    public void AddPosting(Posting posting) => _postings.Add(posting);

    /// <summary>The last journal entry's sequence number and hash (0 and the genesis hash when empty).</summary>
    public (long Seq, string Hash) Head
    {
        get
        {
            if (_head is null)
            {
                using var cmd = Command("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1");
                using var r = cmd.ExecuteReader();
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

    public void AddRequestRecord(RequestRecord record)
    {
        _requests.Add(record);
        _requestIndex.Add(record.RequestId, record);
    }

    /// <summary>A request id recorded earlier (in the database or in this transaction).</summary>
    public RequestRecord? FindRequestRecord(string requestId)
    {
        if (_requestIndex.TryGetValue(requestId, out var pending))
        {
            return pending;
        }
        _findRequest ??= Command("SELECT fingerprint, seq FROM requests WHERE request_id = $r", "$r");
        _findRequest.Parameters[0].Value = requestId;
        using var r = _findRequest.ExecuteReader();
        return r.Read() ? new RequestRecord(requestId, r.GetString(0), r.GetInt64(1)) : null;
    }

    /// <summary>A journal entry written earlier (in the database or in this transaction).</summary>
    public JournalEntry FindJournal(long seq) =>
        _journal.FirstOrDefault(j => j.Seq == seq) ?? db.Journal.AsNoTracking().First(j => j.Seq == seq);

    /// <summary>Writes everything to the open transaction (the caller commits).</summary>
    public void Flush()
    {
        db.SaveChanges();
        if (_dirty.Count > 0)
        {
            using var up = Command("UPDATE blocks SET start = $s, \"end\" = $e, holder_id = $h, status = $st, pledgee_id = $p, version = $v " +
                "WHERE id = $id AND version = $rv", "$s", "$e", "$h", "$st", "$p", "$v", "$id", "$rv");
            foreach (long id in _dirty.Order())
            {
                var b = _blocks[id];
                Set(up, b.Start, b.End, b.HolderId, b.Status.Name(), b.PledgeeId, b.Version, b.Id, _readVersion[id]);
                if (up.ExecuteNonQuery() != 1)
                {
                    throw new ConcurrencyConflictException($"Block {id} was changed by another writer after this command read it.");
                }
            }
        }
        if (_new.Count > 0)
        {
            using var ins = Command("INSERT INTO blocks (id, project_id, vintage_start, vintage_end, start, \"end\", holder_id, status, pledgee_id, " +
                "parent_id, created_seq, version) VALUES ($id, $p, $vs, $ve, $s, $e, $h, $st, $pl, $pa, $c, $v)",
                "$id", "$p", "$vs", "$ve", "$s", "$e", "$h", "$st", "$pl", "$pa", "$c", "$v");
            foreach (long id in _new.Order())
            {
                var b = _blocks[id];
                Set(ins, b.Id, b.ProjectId, Date(b.VintageStart), Date(b.VintageEnd), b.Start, b.End, b.HolderId, b.Status.Name(), b.PledgeeId,
                    b.ParentId, b.CreatedSeq, b.Version);
                ins.ExecuteNonQuery();
            }
        }
        if (_postings.Count > 0)
        {
            using var ins = Command("INSERT INTO postings (seq, account, project_id, vintage_start, vintage_end, amount) VALUES ($q, $a, $p, $vs, $ve, $m)",
                "$q", "$a", "$p", "$vs", "$ve", "$m");
            foreach (var p in _postings)
            {
                Set(ins, p.Seq, p.Account, p.ProjectId, Date(p.VintageStart), Date(p.VintageEnd), p.Amount);
                ins.ExecuteNonQuery();
            }
        }
        if (_touches.Count > 0)
        {
            using var ins = Command("INSERT OR IGNORE INTO block_touches (block_id, seq) VALUES ($b, $q)", "$b", "$q");
            foreach (var t in _touches)
            {
                Set(ins, t.BlockId, t.Seq);
                ins.ExecuteNonQuery();
            }
        }
        if (_journal.Count > 0)
        {
            using var ins = Command("INSERT INTO journal (seq, time, actor, kind, payload, prev_hash, hash) VALUES ($q, $t, $a, $k, $p, $ph, $h)",
                "$q", "$t", "$a", "$k", "$p", "$ph", "$h");
            foreach (var j in _journal)
            {
                Set(ins, j.Seq, j.Time, j.Actor, j.Kind, j.Payload, j.PrevHash, j.Hash);
                ins.ExecuteNonQuery();
            }
        }
        if (_requests.Count > 0)
        {
            using var ins = Command("INSERT INTO requests (request_id, fingerprint, seq) VALUES ($r, $f, $q)", "$r", "$f", "$q");
            foreach (var r in _requests)
            {
                Set(ins, r.RequestId, r.Fingerprint, r.Seq);
                ins.ExecuteNonQuery();
            }
        }
    }

    private CreditBlock Map(CreditBlock row)
    {
        if (_blocks.TryGetValue(row.Id, out var known))
        {
            return known;
        }
        _blocks.Add(row.Id, row);
        _readVersion.Add(row.Id, row.Version);
        if (_byHolder.TryGetValue(row.HolderId, out var set))
        {
            set.Add(row);
        }
        return row;
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private long Scalar(string sql)
    {
        using var cmd = Command(sql);
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = transaction;
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new SqliteParameter { ParameterName = p });
        }
        return cmd;
    }

    private static void Set(SqliteCommand cmd, params object?[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
