using System.Globalization;
using EcoLedger.IO;
using EcoLedger.Ledger;
using Stateless;

namespace EcoLedger.Pricing;

using Money = EcoLedger.Money.Money;

/// <summary>How a household's plot enters an ecological-bank package.</summary>
public enum ContributionMode
{
    /// <summary>The household keeps the forest right; the operator manages the plot (托管).</summary>
    Custody,

    /// <summary>The operator leases the plot for the term (租赁).</summary>
    Lease,

    /// <summary>The operator buys the management right outright (赎买): paid at purchase, no certificate.</summary>
    Buyout,
}

/// <summary>How a package's share certificates are weighted.</summary>
public enum ShareBasis
{
    /// <summary>By the area contributed (ha).</summary>
    Area,

    /// <summary>By the annual GEP value of the package's chosen services contributed (CNY/yr at creation).</summary>
    Value,
}

/// <summary>One plot (GEP accounting unit) contributed to a package.</summary>
/// <param name="UnitId">The accounting unit id (as in gep-units.csv).</param>
/// <param name="Contributor">The household.</param>
/// <param name="Mode">custody, lease or buyout.</param>
/// <param name="TermYears">Term of the contribution, 1–70 years.</param>
/// <param name="AreaHa">Area in hectares.</param>
/// <param name="GuaranteedMinimum">Guaranteed annual minimum paid to the household (0 for a buyout).</param>
public sealed record Contribution(string UnitId, string Contributor, ContributionMode Mode, int TermYears, decimal AreaHa, Money GuaranteedMinimum);

/// <summary>The GEP engine's figures for one unit: value by indicator (CNY/yr) and the carbon sequestration (t CO2/yr).</summary>
/// <param name="UnitId">Unit id.</param>
/// <param name="Values">value_cny by indicator.</param>
/// <param name="CarbonTonnes">Quantity of the carbon_sequestration row (t CO2 per year), 0 when absent.</param>
public sealed record UnitGep(string UnitId, IReadOnlyDictionary<string, decimal> Values, decimal CarbonTonnes);

/// <summary>Reads the GEP engine's <c>gep-units.csv</c> (unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny).</summary>
public static class GepUnitsCsv
{
    /// <summary>The indicator whose quantity is the annual sequestration in t CO2.</summary>
    public const string Carbon = "carbon_sequestration";

    /// <summary>Reads every unit's indicator values; a folder means its <c>gep-units.csv</c>.</summary>
    public static IReadOnlyDictionary<string, UnitGep> Read(string path)
    {
        string file = Directory.Exists(path) ? Path.Combine(path, "gep-units.csv") : path;
        if (!File.Exists(file))
        {
            throw new LedgerException($"GEP output '{file}' does not exist; run 'ecoledger gep compute' first.");
        }
        var values = new Dictionary<string, Dictionary<string, decimal>>(StringComparer.Ordinal);
        var carbon = new Dictionary<string, decimal>(StringComparer.Ordinal);
        using var csv = CsvLineReader.Open(file);
        if (!csv.Read() || csv.FieldCount < 7 || csv.GetString(0).TrimStart('\uFEFF') != "unit_id" || csv.GetString(3) != "indicator")
        {
            throw new LedgerException($"{file}: expected the header unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny.");
        }
        while (csv.Read())
        {
            string unit = csv.GetString(0), indicator = csv.GetString(3);
            if (!values.TryGetValue(unit, out var v))
            {
                values.Add(unit, v = new Dictionary<string, decimal>(StringComparer.Ordinal));
            }
            string text = csv.GetString(6).Trim();
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var cny))
            {
                throw new LedgerException($"{file}, row {csv.LineNumber}, unit '{unit}', field 'value_cny': expected an amount in CNY, got '{text}'.");
            }
            if (!v.TryAdd(indicator, cny))
            {
                throw new LedgerException($"{file}, row {csv.LineNumber}, unit '{unit}': indicator '{indicator}' appears twice; expected one row per unit and indicator.");
            }
            if (indicator == Carbon)
            {
                if (csv.GetString(5) != "t CO2" || !decimal.TryParse(csv.GetString(4), NumberStyles.Float, CultureInfo.InvariantCulture, out var t))
                {
                    throw new LedgerException($"{file}, row {csv.LineNumber}: expected the carbon_sequestration quantity in 't CO2'.");
                }
                carbon[unit] = t;
            }
        }
        return values.ToDictionary(kv => kv.Key, kv => new UnitGep(kv.Key, kv.Value, carbon.GetValueOrDefault(kv.Key)), StringComparer.Ordinal);
    }
}

/// <summary>Reads the contributions file: <c>unit_id,contributor,mode,term_years,area_ha,guaranteed_min_cny</c>.</summary>
public static class ContributionsCsv
{
    /// <summary>The header.</summary>
    public const string Header = "unit_id,contributor,mode,term_years,area_ha,guaranteed_min_cny";

    /// <summary>Parses the file; every bad row is reported.</summary>
    public static (IReadOnlyList<Contribution> Rows, IReadOnlyList<InputProblem> Problems) Read(string file, TextReader text)
    {
        var rows = new List<Contribution>();
        var problems = new List<InputProblem>();
        using var csv = new CsvLineReader(text);
        if (!csv.Read() || string.Join(',', Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i).Trim())).TrimStart('\uFEFF') != Header)
        {
            problems.Add(new InputProblem(file, "row 1", null, $"Expected the header '{Header}'."));
            return (rows, problems);
        }
        while (csv.Read())
        {
            string loc = $"row {csv.LineNumber}";
            if (csv.FieldCount < 6)
            {
                problems.Add(new InputProblem(file, loc, null, $"Expected 6 fields ({Header}); found {csv.FieldCount}."));
                continue;
            }
            string F(int i) => csv.GetString(i).Trim();
            int before = problems.Count;
            ContributionMode mode = default;
            if (F(2) is not ("custody" or "lease" or "buyout"))
            {
                problems.Add(new InputProblem(file, loc, "mode", $"Expected custody, lease or buyout; found '{F(2)}'."));
            }
            else
            {
                mode = LedgerNames.Parse<ContributionMode>(F(2));
            }
            if (!Identifiers.IsValid(F(1)))
            {
                problems.Add(new InputProblem(file, loc, "contributor", $"Expected 1 to 40 ASCII letters, digits or underscores; found '{F(1)}'."));
            }
            if (!int.TryParse(F(3), NumberStyles.None, CultureInfo.InvariantCulture, out int term) || term is < 1 or > 70)
            {
                problems.Add(new InputProblem(file, loc, "term_years", $"Expected a whole number of years from 1 to 70; found '{F(3)}'."));
            }
            if (!decimal.TryParse(F(4), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var area) || area <= 0m)
            {
                problems.Add(new InputProblem(file, loc, "area_ha", $"Expected a positive area in hectares; found '{F(4)}'."));
            }
            if (!decimal.TryParse(F(5), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var min) || min < 0m || decimal.Round(min, 2) != min)
            {
                problems.Add(new InputProblem(file, loc, "guaranteed_min_cny", $"Expected an amount in CNY with at most two decimals, 0 or more; found '{F(5)}'."));
            }
            else if (mode == ContributionMode.Buyout && min != 0m && problems.Count == before)
            {
                problems.Add(new InputProblem(file, loc, "guaranteed_min_cny", "A buyout is paid at purchase: its guaranteed minimum must be 0."));
            }
            if (problems.Count == before)
            {
                rows.Add(new Contribution(F(0), F(1), mode, term, area, Money.Cny(min)));
            }
        }
        return (rows, problems);
    }
}

/// <summary>A contributed unit as the package keeps it: the contribution plus its GEP figures at creation.</summary>
/// <param name="Contribution">The contribution.</param>
/// <param name="AnnualGep">Annual GEP value of the package's chosen services (rounded to the fen).</param>
/// <param name="CarbonTonnes">Annual carbon sequestration, t CO2.</param>
public sealed record PackageUnit(Contribution Contribution, Money AnnualGep, decimal CarbonTonnes);

/// <summary>The status of a share certificate.</summary>
public enum CertificateStatus
{
    /// <summary>Held by the household, unencumbered.</summary>
    Active,

    /// <summary>Pledged to a bank as collateral for a loan; still held by the household.</summary>
    Pledged,
}

/// <summary>What can happen to a share certificate.</summary>
public enum CertificateTrigger
{
    /// <summary>Pledge to a bank (active → pledged).</summary>
    Pledge,

    /// <summary>End the pledge (pledged → active).</summary>
    Release,

    /// <summary>Move to another holder: permitted in no state — certificates are never transferred.</summary>
    Transfer,
}

/// <summary>
/// A household's share certificate in an ecological-bank package (林业生态银行 股权证). It may be pledged to a bank and released;
/// it is never transferred: its holder is fixed at creation (the state machine permits no transfer, and the database refuses an update of the holder).
/// </summary>
public sealed class ShareCertificate
{
    private ShareCertificate()
    {
        Id = PackageId = HolderId = "";
    }

    /// <summary>Creates an active certificate.</summary>
    public ShareCertificate(string id, string packageId, string holderId, decimal weight, long guaranteedMinimumFen)
    {
        if (weight <= 0m)
        {
            throw new LedgerException($"Certificate '{id}' needs a positive share weight; got {weight.ToString(CultureInfo.InvariantCulture)}.");
        }
        Id = id;
        PackageId = packageId;
        HolderId = holderId;
        Weight = weight;
        GuaranteedMinimumFen = guaranteedMinimumFen;
        Status = CertificateStatus.Active;
    }

    /// <summary>Certificate id.</summary>
    public string Id { get; private set; }

    /// <summary>Package.</summary>
    public string PackageId { get; private set; }

    /// <summary>The household holding it; never changes.</summary>
    public string HolderId { get; private set; }

    /// <summary>Share weight: hectares (area basis) or CNY per year (value basis).</summary>
    public decimal Weight { get; private set; }

    /// <summary>Guaranteed annual minimum in fen (sum over the holder's custody and lease units).</summary>
    public long GuaranteedMinimumFen { get; private set; }

    /// <summary>Status.</summary>
    public CertificateStatus Status { get; private set; }

    /// <summary>The bank, while pledged.</summary>
    public string? PledgeeId { get; private set; }

    /// <summary>The loan secured on the certificate, in fen, while pledged.</summary>
    public long? LoanFen { get; private set; }

    /// <summary>Optimistic-concurrency version.</summary>
    public long Version { get; private set; }

    /// <summary>Rebuilds a stored certificate.</summary>
    public static ShareCertificate Restore(string id, string packageId, string holderId, decimal weight, long minimumFen,
        CertificateStatus status, string? pledgee, long? loanFen, long version) =>
        new(id, packageId, holderId, weight, minimumFen) { Status = status, PledgeeId = pledgee, LoanFen = loanFen, Version = version };

    /// <summary>True when the state machine permits the trigger now.</summary>
    public bool CanFire(CertificateTrigger trigger) => CreateMachine(() => Status, _ => { }).CanFire(trigger);

    /// <summary>Pledges the certificate to <paramref name="bankId"/> for a loan; the actor must be the holder.</summary>
    public void Pledge(string actorId, string bankId, Money loan)
    {
        if (actorId != HolderId)
        {
            throw new LedgerException($"Actor '{actorId}' may not fire trigger 'pledge' on share certificate '{Id}' in state '{Status.Name()}': it requires the holder '{HolderId}'.");
        }
        if (bankId == HolderId)
        {
            throw new LedgerException($"Cannot pledge share certificate '{Id}' to its own holder '{HolderId}'.");
        }
        Fire(CertificateTrigger.Pledge, actorId);
        PledgeeId = bankId;
        LoanFen = Fen.Exact(loan, "The loan");
    }

    /// <summary>Releases the pledge; the actor must be the bank.</summary>
    public void Release(string actorId)
    {
        if (Status == CertificateStatus.Pledged && actorId != PledgeeId)
        {
            throw new LedgerException($"Actor '{actorId}' may not fire trigger 'release' on share certificate '{Id}' in state 'pledged': it requires the bank '{PledgeeId}'.");
        }
        Fire(CertificateTrigger.Release, actorId);
        PledgeeId = null;
        LoanFen = null;
    }

    /// <summary>Always refused: certificates can be pledged, never transferred.</summary>
    /// <exception cref="LedgerException">Always.</exception>
    public void Transfer(string actorId, string newHolderId) =>
        throw new LedgerException($"Share certificate '{Id}' cannot be transferred from '{HolderId}' to '{newHolderId}': ecological-bank certificates " +
            $"stay with the contributing household; they may be pledged, never transferred (trigger 'transfer', state '{Status.Name()}', actor '{actorId}').");

    private void Fire(CertificateTrigger trigger, string actorId)
    {
        var status = Status;
        var m = CreateMachine(() => status, s => status = s);
        if (!m.CanFire(trigger))
        {
            throw LedgerException.IllegalTransition(trigger.Name(), $"share certificate '{Id}'", Status.Name(), actorId);
        }
        m.Fire(trigger);
        Status = status;
        Version++;
    }

    /// <summary>The certificate state machine (for diagrams): active ⇄ pledged; transfer permitted nowhere.</summary>
    public static StateMachine<CertificateStatus, CertificateTrigger> CreateMachine(Func<CertificateStatus> read, Action<CertificateStatus> write)
    {
        var m = new StateMachine<CertificateStatus, CertificateTrigger>(read, write);
        m.Configure(CertificateStatus.Active).Permit(CertificateTrigger.Pledge, CertificateStatus.Pledged);
        m.Configure(CertificateStatus.Pledged).Permit(CertificateTrigger.Release, CertificateStatus.Active);
        return m;
    }
}

/// <summary>Builds a package: checks the contributions against the GEP output and issues the certificates.</summary>
public static class AssetPackages
{
    /// <summary>
    /// Validates the contributions (units known to the GEP output, each unit once, services known, carbon valued separately) and
    /// computes per unit the annual GEP value of the chosen services (rounded to the fen) and the annual sequestration; then one
    /// certificate per household with custody or lease units, weighted by their area or by their annual GEP value, with the sum
    /// of their guaranteed minimums. Certificate ids: <c>{package}_C01</c>, … in ordinal order of the household id.
    /// </summary>
    public static (IReadOnlyList<PackageUnit> Units, IReadOnlyList<ShareCertificate> Certificates) Build(string packageId, ShareBasis basis,
        IReadOnlyList<string> services, IReadOnlyList<Contribution> contributions, IReadOnlyDictionary<string, UnitGep> gep)
    {
        Identifiers.Require(packageId, "package id");
        if (contributions.Count == 0)
        {
            throw new LedgerException($"Package '{packageId}' needs at least one contributed unit.");
        }
        if (services.Count == 0)
        {
            throw new LedgerException("Choose at least one GEP service for the package value (--services).");
        }
        if (services.Contains(GepUnitsCsv.Carbon))
        {
            throw new LedgerException("carbon_sequestration is valued by the carbon forward value (price path), not by its GEP value; leave it out of --services.");
        }
        var known = gep.Values.SelectMany(u => u.Values.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (var s in services.Where(s => !known.Contains(s)))
        {
            throw new LedgerException($"Service '{s}' is not in the GEP output; it has {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
        }
        var units = new List<PackageUnit>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in contributions)
        {
            if (!seen.Add(c.UnitId))
            {
                throw new LedgerException($"Unit '{c.UnitId}' is contributed twice to package '{packageId}'.");
            }
            if (!gep.TryGetValue(c.UnitId, out var g))
            {
                throw new LedgerException($"Unit '{c.UnitId}' is not in the GEP output.");
            }
            decimal annual = services.Sum(s => g.Values.GetValueOrDefault(s));
            units.Add(new PackageUnit(c, Fen.Round(annual), g.CarbonTonnes));
        }
        var certificates = units.Where(u => u.Contribution.Mode != ContributionMode.Buyout)
            .GroupBy(u => u.Contribution.Contributor, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select((g, i) => new ShareCertificate(string.Create(CultureInfo.InvariantCulture, $"{packageId}_C{i + 1:00}"), packageId, g.Key,
                basis == ShareBasis.Area ? g.Sum(u => u.Contribution.AreaHa) : g.Sum(u => u.AnnualGep.Amount),
                g.Sum(u => Fen.Of(u.Contribution.GuaranteedMinimum))))
            .ToList();
        if (certificates.Count == 0)
        {
            throw new LedgerException($"Package '{packageId}' has only buyout units: no household holds a share, so there is nothing to certify.");
        }
        return (units, certificates);
    }

    /// <summary>One unit's value in a package valuation.</summary>
    public sealed record UnitValue(PackageUnit Unit, Money GepPresentValue, Money CarbonPresentValue)
    {
        /// <summary>GEP + carbon.</summary>
        public Money Total => GepPresentValue + CarbonPresentValue;
    }

    /// <summary>
    /// Values a package: for each unit u over its term T_u, GEP_PV_u = round(Σ_{t=1..T_u} G_u / (1 + r)^t) and CARBON_PV_u = the forward NPV
    /// of C_u t CO2/yr (buffer b, haircut h, the price path, rate r) over the same years; package value = Σ_u (GEP_PV_u + CARBON_PV_u).
    /// </summary>
    public static IReadOnlyList<UnitValue> Value(IReadOnlyList<PackageUnit> units, int baseYear, decimal bufferShare, decimal haircut,
        PricePath path, decimal discountRate)
    {
        var list = new List<UnitValue>();
        foreach (var u in units)
        {
            int term = u.Contribution.TermYears;
            decimal factorSum = 0m, growth = 1m;
            for (int t = 1; t <= term; t++)
            {
                growth *= 1m + discountRate;
                factorSum += 1m / growth;
            }
            var gepPv = Fen.Round(u.AnnualGep.Amount * factorSum);
            var carbon = ForwardValuation.Value(new ForwardInputs(ForwardValuation.Constant(u.CarbonTonnes, baseYear + 1, term), baseYear,
                bufferShare, haircut, path, discountRate));
            list.Add(new UnitValue(u, gepPv, carbon.Npv));
        }
        return list;
    }
}

/// <summary>A certificate's part in one year's distribution.</summary>
/// <param name="CertificateId">Certificate.</param>
/// <param name="Holder">Household.</param>
/// <param name="Weight">Share weight.</param>
/// <param name="Minimum">Guaranteed minimum for the year.</param>
public sealed record DistributionShare(string CertificateId, string Holder, decimal Weight, Money Minimum);

/// <summary>What a certificate receives in one distribution.</summary>
/// <param name="Share">The certificate.</param>
/// <param name="PaidMinimum">Paid towards the guaranteed minimum.</param>
/// <param name="Profit">Share of the income left after all minimums.</param>
/// <param name="Owed">Guaranteed minimum not paid (a shortfall, recorded as owed to the household).</param>
public sealed record DistributionLine(DistributionShare Share, Money PaidMinimum, Money Profit, Money Owed)
{
    /// <summary>Paid in total.</summary>
    public Money Total => PaidMinimum + Profit;
}

/// <summary>The distribution rule of an ecological-bank package.</summary>
public static class Distribution
{
    /// <summary>
    /// Splits one year's income I over the certificates. M = Σ minimums. When I ≥ M every certificate gets its minimum and the rest
    /// I − M is split by share weight with <see cref="Money.Allocate(IReadOnlyList{decimal})"/>. When I &lt; M the income is split
    /// pro rata to the minimums (again with Allocate), no profit is paid, and each certificate's unpaid minimum is recorded as owed.
    /// The parts always add up to I exactly.
    /// </summary>
    public static IReadOnlyList<DistributionLine> Split(Money income, IReadOnlyList<DistributionShare> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        if (shares.Count == 0)
        {
            throw new LedgerException("A distribution needs at least one certificate.");
        }
        if (income.Amount < 0m || !income.IsRoundedToMinorUnit)
        {
            throw new LedgerException($"The income must be 0 or more, in whole fen; got {income}.");
        }
        var minimum = shares.Aggregate(Money.Zero(), (s, x) => s + x.Minimum);
        var zero = Money.Zero();
        if (income >= minimum)
        {
            var rest = income - minimum;
            var profits = rest.Amount == 0m ? shares.Select(_ => zero).ToArray() : rest.Allocate(shares.Select(s => s.Weight).ToArray());
            return shares.Select((s, i) => new DistributionLine(s, s.Minimum, profits[i], zero)).ToList();
        }
        // income < minimum, so minimum > 0 and Allocate has a positive total weight.
        var paid = income.Amount == 0m ? shares.Select(_ => zero).ToArray() : income.Allocate(shares.Select(s => s.Minimum.Amount).ToArray());
        return shares.Select((s, i) => new DistributionLine(s, paid[i], zero, s.Minimum - paid[i])).ToList();
    }
}

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
