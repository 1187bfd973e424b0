using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;

namespace EcoLedger.Tests.Ledger.Compensation;

/// <summary>An in-memory ledger and compensation store with a journal: decide, seal, apply, as the storage layer does.</summary>
internal sealed class TestCompensation
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string Agreement = "A1";
    public const string Round = "A1_R1";

    public InMemoryLedgerStore Ledger { get; } = new();

    public InMemoryCompensationStore Store { get; } = new();

    public List<JournalEntry> Journal { get; } = [];

    public JournalEntry Run(Func<CompensationEngine, PendingEvent> decide) => Seal(decide(new CompensationEngine(Store, Ledger)));

    public JournalEntry RunLedger(Func<LedgerEngine, PendingEvent> decide) => Seal(decide(new LedgerEngine(Ledger)));

    private JournalEntry Seal(PendingEvent pending)
    {
        long seq = Journal.Count + 1;
        var entry = EcoLedger.Ledger.Journal.Seal(seq, T0.AddSeconds(seq - 1), pending, Journal.Count == 0 ? EcoLedger.Ledger.Journal.GenesisHash : Journal[^1].Hash);
        // Applied from the journal text, as a replay would: the payload must survive serialisation.
        var payload = EcoLedger.Ledger.Journal.ReadPayload(entry.Kind, entry.Payload);
        if (payload is ICompensationEvent)
        {
            CompensationApplier.Apply(Store, pending.Actor, payload, seq);
        }
        else
        {
            LedgerApplier.Apply(Ledger, pending.Kind, pending.Actor, payload, seq);
        }
        Journal.Add(entry);
        return entry;
    }

    /// <summary>Runs a command that must be refused; asserts nothing was journalled or posted and returns the message.</summary>
    public string Refused(Func<CompensationEngine, PendingEvent> decide)
    {
        int before = Journal.Count;
        int postings = Store.Postings.Count;
        var e = Assert.Throws<LedgerException>(() => Run(decide));
        Assert.Equal(before, Journal.Count);
        Assert.Equal(postings, Store.Postings.Count);
        return e.Message;
    }

    public T Payload<T>(JournalEntry e) => (T)EcoLedger.Ledger.Journal.ReadPayload(e.Kind, e.Payload);

    public static RuleSpec Water(string k0 = "1", long met = 100_000_00, long notMet = 40_000_00) => new("water_quality_index", "S1", k0,
        [new("CODMn", "2", "mg/L"), new("NH3-N", "0.5", "mg/L"), new("TN", "1", "mg/L"), new("TP", "0.1", "mg/L")], met, notMet);

    public static AgreementSpec Spec(RuleSpec? rule = null, IReadOnlyList<PartySpec>? parties = null, IReadOnlyList<FundingSpec>? funding = null) =>
        new("Test agreement", new DateOnly(2024, 1, 1), new DateOnly(2025, 12, 31), 12,
            parties ?? [new("down", "payer", 1, "downstream"), new("up", "payee", 1, "upstream")],
            funding ?? [new("gov", "government_transfer", 60), new("ent", "enterprise_agreement", 30), new("soc", "social_capital", 10)],
            rule ?? Water());

    /// <summary>Participants reg (registry, administrator), down and up (holders), other (holder, not a party); agreement A1 brought to <paramref name="state"/>.</summary>
    public static TestCompensation With(AgreementState state = AgreementState.Active, AgreementSpec? spec = null)
    {
        var c = new TestCompensation();
        c.RunLedger(e => e.Initialize());
        c.RunLedger(e => e.AddParticipant(null, "reg", Role.Registry, null));
        foreach (var p in new[] { "down", "up", "other", "up2", "down2" })
        {
            c.RunLedger(e => e.AddParticipant("reg", p, Role.Holder, null));
        }
        c.Run(e => e.CreateAgreement("reg", Agreement, spec ?? Spec()));
        if (state == AgreementState.Draft)
        {
            return c;
        }
        if (state == AgreementState.Terminated)
        {
            c.Run(e => e.TransitionAgreement("reg", Agreement, AgreementTrigger.Terminate));
            return c;
        }
        foreach (var p in c.Store.FindAgreement(Agreement)!.Parties.Select(p => p.ParticipantId).ToList())
        {
            c.Run(e => e.Sign(p, Agreement));
        }
        AgreementTrigger[] path = state switch
        {
            AgreementState.Signed => [],
            AgreementState.Active => [AgreementTrigger.Activate],
            AgreementState.Suspended => [AgreementTrigger.Activate, AgreementTrigger.Suspend],
            _ => [AgreementTrigger.Activate],
        };
        foreach (var t in path)
        {
            c.Run(e => e.TransitionAgreement("reg", Agreement, t));
        }
        if (state == AgreementState.Closed)
        {
            foreach (var r in c.Store.RoundsOf(Agreement))
            {
                string d = $"{r.PeriodStart.Year}-06-01";
                c.Run(e => e.ImportSamples("up", r.Id, "all", [Row("CODMn", "2", d), Row("NH3-N", "0.5", d), Row("TN", "1", d), Row("TP", "0.1", d)]));
                c.Run(e => e.CloseMonitoring("reg", r.Id));
                c.Run(e => e.Assess("reg", r.Id));
                c.Run(e => e.Settle("reg", r.Id));
            }
            c.Run(e => e.TransitionAgreement("reg", Agreement, AgreementTrigger.Close));
        }
        return c;
    }

    public static SampleRow Row(string indicator, string value, string date = "2024-03-01", string unit = "mg/L", long? corrects = null,
        string section = "S1", string? reason = null) =>
        new(1, section, date, indicator, value, unit, "lab1", "joint", corrects, corrects is null ? null : reason ?? "re-measured");

    /// <summary>Imports the given values per indicator (CODMn, NH3-N, TN, TP), one date per value.</summary>
    public void Import(params (string Indicator, string[] Values)[] data)
    {
        var rows = data.SelectMany(d => d.Values.Select((v, i) => Row(d.Indicator, v, $"2024-{i + 1:00}-15"))).ToList();
        Run(e => e.ImportSamples("up", Round, "test.csv", rows));
    }

    /// <summary>Samples giving every ratio C/C0 = 1 (so P = k0 exactly).</summary>
    public void ImportAtBaseline() => Import(("CODMn", ["1.5", "2.5"]), ("NH3-N", ["0.5"]), ("TN", ["0.8", "1.2"]), ("TP", ["0.1"]));

    /// <summary>Brings round A1_R1 to the given state with samples at baseline (P = 1).</summary>
    public void RoundTo(RoundState state)
    {
        if (state == RoundState.Open)
        {
            return;
        }
        ImportAtBaseline();
        Run(e => e.CloseMonitoring("reg", Round));
        if (state == RoundState.MonitoringClosed)
        {
            return;
        }
        Run(e => e.Assess("reg", Round));
        if (state == RoundState.Assessed)
        {
            return;
        }
        if (state == RoundState.Settled)
        {
            Run(e => e.Settle("down", Round));
            return;
        }
        Run(e => e.Dispute("up", Round, "TP sampled downstream of the weir"));
        if (state == RoundState.Resolved)
        {
            Run(e => e.Resolve("reg", Round, "upheld", null, null));
        }
    }
}
