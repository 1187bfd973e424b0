using System.Globalization;
using EcoLedger.Ledger;
using EcoLedger.Storage;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Reports.Ledger;

/// <summary>A participant or system account as listed in reports.</summary>
/// <param name="Id">Account id.</param>
/// <param name="Role">Role name (<c>registry</c>, <c>holder</c>, <c>system</c>, …).</param>
/// <param name="Name">Display name.</param>
public sealed record ParticipantView(string Id, string Role, string Name);

/// <summary>A project as listed in reports.</summary>
/// <param name="Id">Project id.</param>
/// <param name="Owner">Owner account.</param>
/// <param name="Region">Region code (in serials).</param>
/// <param name="Methodology">Methodology code.</param>
/// <param name="BufferBasisPoints">Buffer share in basis points.</param>
/// <param name="PeriodStart">Crediting period start.</param>
/// <param name="PeriodEnd">Crediting period end.</param>
/// <param name="State">Project state name.</param>
/// <param name="Units">Accounting units in the project.</param>
public sealed record ProjectView(string Id, string Owner, string Region, string Methodology, int BufferBasisPoints, DateOnly PeriodStart,
    DateOnly PeriodEnd, string State, int Units);

/// <summary>Journal events of one kind.</summary>
/// <param name="Kind">Event kind.</param>
/// <param name="Events">Number of events.</param>
/// <param name="FirstSeq">Sequence number of the first.</param>
/// <param name="FirstTime">Time of the first (as stored).</param>
/// <param name="LastTime">Time of the last (as stored).</param>
public sealed record JournalKindCount(string Kind, long Events, long FirstSeq, string FirstTime, string LastTime);

/// <summary>The journal in figures: size, time span, head and events by kind (in order of first appearance).</summary>
/// <param name="Events">Number of entries.</param>
/// <param name="FirstTime">Time of entry 1, or null when empty.</param>
/// <param name="LastTime">Time of the last entry, or null when empty.</param>
/// <param name="LastSeq">Sequence number of the last entry (0 when empty).</param>
/// <param name="LastHash">Hash of the last entry (the genesis hash when empty).</param>
/// <param name="ByKind">Events by kind.</param>
public sealed record JournalSummary(long Events, string? FirstTime, string? LastTime, long LastSeq, string LastHash, IReadOnlyList<JournalKindCount> ByKind);

/// <summary>
/// The ledger report's read model: small read-only queries over a database the host opened (reports never open or migrate a
/// database themselves; nothing here writes).
/// </summary>
public static class LedgerReadModel
{
    /// <summary>Every participant and system account, by id.</summary>
    public static IReadOnlyList<ParticipantView> ParticipantViews(this LedgerDatabase db)
    {
        using var ctx = db.NewContext();
        return ctx.Participants.AsNoTracking().AsEnumerable().OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new ParticipantView(p.Id, p.Role.Name(), p.Name)).ToList();
    }

    /// <summary>Every project, by id.</summary>
    public static IReadOnlyList<ProjectView> ProjectViews(this LedgerDatabase db)
    {
        using var ctx = db.NewContext();
        return ctx.Projects.AsNoTracking().Include(p => p.Units).AsEnumerable().OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new ProjectView(p.Id, p.OwnerId, p.Region, p.Methodology, p.BufferBasisPoints, p.PeriodStart, p.PeriodEnd, p.State.Name(), p.Units.Count))
            .ToList();
    }

    /// <summary>Blocks in one status (e.g. every pledged block), by project and serial.</summary>
    public static IReadOnlyList<BlockView> BlocksInStatus(this LedgerDatabase db, BlockStatus status)
    {
        using var ctx = db.NewContext();
        var regions = ctx.Projects.AsNoTracking().ToDictionary(p => p.Id, p => p.Region);
        return ctx.Blocks.AsNoTracking().Where(b => b.Status == status).OrderBy(b => b.ProjectId).ThenBy(b => b.Start).ToList()
            .Select(b => new BlockView(b.Id, b.ProjectId, b.VintageStart, b.VintageEnd, b.Start, b.End, b.Quantity, b.HolderId, b.Status.Name(),
                b.PledgeeId, SerialNumber.Format(regions[b.ProjectId], b.ProjectId, b.VintageStart, b.VintageEnd, b.Range)))
            .ToList();
    }

    /// <summary>The journal entries of one kind (e.g. <c>credits.retired</c>), oldest first.</summary>
    public static IReadOnlyList<JournalEntry> JournalEntriesOfKind(this LedgerDatabase db, string kind)
    {
        using var ctx = db.NewContext();
        return ctx.Journal.AsNoTracking().Where(j => j.Kind == kind).OrderBy(j => j.Seq).ToList();
    }

    /// <summary>The journal in figures, read with two aggregate queries (no entry is loaded).</summary>
    public static JournalSummary SummarizeJournal(this LedgerDatabase db)
    {
        var kinds = new List<JournalKindCount>();
        using (var cmd = db.Connection.CreateCommand())
        {
            cmd.CommandText = "SELECT kind, COUNT(*), MIN(seq), MIN(time), MAX(time) FROM journal GROUP BY kind ORDER BY MIN(seq)";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                kinds.Add(new JournalKindCount(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), r.GetString(4)));
            }
        }
        using (var cmd = db.Connection.CreateCommand())
        {
            cmd.CommandText = "SELECT seq, time, hash, (SELECT time FROM journal ORDER BY seq LIMIT 1) FROM journal ORDER BY seq DESC LIMIT 1";
            using var r = cmd.ExecuteReader();
            if (!r.Read())
            {
                return new JournalSummary(0, null, null, 0, Journal.GenesisHash, kinds);
            }
            long last = r.GetInt64(0);
            return new JournalSummary(kinds.Sum(k => k.Events), r.GetString(3), r.GetString(1), last, r.GetString(2), kinds);
        }
    }

    /// <summary>Parses a journal time as stored (<see cref="Journal.FormatTime"/>).</summary>
    public static DateTimeOffset ParseJournalTime(string time) =>
        DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
