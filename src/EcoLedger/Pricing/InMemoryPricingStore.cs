namespace EcoLedger.Pricing;

/// <summary>The pricing tables in memory: what replaying the journal rebuilds, compared row by row with the live tables by the audit.</summary>
public sealed class InMemoryPricingStore : IPricingStore
{
    private readonly Dictionary<(string, DateOnly), PriceQuote> _quotes = [];
    private readonly Dictionary<long, (string Kind, string Payload)> _journal = [];
    private readonly SortedDictionary<long, PledgeLoan> _loans = [];
    private readonly SortedDictionary<string, BankPackage> _packages = new(StringComparer.Ordinal);
    private readonly List<BankPackageUnit> _units = [];
    private readonly SortedDictionary<string, ShareCertificate> _certificates = new(StringComparer.Ordinal);
    private readonly List<BankDistribution> _distributions = [];

    /// <summary>Quotes by market and date.</summary>
    public IReadOnlyCollection<PriceQuote> Quotes => _quotes.Values;

    /// <summary>Loans by pledge.</summary>
    public IReadOnlyCollection<PledgeLoan> Loans => _loans.Values;

    /// <summary>Packages by id.</summary>
    public IReadOnlyCollection<BankPackage> Packages => _packages.Values;

    /// <summary>Package units in creation order.</summary>
    public IReadOnlyList<BankPackageUnit> Units => _units;

    /// <summary>Certificates by id.</summary>
    public IReadOnlyCollection<ShareCertificate> Certificates => _certificates.Values;

    /// <summary>Distribution lines in journal order.</summary>
    public IReadOnlyList<BankDistribution> Distributions => _distributions;

    /// <summary>Remembers a journal entry a later loan may refer to.</summary>
    public void AddJournal(long seq, string kind, string payload) => _journal[seq] = (kind, payload);

    /// <inheritdoc/>
    public PriceQuote? FindQuote(string market, DateOnly date) => _quotes.GetValueOrDefault((market, date));

    /// <inheritdoc/>
    public (string Kind, string Payload)? FindJournal(long seq) => _journal.TryGetValue(seq, out var j) ? j : null;

    /// <inheritdoc/>
    public PledgeLoan? FindLoan(long pledgeSeq) => _loans.GetValueOrDefault(pledgeSeq);

    /// <inheritdoc/>
    public BankPackage? FindPackage(string id) => _packages.GetValueOrDefault(id);

    /// <inheritdoc/>
    public ShareCertificate? FindCertificate(string id) => _certificates.GetValueOrDefault(id);

    /// <inheritdoc/>
    public IReadOnlyList<ShareCertificate> CertificatesOf(string packageId) => _certificates.Values.Where(c => c.PackageId == packageId).ToList();

    /// <inheritdoc/>
    public bool HasDistribution(string packageId, int year) => _distributions.Any(d => d.PackageId == packageId && d.Year == year);

    /// <inheritdoc/>
    public void AddQuote(PriceQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        _quotes.Add((quote.Market, quote.Date), quote);
    }

    /// <inheritdoc/>
    public void PutLoan(PledgeLoan loan)
    {
        ArgumentNullException.ThrowIfNull(loan);
        _loans[loan.PledgeSeq] = loan;
    }

    /// <inheritdoc/>
    public void AddPackage(BankPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        _packages.Add(package.Id, package);
    }

    /// <inheritdoc/>
    public void AddPackageUnit(BankPackageUnit unit) => _units.Add(unit);

    /// <inheritdoc/>
    public void AddCertificate(ShareCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        _certificates.Add(certificate.Id, certificate);
    }

    /// <inheritdoc/>
    public void AddDistribution(BankDistribution line) => _distributions.Add(line);
}
