using EcoLedger.Ledger;

namespace EcoLedger.Pricing;

/// <summary>Marks a journal payload of the pricing module (the credit ledger's replay skips these).</summary>
public interface IPricingEvent : Ledger.IModuleEvent;

/// <summary>Journal payloads of the pricing module (kinds <c>price.*</c> and <c>bank.*</c>); they change no credit block.</summary>
public static class PricingEventKinds
{
#pragma warning disable CS1591 // self-describing constants
    public const string PricesImported = "price.imported";
    public const string LoanRecorded = "bank.loan_recorded";
    public const string PackageCreated = "bank.package_created";
    public const string CertificatePledged = "bank.certificate_pledged";
    public const string CertificateReleased = "bank.certificate_released";
    public const string Distributed = "bank.distributed";
#pragma warning restore CS1591
}

/// <summary>Prices were imported: the file's hash and summary, and (since the pipeline redesign) every quote it added, so replay rebuilds the prices.</summary>
[EventKind(PricingEventKinds.PricesImported)]
public sealed record PricesImported(string File, string Sha256, int Rows, int New, IReadOnlyList<string> Markets, DateOnly First, DateOnly Last,
    IReadOnlyList<QuoteEntry>? Added = null) : IPricingEvent;

/// <summary>A quote as recorded in <see cref="PricesImported"/>.</summary>
public sealed record QuoteEntry(string Market, DateOnly Date, long FenPerTonne, string Source);

/// <summary>A loan was recorded against a credits pledge (the journal entry <see cref="PledgeSeq"/>).</summary>
[EventKind(PricingEventKinds.LoanRecorded)]
public sealed record LoanRecorded(long PledgeSeq, string Borrower, string Bank, long PrincipalFen, int? HaircutBasisPoints) : IPricingEvent;

/// <summary>A package was created with its units and certificates.</summary>
[EventKind(PricingEventKinds.PackageCreated)]
public sealed record PackageCreated(string Id, string Operator, string Name, string ShareBasis, IReadOnlyList<string> Services,
    IReadOnlyList<PackageUnitEntry> Units, IReadOnlyList<CertificateEntry> Certificates) : IPricingEvent;

/// <summary>A unit as recorded in <see cref="PackageCreated"/>.</summary>
public sealed record PackageUnitEntry(string Unit, string Contributor, string Mode, int TermYears, string AreaHa, long AnnualGepFen,
    string CarbonTPerYear, long GuaranteedMinFen);

/// <summary>A certificate as recorded in <see cref="PackageCreated"/>.</summary>
public sealed record CertificateEntry(string Id, string Holder, string Weight, long GuaranteedMinFen);

/// <summary>A certificate was pledged or released.</summary>
[EventKind(PricingEventKinds.CertificatePledged)]
[EventKind(PricingEventKinds.CertificateReleased)]
public sealed record CertificatePledgeChanged(string Certificate, string Package, string Holder, string? Bank, long? LoanFen, string From, string To) : IPricingEvent;

/// <summary>One year's income of a package was distributed.</summary>
[EventKind(PricingEventKinds.Distributed)]
public sealed record Distributed(string Package, int Year, long IncomeFen, long MinimumFen, long OwedFen, IReadOnlyList<DistributionEntry> Lines) : IPricingEvent;

/// <summary>A line of <see cref="Distributed"/>.</summary>
public sealed record DistributionEntry(string Certificate, string Holder, long MinimumFen, long PaidMinimumFen, long ProfitFen, long TotalFen, long OwedFen);
