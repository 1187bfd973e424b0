namespace EcoLedger.Ledger;

/// <summary>Supply of one credit class (project + vintage) in tonnes CO2e.</summary>
/// <param name="Project">Project id.</param>
/// <param name="VintageStart">Vintage start.</param>
/// <param name="VintageEnd">Vintage end.</param>
/// <param name="Issued">Issued in total.</param>
/// <param name="Buffer">Active in the buffer pool.</param>
/// <param name="Active">Active with holders.</param>
/// <param name="Pledged">Pledged.</param>
/// <param name="Frozen">Frozen.</param>
/// <param name="Retired">Retired.</param>
/// <param name="Cancelled">Cancelled (including reversals).</param>
public sealed record SupplyRow(string Project, DateOnly VintageStart, DateOnly VintageEnd, long Issued, long Buffer, long Active,
    long Pledged, long Frozen, long Retired, long Cancelled)
{
    /// <summary>issued = buffer + active + pledged + frozen + retired + cancelled.</summary>
    public bool AddsUp => Issued == Buffer + Active + Pledged + Frozen + Retired + Cancelled;
}

/// <summary>A group of blocks of one class, one kind of holder and one status.</summary>
/// <param name="Project">Project id.</param>
/// <param name="VintageStart">Vintage start.</param>
/// <param name="VintageEnd">Vintage end.</param>
/// <param name="InBuffer">Held by the buffer pool.</param>
/// <param name="Status">Block status.</param>
/// <param name="Quantity">Credits.</param>
public sealed record BlockTotal(string Project, DateOnly VintageStart, DateOnly VintageEnd, bool InBuffer, BlockStatus Status, long Quantity);

/// <summary>Builds the supply table.</summary>
public static class Supply
{
    /// <summary>The supply rows from block totals and issued requests, ordered by project and vintage.</summary>
    public static IReadOnlyList<SupplyRow> Compute(IEnumerable<BlockTotal> totals, IEnumerable<IssuanceRequest> issued)
    {
        var rows = new SortedDictionary<(string, DateOnly, DateOnly), long[]>(Comparer<(string, DateOnly, DateOnly)>.Create((a, b) =>
        {
            int c = string.CompareOrdinal(a.Item1, b.Item1);
            return c != 0 ? c : a.Item2 != b.Item2 ? a.Item2.CompareTo(b.Item2) : a.Item3.CompareTo(b.Item3);
        }));
        long[] Row(string p, DateOnly s, DateOnly e)
        {
            if (!rows.TryGetValue((p, s, e), out var r))
            {
                r = new long[7];
                rows.Add((p, s, e), r);
            }
            return r;
        }
        foreach (var r in issued.Where(r => r.State == IssuanceState.Issued))
        {
            Row(r.ProjectId, r.VintageStart, r.VintageEnd)[0] += r.Quantity;
        }
        foreach (var t in totals)
        {
            int col = t.Status switch
            {
                BlockStatus.Active => t.InBuffer ? 1 : 2,
                BlockStatus.Pledged => 3,
                BlockStatus.Frozen => 4,
                BlockStatus.Retired => 5,
                _ => 6,
            };
            Row(t.Project, t.VintageStart, t.VintageEnd)[col] += t.Quantity;
        }
        return rows.Select(kv => new SupplyRow(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3,
            kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3], kv.Value[4], kv.Value[5], kv.Value[6])).ToList();
    }

    /// <summary>The supply table of an in-memory ledger.</summary>
    public static IReadOnlyList<SupplyRow> Compute(InMemoryLedgerStore store) =>
        Compute(store.Blocks
            .Select(b => new BlockTotal(b.ProjectId, b.VintageStart, b.VintageEnd, b.HolderId == SystemAccounts.BufferPool, b.Status, b.Quantity)),
            store.Requests);
}
