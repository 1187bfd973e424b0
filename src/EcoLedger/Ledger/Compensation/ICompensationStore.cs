namespace EcoLedger.Ledger.Compensation;

/// <summary>The compensation state <see cref="CompensationEngine"/> decides against and <see cref="CompensationApplier"/> changes.</summary>
public interface ICompensationStore
{
    /// <summary>An agreement with its parties and funding sources.</summary>
    Agreement? FindAgreement(string id);

    /// <summary>A round.</summary>
    CompensationRound? FindRound(string id);

    /// <summary>The rounds of an agreement, by number.</summary>
    IReadOnlyList<CompensationRound> RoundsOf(string agreementId);

    /// <summary>All samples of a round (originals and corrections), by id.</summary>
    IReadOnlyList<MonitoringSample> SamplesOf(string roundId);

    /// <summary>The highest sample id used so far (0 when none).</summary>
    long LastSampleId();

    /// <summary>The payments of a round, by id.</summary>
    IReadOnlyList<CompensationPayment> PaymentsOf(string roundId);

    /// <summary>The posted balance of an account, in fen.</summary>
    long Balance(string account);

    /// <summary>Adds an agreement.</summary>
    void AddAgreement(Agreement agreement);

    /// <summary>Adds a round.</summary>
    void AddRound(CompensationRound round);

    /// <summary>Adds a sample.</summary>
    void AddSample(MonitoringSample sample);

    /// <summary>Adds a payment.</summary>
    void AddPayment(CompensationPayment payment);

    /// <summary>Adds a posting.</summary>
    void AddPosting(CompensationPosting posting);
}
