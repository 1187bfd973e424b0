using System.Text.Json;
using Stateless;

namespace EcoLedger.Ledger.Compensation;

/// <summary>A party of an agreement: a ledger participant on the payer or payee side.</summary>
public sealed class AgreementParty
{
    private AgreementParty()
    {
        AgreementId = ParticipantId = "";
    }

    /// <summary>Creates an unsigned party.</summary>
    public AgreementParty(string agreementId, string participantId, PartySide side, int weight, string? label)
    {
        AgreementId = agreementId;
        ParticipantId = participantId;
        Side = side;
        Weight = weight;
        Label = label;
    }

    /// <summary>The agreement.</summary>
    public string AgreementId { get; private set; }

    /// <summary>The participant.</summary>
    public string ParticipantId { get; private set; }

    /// <summary>Payer or payee.</summary>
    public PartySide Side { get; private set; }

    /// <summary>Share among the parties of its side.</summary>
    public int Weight { get; private set; }

    /// <summary>What the side means here (e.g. <c>upstream</c>).</summary>
    public string? Label { get; private set; }

    /// <summary>Journal entry of the signature, once signed.</summary>
    public long? SignedSeq { get; private set; }

    internal void MarkSigned(long seq) => SignedSeq = seq;
}

/// <summary>A funding source of an agreement, with its fund account.</summary>
public sealed class FundingSource
{
    private FundingSource()
    {
        AgreementId = SourceId = "";
    }

    /// <summary>Creates a source.</summary>
    public FundingSource(string agreementId, string sourceId, FundingKind kind, long share, string? funder)
    {
        AgreementId = agreementId;
        SourceId = sourceId;
        Kind = kind;
        Share = share;
        Funder = funder;
    }

    /// <summary>The agreement.</summary>
    public string AgreementId { get; private set; }

    /// <summary>Source id.</summary>
    public string SourceId { get; private set; }

    /// <summary>Kind of money.</summary>
    public FundingKind Kind { get; private set; }

    /// <summary>Whole-number share.</summary>
    public long Share { get; private set; }

    /// <summary>Who provides it.</summary>
    public string? Funder { get; private set; }
}

/// <summary>
/// A compensation agreement (生态补偿协议): an administrator (a registry participant), payer and payee parties, a period cut into
/// rounds, funding sources with shares and an assessment rule. State: draft → signed (all parties) → active ↔ suspended → closed;
/// → terminated.
/// </summary>
public sealed class Agreement
{
    private readonly List<AgreementParty> _parties = [];
    private readonly List<FundingSource> _funding = [];
    private StateMachine<AgreementState, AgreementTrigger>? _machine;
    private bool _completing;

    private Agreement()
    {
        Id = Name = AdministratorId = RuleJson = "";
    }

    /// <summary>Creates a draft agreement from a validated spec.</summary>
    public Agreement(string id, string administratorId, AgreementSpec spec, long createdSeq)
    {
        Id = id;
        Name = spec.Name;
        AdministratorId = administratorId;
        PeriodStart = spec.PeriodStart;
        PeriodEnd = spec.PeriodEnd;
        RoundMonths = spec.RoundMonths;
        RuleJson = JsonSerializer.Serialize(spec.Rule, Journal.PayloadOptions);
        State = AgreementState.Draft;
        CreatedSeq = createdSeq;
        foreach (var p in spec.Parties)
        {
            _parties.Add(new AgreementParty(id, p.Id, LedgerNames.Parse<PartySide>(p.Side), p.Weight, p.Label));
        }
        foreach (var f in spec.Funding)
        {
            _funding.Add(new FundingSource(id, f.Id, LedgerNames.Parse<FundingKind>(f.Kind), f.Share, f.Funder));
        }
    }

    /// <summary>Agreement id.</summary>
    public string Id { get; private set; }

    /// <summary>Display name.</summary>
    public string Name { get; private set; }

    /// <summary>The registry participant who administers it.</summary>
    public string AdministratorId { get; private set; }

    /// <summary>First day of the first round.</summary>
    public DateOnly PeriodStart { get; private set; }

    /// <summary>Last day of the last round.</summary>
    public DateOnly PeriodEnd { get; private set; }

    /// <summary>Round length in months.</summary>
    public int RoundMonths { get; private set; }

    /// <summary>The rule spec, as journal JSON.</summary>
    public string RuleJson { get; private set; }

    /// <summary>Current state.</summary>
    public AgreementState State { get; private set; }

    /// <summary>Journal entry that created it.</summary>
    public long CreatedSeq { get; private set; }

    /// <summary>Parties.</summary>
    public IReadOnlyList<AgreementParty> Parties => _parties;

    /// <summary>Funding sources.</summary>
    public IReadOnlyList<FundingSource> FundingSources => _funding;

    /// <summary>The rule spec.</summary>
    public RuleSpec RuleSpec => JsonSerializer.Deserialize<RuleSpec>(RuleJson, Journal.PayloadOptions)!;

    /// <summary>The assessment rule.</summary>
    public AssessmentRule Rule => AssessmentRule.From(RuleSpec);

    /// <summary>Lower-case subject for messages.</summary>
    public string Subject => $"agreement '{Id}'";

    /// <summary>The party with this participant id, if any.</summary>
    public AgreementParty? Party(string participantId) => _parties.FirstOrDefault(p => p.ParticipantId == participantId);

    /// <summary>Parties of one side, in id order.</summary>
    public IReadOnlyList<AgreementParty> Side(PartySide side) =>
        _parties.Where(p => p.Side == side).OrderBy(p => p.ParticipantId, StringComparer.Ordinal).ToList();

    /// <summary>The CNY account of a party in this agreement.</summary>
    public string PartyAccount(string participantId) => $"{Id}:party:{participantId}";

    /// <summary>The CNY account of a fund (funding source) of this agreement.</summary>
    public string FundAccount(string sourceId) => $"{Id}:fund:{sourceId}";

    private StateMachine<AgreementState, AgreementTrigger> Machine =>
        _machine ??= CompensationMachines.Agreement(() => State, s => State = s, () => _completing);

    /// <summary>True when the machine permits the trigger now.</summary>
    public bool CanFire(AgreementTrigger trigger) => Machine.CanFire(trigger);

    /// <summary>The state a trigger leads to now (the last missing signature leads to <c>signed</c>).</summary>
    public AgreementState Target(AgreementTrigger trigger, bool lastSignature = false)
    {
        var state = State;
        CompensationMachines.Agreement(() => state, s => state = s, () => lastSignature).Fire(trigger);
        return state;
    }

    /// <summary>Fires a trigger (roles are checked by <see cref="CompensationEngine"/>).</summary>
    /// <exception cref="LedgerException">The trigger is not allowed in the current state.</exception>
    public void Fire(AgreementTrigger trigger, string actorId)
    {
        if (!Machine.CanFire(trigger))
        {
            throw LedgerException.IllegalTransition(trigger.Name(), Subject, State.Name(), actorId);
        }
        Machine.Fire(trigger);
    }

    /// <summary>Records a party's signature and fires <c>sign</c>.</summary>
    public void Sign(string participantId, long seq)
    {
        var party = Party(participantId) ?? throw new InvalidOperationException($"'{participantId}' is not a party of {Subject}.");
        _completing = _parties.Count(p => p.SignedSeq is null && p.ParticipantId != participantId) == 0;
        Fire(AgreementTrigger.Sign, participantId);
        party.MarkSigned(seq);
    }

    /// <summary>The rounds of the agreement: consecutive periods of <see cref="RoundMonths"/> months, the last one cut at the period end.</summary>
    public IReadOnlyList<RoundOpened> PlanRounds()
    {
        var rounds = new List<RoundOpened>();
        var start = PeriodStart;
        for (int n = 1; start <= PeriodEnd; n++)
        {
            var end = start.AddMonths(RoundMonths).AddDays(-1);
            if (end > PeriodEnd)
            {
                end = PeriodEnd;
            }
            rounds.Add(new RoundOpened($"{Id}_R{n}", n, start, end));
            start = end.AddDays(1);
        }
        return rounds;
    }
}
