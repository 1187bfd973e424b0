using EcoLedger.Ledger;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EcoLedger.Tests.Ledger;

/// <summary>
/// Random operation sequences run against the ledger and against a reference model that tracks every single serial. After every
/// operation both must agree on who holds each serial in which status; the invariants must hold; the journal must verify and replay.
/// </summary>
public class LedgerPropertyTests
{
    public sealed record Op(string Kind, string Holder, string Counterparty, string Project, int Year, long Quantity)
    {
        public override string ToString() => $"{Kind}({Holder}->{Counterparty}, {Project}, {Year}, {Quantity})";
    }

    private static readonly string[] Holders = ["owner", "h1", "h2", "bank"];

    private static Gen<Op> OpGen =>
        from kind in Gen.Frequency(
            (3, Gen.Constant("issue")), (6, Gen.Constant("transfer")), (2, Gen.Constant("retire")), (2, Gen.Constant("pledge")),
            (2, Gen.Constant("release")), (1, Gen.Constant("freeze")), (1, Gen.Constant("unfreeze")), (1, Gen.Constant("cancel")),
            (1, Gen.Constant("reversal")), (1, Gen.Constant("surrender")))
        from holder in Gen.Elements(Holders)
        from counterparty in Gen.Elements(Holders)
        from project in Gen.Elements("P1", "P2", "")
        from year in Gen.Choose(2021, 2024)
        from q in Gen.Choose(1, 60)
        select new Op(kind, holder, counterparty, project, year, q);

    [Property(MaxTest = 100)]
    public Property Ledger_agrees_with_a_per_serial_reference_model() =>
        Prop.ForAll(Gen.ListOf(OpGen).Select(l => l.ToList()).ToArbitrary(), ops =>
        {
            var ledger = TestLedger.WithProject(bufferBp: 1_000);
            ledger.CreateProject("P2", 2_500, ["u3", "u4"]);
            ledger.Advance("P2", ProjectState.Registered);
            var model = new Model(new() { ["P1"] = 1_000, ["P2"] = 2_500 });
            int n = 0;
            foreach (var op in ops)
            {
                n++;
                bool expected = model.Apply(op);
                bool actual = Run(ledger, op, n);
                Assert.True(expected == actual, $"op {n} {op}: model {(expected ? "accepts" : "refuses")}, ledger {(actual ? "accepts" : "refuses")}");
                Assert.Equal(model.Serials(), Serials(ledger.Store));
                Assert.Empty(LedgerInvariants.Check(ledger.Store));
            }
            Assert.Null(Journal.Verify(ledger.Journal));
            var replay = Journal.Replay(ledger.Journal);
            Assert.Equal(Serials(ledger.Store), Serials(replay));
            Assert.Equal(ledger.Store.Balances.OrderBy(kv => kv.Key.ToString()), replay.Balances.OrderBy(kv => kv.Key.ToString()));
            // Postings reproduce each account's holdings: an account's posted balance is the sum of the blocks it holds.
            foreach (var account in Holders.Concat(SystemAccounts.All.Skip(1)))
            {
                Assert.Equal(ledger.Store.BlocksOf(account).Sum(b => b.Quantity),
                    ledger.Store.Postings.Where(p => p.Account == account).Sum(p => p.Amount));
            }
        });

    private static bool Run(TestLedger ledger, Op op, int n)
    {
        string? project = op.Project.Length == 0 ? null : op.Project;
        string rid = "r" + n;
        try
        {
            switch (op.Kind)
            {
                case "issue":
                    var p = project ?? "P1";
                    ledger.Run(e => e.RequestIssuance("owner", rid, p, new DateOnly(op.Year, 1, 1), new DateOnly(op.Year, 12, 31), op.Quantity));
                    ledger.Run(e => e.TransitionIssuance("ver", rid, IssuanceTrigger.Verify));
                    ledger.Run(e => e.Issue("reg", rid));
                    break;
                case "reversal":
                    ledger.Run(e => e.ReportReversal("reg", project ?? "P1", op.Quantity, "fire"));
                    break;
                default:
                    var (operation, actor, holder, counterparty) = op.Kind switch
                    {
                        "transfer" => (CreditOperation.Transfer, op.Holder, op.Holder, op.Counterparty),
                        "retire" => (CreditOperation.Retire, op.Holder, op.Holder, null),
                        "pledge" => (CreditOperation.Pledge, op.Holder, op.Holder, "bank"),
                        "release" => (CreditOperation.Release, "bank", op.Holder, null),
                        "freeze" => (CreditOperation.Freeze, "reg", op.Holder, null),
                        "unfreeze" => (CreditOperation.Unfreeze, "reg", op.Holder, null),
                        "cancel" => (CreditOperation.Cancel, "reg", op.Holder, null),
                        _ => (CreditOperation.Surrender, "owner", "owner", (string?)null),
                    };
                    var c = new CreditCommand(operation, holder, op.Quantity, counterparty,
                        operation == CreditOperation.Surrender ? project ?? "P1" : project, Beneficiary: "b", Purpose: "p", Reason: "r", RequestId: rid);
                    ledger.Run(e => e.Credits(actor, c));
                    break;
            }
            return true;
        }
        catch (LedgerException)
        {
            return false;
        }
    }

    private static List<string> Serials(InMemoryLedgerStore store) =>
        store.Blocks.SelectMany(b => Enumerable.Range(0, (int)b.Quantity).Select(i =>
            $"{b.ProjectId}:{b.Start + i}:{b.VintageStart.Year}:{b.HolderId}:{b.Status.Name()}:{b.PledgeeId}"))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>The reference model: one record per serial, the selection rule spelled out directly.</summary>
    private sealed class Model(Dictionary<string, int> bufferBp)
    {
        private sealed class Credit
        {
            public required string Project;
            public required long Serial;
            public required int Year;
            public required string Holder;
            public string Status = "active";
            public string? Pledgee;
        }

        private readonly List<Credit> _credits = [];
        private readonly Dictionary<string, long> _next = new() { ["P1"] = 1, ["P2"] = 1 };
        private readonly Dictionary<string, long> _shortfall = new() { ["P1"] = 0, ["P2"] = 0 };
        private readonly Dictionary<string, long> _reversed = new() { ["P1"] = 0, ["P2"] = 0 };
        private readonly HashSet<(string, int)> _issued = [];

        public List<string> Serials() =>
            _credits.Select(c => $"{c.Project}:{c.Serial}:{c.Year}:{c.Holder}:{c.Status}:{c.Pledgee}").Order(StringComparer.Ordinal).ToList();

        public bool Apply(Op op)
        {
            string? project = op.Project.Length == 0 ? null : op.Project;
            switch (op.Kind)
            {
                case "issue":
                    {
                        var p = project ?? "P1";
                        if (_issued.Contains((p, op.Year)) || _shortfall[p] > 0)
                        {
                            return false;
                        }
                        _issued.Add((p, op.Year));
                        long buffer = op.Quantity * bufferBp[p] / 10_000;
                        for (long i = 0; i < op.Quantity; i++)
                        {
                            _credits.Add(new Credit { Project = p, Serial = _next[p] + i, Year = op.Year, Holder = i < buffer ? "buffer_pool" : "owner" });
                        }
                        _next[p] += op.Quantity;
                        return true;
                    }
                case "reversal":
                    {
                        var p = project ?? "P1";
                        if (op.Quantity > _next[p] - 1 - _reversed[p])
                        {
                            return false; // more than the project issued, net of earlier reversals
                        }
                        _reversed[p] += op.Quantity;
                        var buffer = Pick("buffer_pool", "active", p, null).Take((int)op.Quantity).ToList();
                        Set(buffer, "cancelled", "cancelled", null);
                        _shortfall[p] += op.Quantity - buffer.Count;
                        return true;
                    }
                case "transfer":
                    return op.Counterparty != op.Holder && Move(op.Holder, "active", project, null, op.Quantity, op.Counterparty, "active", null);
                case "retire":
                    return Move(op.Holder, "active", project, null, op.Quantity, "retired", "retired", null);
                case "pledge":
                    return op.Holder != "bank" && Move(op.Holder, "active", project, null, op.Quantity, op.Holder, "pledged", "bank");
                case "release":
                    return Move(op.Holder, "pledged", project, "bank", op.Quantity, op.Holder, "active", null);
                case "freeze":
                    return Move(op.Holder, "active", project, null, op.Quantity, op.Holder, "frozen", null);
                case "unfreeze":
                    return Move(op.Holder, "frozen", project, null, op.Quantity, op.Holder, "active", null);
                case "cancel":
                    return Move(op.Holder, "active", project, null, op.Quantity, "cancelled", "cancelled", null);
                default:
                    {
                        var p = project ?? "P1";
                        if (op.Quantity > _shortfall[p] || !Move("owner", "active", p, null, op.Quantity, "cancelled", "cancelled", null))
                        {
                            return false;
                        }
                        _shortfall[p] -= op.Quantity;
                        return true;
                    }
            }
        }

        // Oldest vintage first, then project, then the lowest serial: the documented rule, applied serial by serial.
        private IEnumerable<Credit> Pick(string holder, string status, string? project, string? pledgee) =>
            _credits.Where(c => c.Holder == holder && c.Status == status && (project is null || c.Project == project) && (pledgee is null || c.Pledgee == pledgee))
                .OrderBy(c => c.Year).ThenBy(c => c.Project, StringComparer.Ordinal).ThenBy(c => c.Serial);

        private bool Move(string holder, string status, string? project, string? pledgee, long quantity, string newHolder, string newStatus, string? newPledgee)
        {
            var picked = Pick(holder, status, project, pledgee).Take((int)quantity).ToList();
            if (picked.Count < quantity)
            {
                return false;
            }
            Set(picked, newHolder, newStatus, newPledgee);
            return true;
        }

        private static void Set(List<Credit> credits, string holder, string status, string? pledgee)
        {
            foreach (var c in credits)
            {
                (c.Holder, c.Status, c.Pledgee) = (holder, status, pledgee);
            }
        }
    }
}
