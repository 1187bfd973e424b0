using EcoLedger.Ledger;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

/// <summary>A participant of the registry (<see cref="LedgerDatabase.Participants"/>).</summary>
/// <param name="Id">Participant id.</param>
/// <param name="Role">Its role.</param>
/// <param name="Name">Display name (the id when none was given).</param>
/// <param name="ActiveKeys">Signing keys registered and not revoked.</param>
public sealed record ParticipantRow(string Id, Role Role, string Name, int ActiveKeys);

/// <summary>A holding account's credits by status, and its double-entry balance.</summary>
/// <param name="Holder">Account id.</param>
/// <param name="Active">Active credits (for <c>buffer_pool</c>: the buffer).</param>
/// <param name="Pledged">Pledged credits.</param>
/// <param name="Frozen">Frozen credits.</param>
/// <param name="Retired">Retired credits (the <c>retired</c> account).</param>
/// <param name="Cancelled">Cancelled credits (the <c>cancelled</c> account).</param>
/// <param name="Posted">Sum of the account's postings; equals the sum of its blocks (minus the issued total for <c>issuance</c>).</param>
public sealed record BalanceRow(string Holder, long Active, long Pledged, long Frozen, long Retired, long Cancelled, long Posted)
{
    /// <summary>All credits held.</summary>
    public long Total => Active + Pledged + Frozen + Retired + Cancelled;
}

/// <summary>A block as listed by <c>ledger blocks</c>.</summary>
public sealed record BlockView(long Id, string Project, DateOnly VintageStart, DateOnly VintageEnd, long Start, long End, long Quantity,
    string Holder, string Status, string? Pledgee, string Serial);

public sealed partial class LedgerDatabase
{
    /// <summary>The supply table, per project and vintage.</summary>
    public IReadOnlyList<SupplyRow> Supply(string? projectId = null)
    {
        using var ctx = NewContext();
        var blocks = ctx.Blocks.AsNoTracking().Where(b => projectId == null || b.ProjectId == projectId)
            .GroupBy(b => new { b.ProjectId, b.VintageStart, b.VintageEnd, Buffer = b.HolderId == SystemAccounts.BufferPool, b.Status })
            .Select(g => new { g.Key, Quantity = g.Sum(b => b.End - b.Start + 1) }).ToList()
            .Select(g => new BlockTotal(g.Key.ProjectId, g.Key.VintageStart, g.Key.VintageEnd, g.Key.Buffer, g.Key.Status, g.Quantity));
        var issued = ctx.IssuanceRequests.AsNoTracking()
            .Where(r => (projectId == null || r.ProjectId == projectId) && r.State == IssuanceState.Issued).ToList();
        return Ledger.Supply.Compute(blocks, issued);
    }

    /// <summary>
    /// The registry's participants (not the system accounts), by id, each with the number of its signing keys in force: who may act on the
    /// ledger, in which role, and whether its commands can be signed.
    /// </summary>
    public IReadOnlyList<ParticipantRow> Participants()
    {
        using var ctx = NewContext();
        var keys = ctx.ParticipantKeys.AsNoTracking().Where(k => k.RevokedSeq == null).GroupBy(k => k.ParticipantId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionary(g => g.Key, g => g.Count, StringComparer.Ordinal);
        return [.. ctx.Participants.AsNoTracking().Where(p => p.Role != Role.System).AsEnumerable().OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new ParticipantRow(p.Id, p.Role, p.Name, keys.GetValueOrDefault(p.Id)))];
    }

    /// <summary>Balances of one account, or of every account holding credits.</summary>
    /// <remarks>
    /// Plain SQL, not LINQ: this is what a script asks between commands, and translating the two grouped queries built EF Core's
    /// query pipeline on every CLI call, which cost more CPU than the rest of the call.
    /// </remarks>
    public IReadOnlyList<BalanceRow> Balances(string? holderId = null)
    {
        object?[] holder = holderId is null ? [] : [holderId];
        var byStatus = new List<(string Holder, BlockStatus Status, long Quantity)>();
        using (var r = _reads.Prepared(holderId is null ? ByStatusSql : ByStatusOfSql, holder).ExecuteReader())
        {
            while (r.Read())
            {
                byStatus.Add((r.GetString(0), LedgerNames.Parse<BlockStatus>(r.GetString(1)), Int64(r.GetValue(2))));
            }
        }
        var posted = new List<(string Account, long Amount)>();
        if (holderId is not null && _postingTotals is not null)
        {
            posted.Add((holderId, PostedOf(holderId, _postingTotals)));
        }
        else
        {
            using var r = _reads.Prepared(holderId is null ? PostedSql : PostedOfSql, holder).ExecuteReader();
            while (r.Read())
            {
                posted.Add((r.GetString(0), Int64(r.GetValue(1))));
            }
        }
        if (holderId is not null)
        {
            if (_reads.Prepared("SELECT 1 FROM participants WHERE id = @p0", holderId).ExecuteScalar() is null)
            {
                throw new LedgerException($"Unknown holder '{holderId}'.");
            }
        }
        var accounts = byStatus.Select(b => b.Holder).Concat(posted.Select(p => p.Account)).Distinct().Order(StringComparer.Ordinal);
        return (holderId is null ? accounts.ToArray() : new[] { holderId }).Select(a =>
        {
            long Q(BlockStatus s) => byStatus.Where(b => b.Holder == a && b.Status == s).Sum(b => b.Quantity);
            return new BalanceRow(a, Q(BlockStatus.Active), Q(BlockStatus.Pledged), Q(BlockStatus.Frozen), Q(BlockStatus.Retired),
                Q(BlockStatus.Cancelled), posted.Where(p => p.Account == a).Sum(p => p.Amount));
        }).ToList();
    }

    /// <summary>
    /// From now on <see cref="Balances"/> of one account keeps the account's posting sum and count, and the journal position they
    /// reach, and on the next call adds only the postings appended since (when those are fewer than the account's own): a busy
    /// account's balance no longer costs a scan of every posting it ever had. For a connection that only reads (the server's read
    /// connections): postings are append-only (triggers refuse UPDATE and DELETE) and a SQLite reader sees whole commits in journal
    /// order, so a sum up to a position never changes; a connection that wrote in an uncommitted transaction could remember rows
    /// that are then rolled back, hence read connections only. SQLite ledgers only (PostgreSQL commits need not appear in journal
    /// order to a reader in between); elsewhere this does nothing.
    /// </summary>
    public void KeepPostingTotals()
    {
        if (_provider.Name == "sqlite")
        {
            _postingTotals ??= new(StringComparer.Ordinal);
        }
    }

    private Dictionary<string, (long Seq, long Sum, long Count)>? _postingTotals;

    private long PostedOf(string account, Dictionary<string, (long Seq, long Sum, long Count)> totals)
    {
        (long Seq, long Sum, long Count) known = default;
        bool since = totals.TryGetValue(account, out known)
            && Int64(_reads.Prepared(PostingsHeadSql).ExecuteScalar() ?? 0L) - known.Seq <= known.Count;
        // One statement, so the position and the sum come from the same snapshot.
        using (var r = (since ? _reads.Prepared(PostedSinceSql, account, known.Seq) : _reads.Prepared(PostedTotalSql, account)).ExecuteReader())
        {
            r.Read();
            long seq = Int64(r.GetValue(0)), sum = Int64(r.GetValue(1)), count = Int64(r.GetValue(2));
            known = since ? (Math.Max(known.Seq, seq), known.Sum + sum, known.Count + count) : (seq, sum, count);
        }
        totals[account] = known;
        return known.Sum;
    }

    // The position is the last posting's seq; the rows after it are found by the primary key (seq first): `+account` keeps SQLite
    // from choosing the account index, which would scan all the account's postings again.
    private const string PostingsHeadSql = "SELECT COALESCE(MAX(seq), 0) FROM postings";
    private const string PostedTotalSql =
        "SELECT (SELECT COALESCE(MAX(seq), 0) FROM postings), COALESCE(SUM(amount), 0), COUNT(*) FROM postings WHERE account = @p0";
    private const string PostedSinceSql =
        "SELECT (SELECT COALESCE(MAX(seq), 0) FROM postings), COALESCE(SUM(amount), 0), COUNT(*) FROM postings WHERE seq > @p1 AND +account = @p0";

    // Constant texts: each is prepared once per connection (SqlText.Prepared).
    private const string ByStatusSql = "SELECT holder_id, status, SUM(\"end\" - start + 1) FROM blocks GROUP BY holder_id, status";
    private const string ByStatusOfSql = "SELECT holder_id, status, SUM(\"end\" - start + 1) FROM blocks WHERE holder_id = @p0 GROUP BY holder_id, status";
    private const string PostedSql = "SELECT account, SUM(amount) FROM postings GROUP BY account";
    private const string PostedOfSql = "SELECT account, SUM(amount) FROM postings WHERE account = @p0 GROUP BY account";

    // SUM of integers is an integer in SQLite but a numeric in PostgreSQL.
    private static long Int64(object value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Blocks, optionally of one holder and/or project, by project and serial.</summary>
    /// <remarks>Plain SQL for the same reason as <see cref="Balances"/>: scripts list blocks between commands.</remarks>
    public IReadOnlyList<BlockView> Blocks(string? holderId = null, string? projectId = null)
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var cmd = Command("SELECT id, region FROM projects"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                regions[r.GetString(0)] = r.GetString(1);
            }
        }
        var filters = new List<string>();
        var values = new List<object?>();
        if (holderId is not null)
        {
            filters.Add("holder_id = @p" + values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            values.Add(holderId);
        }
        if (projectId is not null)
        {
            filters.Add("project_id = @p" + values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            values.Add(projectId);
        }
        string where = filters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", filters);
        var blocks = new List<BlockView>();
        using (var cmd = Command($"SELECT id, project_id, vintage_start, vintage_end, start, \"end\", holder_id, status, pledgee_id FROM blocks{where} ORDER BY project_id, start", [.. values]))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                string project = r.GetString(1);
                var (vintageStart, vintageEnd) = (Date(r.GetValue(2)), Date(r.GetValue(3)));
                var range = new SerialRange(r.GetInt64(4), r.GetInt64(5));
                blocks.Add(new BlockView(r.GetInt64(0), project, vintageStart, vintageEnd, range.Start, range.End, range.End - range.Start + 1, r.GetString(6),
                    LedgerNames.Parse<BlockStatus>(r.GetString(7)).Name(), r.IsDBNull(8) ? null : r.GetString(8),
                    SerialNumber.Format(regions[project], project, vintageStart, vintageEnd, range)));
            }
        }
        return blocks;
    }

    // Dates are ISO text in SQLite and a date type in PostgreSQL.
    private static DateOnly Date(object value) => value switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        _ => DateOnly.ParseExact(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Every journal entry that touched serial <paramref name="serial"/> of <paramref name="projectId"/>, oldest first: the events on the block
    /// that holds it now and on each ancestor block up to the event that split the next block off.
    /// </summary>
    public IReadOnlyList<JournalEntry> History(string projectId, long serial)
    {
        using var ctx = NewContext();
        var block = ctx.Blocks.AsNoTracking().Where(b => b.ProjectId == projectId && b.Start <= serial)
            .OrderByDescending(b => b.Start).FirstOrDefault();
        if (block is null || block.End < serial)
        {
            throw new LedgerException($"Serial {serial} of project '{projectId}' was never issued.");
        }
        var seqs = new SortedSet<long>();
        long limit = long.MaxValue;
        for (var b = block; b is not null;)
        {
            long id = b.Id;
            long lim = limit;
            foreach (long s in ctx.BlockTouches.AsNoTracking().Where(t => t.BlockId == id && t.Seq <= lim).Select(t => t.Seq))
            {
                seqs.Add(s);
            }
            seqs.Add(b.CreatedSeq);
            limit = b.CreatedSeq;
            long? parent = b.ParentId;
            b = parent is null ? null : ctx.Blocks.AsNoTracking().FirstOrDefault(x => x.Id == parent);
        }
        var list = seqs.ToList();
        return ctx.Journal.AsNoTracking().Where(j => list.Contains(j.Seq)).OrderBy(j => j.Seq).ToList();
    }

    /// <summary>The whole journal, oldest first.</summary>
    public IReadOnlyList<JournalEntry> JournalEntries()
    {
        using var ctx = NewContext();
        return ctx.Journal.AsNoTracking().OrderBy(j => j.Seq).ToList();
    }

    /// <summary>
    /// Checks the invariants: the hash chain from the first entry; replaying the journal reproduces every column of the blocks, block
    /// touches, postings, projects and their units, issuance requests and participants exactly; per class issued = buffer + active +
    /// pledged + frozen + retired + cancelled and postings sum to zero; no holder balance is negative; blocks never overlap and cover exactly the issued ranges. Returns the problems found (none = valid).
    /// </summary>
    public IReadOnlyList<string> Verify() => InReadSnapshot(VerifyInSnapshot);

    private List<string> VerifyInSnapshot()
    {
        var problems = new List<string>();
        var journal = JournalEntries();
        if (Journal.Verify(journal) is { } broken)
        {
            problems.Add(broken);
            return problems;
        }
        InMemoryLedgerStore replay;
        try
        {
            replay = Journal.Replay(journal);
        }
        catch (Exception e) when (e is LedgerException or InvalidOperationException)
        {
            problems.Add($"Replaying the journal fails: {e.Message}");
            return problems;
        }
        // The same comparison as audit verify --db: every column of every row of the ledger's tables, so that this command cannot call
        // a ledger verified whose live rows the audit names as edited.
        CompareLiveTables(replay, problems);
        problems.AddRange(LedgerInvariants.Check(replay));
        return problems;
    }
}
