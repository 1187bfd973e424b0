using EcoLedger.Ledger;

namespace EcoLedger.Pricing;

/// <summary>A command of the pricing module: prices, loans on pledges, ecological-bank packages.</summary>
public interface IPricingCommand : ICommand;

/// <summary><c>price import</c> (actor: role registry): stored quotes are never changed.</summary>
/// <param name="File">The file's name, for the journal.</param>
/// <param name="Sha256">The file's SHA-256.</param>
/// <param name="Quotes">Its quotes.</param>
public sealed record ImportPrices(string File, string Sha256, IReadOnlyList<QuoteEntry> Quotes) : IPricingCommand;

/// <summary><c>bank loan record</c> (actor: the pledge's bank): the loan secured on a credits pledge.</summary>
/// <param name="PledgeSeq">Journal entry of the <c>credits.pledged</c> event.</param>
/// <param name="Principal">Outstanding principal, whole fen.</param>
/// <param name="HaircutBasisPoints">The bank's haircut for this loan, 0–10,000 (null: the valuation's default).</param>
public sealed record RecordLoan(long PledgeSeq, Money.Money Principal, int? HaircutBasisPoints) : IPricingCommand;

/// <summary><c>bank package create</c>: the actor becomes the package's operator.</summary>
/// <param name="Id">Package id.</param>
/// <param name="Name">Display name.</param>
/// <param name="ShareBasis"><c>area</c> or <c>value</c>.</param>
/// <param name="Services">Chosen GEP services.</param>
/// <param name="Units">Contributed units, as <see cref="AssetPackages.Build"/> priced them.</param>
/// <param name="Certificates">The households' certificates.</param>
public sealed record CreatePackage(string Id, string Name, string ShareBasis, IReadOnlyList<string> Services,
    IReadOnlyList<PackageUnitEntry> Units, IReadOnlyList<CertificateEntry> Certificates) : IPricingCommand
{
    /// <summary>The command for a package <see cref="AssetPackages.Build"/> produced.</summary>
    public static CreatePackage From(string id, string name, ShareBasis basis, IReadOnlyList<string> services,
        IReadOnlyList<PackageUnit> units, IReadOnlyList<ShareCertificate> certificates)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(certificates);
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        return new CreatePackage(id, name, basis.Name(), services,
            units.Select(u => new PackageUnitEntry(u.Contribution.UnitId, u.Contribution.Contributor, u.Contribution.Mode.Name(), u.Contribution.TermYears,
                u.Contribution.AreaHa.ToString(ci), Fen.Of(u.AnnualGep), u.CarbonTonnes.ToString(ci), Fen.Of(u.Contribution.GuaranteedMinimum))).ToList(),
            certificates.Select(c => new CertificateEntry(c.Id, c.HolderId, c.Weight.ToString(ci), c.GuaranteedMinimumFen)).ToList());
    }
}

/// <summary><c>bank certificate pledge</c> (actor: the holder).</summary>
/// <param name="Certificate">Certificate id.</param>
/// <param name="Bank">The pledgee, a registered participant.</param>
/// <param name="Loan">The loan secured, whole fen.</param>
public sealed record PledgeCertificate(string Certificate, string Bank, Money.Money Loan) : IPricingCommand;

/// <summary><c>bank certificate release</c> (actor: the bank).</summary>
/// <param name="Certificate">Certificate id.</param>
public sealed record ReleaseCertificate(string Certificate) : IPricingCommand;

/// <summary><c>bank package distribute</c> (actor: the operator): one year's income, minimums first.</summary>
/// <param name="Package">Package id.</param>
/// <param name="Year">The income year.</param>
/// <param name="Income">The income, whole fen.</param>
public sealed record DistributeIncome(string Package, int Year, Money.Money Income) : IPricingCommand;
