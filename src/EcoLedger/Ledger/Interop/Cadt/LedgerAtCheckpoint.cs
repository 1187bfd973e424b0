using EcoLedger.Audit;

namespace EcoLedger.Ledger.Interop.Cadt;

/// <summary>
/// The credit ledger and interop tables as the journal leaves them at one checkpoint, with the dates and actors the CAD Trust
/// records ask for that no table keeps (a project's last status change, who validated and verified, why a block was retired or cancelled).
/// </summary>
internal sealed class LedgerAtCheckpoint
{
    public InMemoryLedgerStore Ledger { get; } = new();

    public InMemoryInteropStore Interop { get; } = new();

    /// <summary>Date (yyyy-MM-dd) of each project's creation or last transition.</summary>
    public Dictionary<string, string> StatusDates { get; } = new(StringComparer.Ordinal);

    /// <summary>Who validated each project, and when.</summary>
    public Dictionary<string, (string? Actor, string? Date)> Validations { get; } = new(StringComparer.Ordinal);

    /// <summary>Who verified each issuance request, and when.</summary>
    public Dictionary<string, (string Actor, string Date)> Verifications { get; } = new(StringComparer.Ordinal);

    /// <summary>For each retired or cancelled block: the holder it was taken from and the reason CADT asks for.</summary>
    public Dictionary<long, (string Holder, string Reason)> Endings { get; } = [];

    public static LedgerAtCheckpoint Replay(IEnumerable<JournalEvent> events, long treeSize)
    {
        var s = new LedgerAtCheckpoint();
        foreach (var e in events)
        {
            if (e.Seq > treeSize)
            {
                break;
            }
            var payload = Journal.ReadPayload(e.Kind, e.Payload);
            LedgerApplier.Apply(s.Ledger, e.Kind, e.Actor, payload, e.Seq);
            string day = e.Time[..10];
            switch (payload)
            {
                case IInteropEvent:
                    InteropApplier.Apply(s.Interop, e.Actor, payload, e.Seq);
                    break;
                case ProjectCreated p:
                    s.StatusDates[p.Id] = day;
                    break;
                case ProjectTransitioned t:
                    s.StatusDates[t.Id] = day;
                    if (t.Trigger == ProjectTrigger.Validate.Name())
                    {
                        s.Validations[t.Id] = (e.Actor, day);
                    }
                    break;
                case IssuanceTransitioned t when t.Trigger == IssuanceTrigger.Verify.Name():
                    s.Verifications[t.Id] = (e.Actor, day);
                    break;
                case CreditsMoved c:
                    foreach (var m in c.Moves.Where(m => m.Status is "retired" or "cancelled"))
                    {
                        string reason = m.Status == "retired"
                            ? $"Retired for {c.Beneficiary}" + (string.IsNullOrEmpty(c.Purpose) ? "" : $": {c.Purpose}")
                            : c.Reason ?? $"Cancelled ({c.Operation})";
                        s.Endings[m.NewBlock ?? m.Block] = (m.FromHolder, reason);
                    }
                    break;
                case ReversalReported r:
                    foreach (var m in r.Moves)
                    {
                        s.Endings[m.NewBlock ?? m.Block] = (m.FromHolder, $"Reversal: {r.Cause}");
                    }
                    break;
                default:
                    break;
            }
        }
        return s;
    }
}
