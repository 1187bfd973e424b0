namespace EcoLedger.Ledger;

/// <summary>
/// The ledger's invariants, checked on an in-memory ledger (a replay of the journal): per class issued = buffer + active + pledged +
/// frozen + retired + cancelled and postings sum to zero; no account but <c>issuance</c> is negative; blocks never overlap and cover
/// exactly the issued ranges.
/// </summary>
public static class LedgerInvariants
{
    /// <summary>The violations found (none when the ledger is consistent).</summary>
    public static IEnumerable<string> Check(InMemoryLedgerStore store)
    {
        foreach (var row in Supply.Compute(store))
        {
            if (!row.AddsUp)
            {
                yield return $"Supply of {row.Project} {row.VintageStart:yyyy-MM-dd}..{row.VintageEnd:yyyy-MM-dd} does not add up: issued {row.Issued} ≠ " +
                    $"{row.Buffer} + {row.Active} + {row.Pledged} + {row.Frozen} + {row.Retired} + {row.Cancelled}.";
            }
        }
        foreach (var g in store.Postings.GroupBy(p => (p.ProjectId, p.VintageStart)).Where(g => g.Sum(p => p.Amount) != 0))
        {
            yield return $"Postings of {g.Key.ProjectId} {g.Key.VintageStart:yyyy-MM-dd} sum to {g.Sum(p => p.Amount)}, not 0.";
        }
        foreach (var (key, amount) in store.Balances.Where(kv => kv.Value < 0 && kv.Key.Account != SystemAccounts.Issuance))
        {
            yield return $"Account '{key.Account}' has a negative balance {amount} of {key.Project} {key.VintageStart:yyyy-MM-dd}.";
        }
        foreach (var project in store.Projects)
        {
            var issued = store.Requests.Where(r => r.ProjectId == project.Id && r.State == IssuanceState.Issued)
                .Select(r => new SerialRange(r.SerialStart!.Value, r.SerialStart.Value + r.Quantity - 1)).OrderBy(r => r.Start).ToList();
            var blocks = store.Blocks.Where(b => b.ProjectId == project.Id).OrderBy(b => b.Start).ToList();
            long covered = blocks.Sum(b => b.Quantity);
            long expected = issued.Sum(r => r.Count);
            for (int i = 1; i < blocks.Count; i++)
            {
                if (blocks[i].Start <= blocks[i - 1].End)
                {
                    yield return $"Blocks {blocks[i - 1].Id} and {blocks[i].Id} of project '{project.Id}' overlap.";
                }
            }
            if (covered != expected || blocks.Any(b => !issued.Any(r => r.Start <= b.Start && b.End <= r.End)))
            {
                yield return $"Blocks of project '{project.Id}' cover {covered} serials, not exactly the {expected} issued.";
            }
        }
    }

}
