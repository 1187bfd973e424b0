namespace EcoLedger.Pricing;

/// <summary>
/// The state <see cref="PricingEngine"/> decides against and <see cref="PricingApplier"/> changes: the database in a command's
/// transaction (EcoLedger.Storage) or <see cref="InMemoryPricingStore"/> (replay, tests).
/// </summary>
public interface IPricingStore
{
    /// <summary>The quote of a market on a date.</summary>
    PriceQuote? FindQuote(string market, DateOnly date);

    /// <summary>The kind and payload of journal entry <paramref name="seq"/> (a loan refers to its pledge by journal entry).</summary>
    (string Kind, string Payload)? FindJournal(long seq);

    /// <summary>The loan recorded on a pledge (by the pledge's journal entry), or null.</summary>
    PledgeLoan? FindLoan(long pledgeSeq);

    /// <summary>A package by id.</summary>
    BankPackage? FindPackage(string id);

    /// <summary>A certificate by id (tracked: the applier changes it in place).</summary>
    ShareCertificate? FindCertificate(string id);

    /// <summary>The certificates of a package, by id.</summary>
    IReadOnlyList<ShareCertificate> CertificatesOf(string packageId);

    /// <summary>True when the package's income of the year has been distributed.</summary>
    bool HasDistribution(string packageId, int year);

    /// <summary>Adds a quote.</summary>
    void AddQuote(PriceQuote quote);

    /// <summary>Adds or replaces the loan of a pledge.</summary>
    void PutLoan(PledgeLoan loan);

    /// <summary>Adds a package.</summary>
    void AddPackage(BankPackage package);

    /// <summary>Adds a unit of a package.</summary>
    void AddPackageUnit(BankPackageUnit unit);

    /// <summary>Adds a certificate.</summary>
    void AddCertificate(ShareCertificate certificate);

    /// <summary>Adds a distribution line.</summary>
    void AddDistribution(BankDistribution line);
}
