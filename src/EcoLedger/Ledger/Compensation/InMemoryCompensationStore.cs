namespace EcoLedger.Ledger.Compensation;

/// <summary>Compensation state in memory: the store of unit tests and of journal replay.</summary>
public sealed class InMemoryCompensationStore : ICompensationStore
{
    private readonly Dictionary<string, Agreement> _agreements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompensationRound> _rounds = new(StringComparer.Ordinal);
    private readonly List<MonitoringSample> _samples = [];
    private readonly List<CompensationPayment> _payments = [];
    private readonly List<CompensationPosting> _postings = [];

    /// <summary>All postings in order.</summary>
    public IReadOnlyList<CompensationPosting> Postings => _postings;

    /// <summary>All payments.</summary>
    public IReadOnlyList<CompensationPayment> Payments => _payments;

    /// <inheritdoc/>
    public Agreement? FindAgreement(string id) => _agreements.GetValueOrDefault(id);

    /// <inheritdoc/>
    public CompensationRound? FindRound(string id) => _rounds.GetValueOrDefault(id);

    /// <inheritdoc/>
    public IReadOnlyList<CompensationRound> RoundsOf(string agreementId) =>
        _rounds.Values.Where(r => r.AgreementId == agreementId).OrderBy(r => r.Number).ToList();

    /// <inheritdoc/>
    public IReadOnlyList<MonitoringSample> SamplesOf(string roundId) => _samples.Where(s => s.RoundId == roundId).OrderBy(s => s.Id).ToList();

    /// <inheritdoc/>
    public long LastSampleId() => _samples.Count == 0 ? 0 : _samples.Max(s => s.Id);

    /// <inheritdoc/>
    public IReadOnlyList<CompensationPayment> PaymentsOf(string roundId) =>
        _payments.Where(p => p.RoundId == roundId).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();

    /// <inheritdoc/>
    public long Balance(string account) => _postings.Where(p => p.Account == account).Sum(p => p.AmountFen);

    /// <inheritdoc/>
    public void AddAgreement(Agreement agreement) => _agreements.Add(agreement.Id, agreement);

    /// <inheritdoc/>
    public void AddRound(CompensationRound round) => _rounds.Add(round.Id, round);

    /// <inheritdoc/>
    public void AddSample(MonitoringSample sample) => _samples.Add(sample);

    /// <inheritdoc/>
    public void AddPayment(CompensationPayment payment) => _payments.Add(payment);

    /// <inheritdoc/>
    public void AddPosting(CompensationPosting posting) => _postings.Add(posting);
}
