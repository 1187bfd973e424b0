using EcoLedger.Ledger;
using EcoLedger.Pricing;
using static EcoLedger.Money.Money;

namespace EcoLedger.Tests.Pricing;

/// <summary>The pricing module's engine decides against the stores and never changes them; its applier applies the events.</summary>
public class PricingEngineTests
{
    private readonly InMemoryLedgerStore _ledger = new();
    private readonly InMemoryPricingStore _pricing = new();
    private long _seq;

    public PricingEngineTests()
    {
        foreach (var (id, role) in new[] { ("reg", Role.Registry), ("op", Role.Holder), ("hh1", Role.Holder), ("hh2", Role.Holder), ("bank", Role.Holder) })
        {
            _ledger.AddParticipant(new Participant(id, role));
        }
    }

    private PricingEngine Engine => new(_pricing, _ledger);

    private PendingEvent Run(string actor, IPricingCommand command)
    {
        var e = Engine.Decide(Actor.Of(_ledger.FindParticipant(actor)!), command);
        PricingApplier.Apply(_pricing, e.Actor, e.Payload, ++_seq);
        return e;
    }

    private string Refused(string actor, IPricingCommand command) =>
        Assert.Throws<LedgerException>(() => Engine.Decide(Actor.Of(_ledger.FindParticipant(actor)!), command)).Message;

    private static CreatePackage Package() => new("PKG", "Package", "area", ["water_conservation"],
        [new PackageUnitEntry("U1", "hh1", "custody", 30, "10", 100_000, "1", 30_000), new PackageUnitEntry("U2", "hh2", "custody", 30, "5", 50_000, "1", 10_000)],
        [new CertificateEntry("PKG_C01", "hh1", "10", 30_000), new CertificateEntry("PKG_C02", "hh2", "5", 10_000)]);

    [Fact]
    public void Only_the_registry_imports_prices_and_a_stored_quote_is_never_changed()
    {
        var d = new DateOnly(2025, 6, 27);
        Assert.Equal("Actor 'op' (role 'holder') may not import prices: it requires role 'registry'.",
            Refused("op", new ImportPrices("p.csv", "0", [new QuoteEntry("CEA", d, 7_240, "SEEE")])));

        // Given 72.40 CNY/t stored, the same quote again is skipped and another price for the same day is refused
        var first = (PricesImported)Run("reg", new ImportPrices("p.csv", "0", [new QuoteEntry("CEA", d, 7_240, "SEEE")])).Payload;
        var again = (PricesImported)Run("reg", new ImportPrices("p.csv", "0", [new QuoteEntry("CEA", d, 7_240, "SEEE")])).Payload;
        Assert.Equal((1, 1), (first.Rows, first.New));
        Assert.Equal((1, 0), (again.Rows, again.New));
        Assert.Equal("Market 'CEA' already has a quote of 72.40 CNY/t on 2025-06-27 (source 'SEEE'); a stored quote is never changed, so 80.00 is refused.",
            Refused("reg", new ImportPrices("q.csv", "1", [new QuoteEntry("CEA", d, 8_000, "other")])));
        // Twice in one file with two prices: refused too (the old SQL path failed on the primary key instead).
        Assert.StartsWith("Market 'CEA' already has a quote of 70.00 CNY/t on 2025-06-26",
            Refused("reg", new ImportPrices("r.csv", "2", [new QuoteEntry("CEA", d.AddDays(-1), 7_000, "a"), new QuoteEntry("CEA", d.AddDays(-1), 7_100, "b")])));
        Assert.Single(_pricing.Quotes);
    }

    [Fact]
    public void A_certificate_is_pledged_by_its_holder_released_by_its_bank_and_the_decision_changes_nothing_until_applied()
    {
        Run("op", Package());
        Assert.Equal("Actor 'hh2' may not fire trigger 'pledge' on share certificate 'PKG_C01' in state 'active': it requires the holder 'hh1'.",
            Refused("hh2", new PledgeCertificate("PKG_C01", "bank", Cny(1_000m))));

        var decided = Engine.Decide(Actor.Of(_ledger.FindParticipant("hh1")!), new PledgeCertificate("PKG_C01", "bank", Cny(1_000m)));
        Assert.Equal(CertificateStatus.Active, _pricing.FindCertificate("PKG_C01")!.Status);
        PricingApplier.Apply(_pricing, decided.Actor, decided.Payload, ++_seq);
        Assert.Equal((CertificateStatus.Pledged, "bank", 100_000L), (_pricing.FindCertificate("PKG_C01")!.Status, _pricing.FindCertificate("PKG_C01")!.PledgeeId, _pricing.FindCertificate("PKG_C01")!.LoanFen));

        Assert.Equal("Actor 'hh1' may not fire trigger 'release' on share certificate 'PKG_C01' in state 'pledged': it requires the bank 'bank'.",
            Refused("hh1", new ReleaseCertificate("PKG_C01")));
        Run("bank", new ReleaseCertificate("PKG_C01"));
        Assert.Equal(CertificateStatus.Active, _pricing.FindCertificate("PKG_C01")!.Status);
    }

    [Fact]
    public void The_operator_distributes_minimums_first_once_a_year()
    {
        Run("op", Package());
        Assert.Equal("Actor 'hh1' may not distribute the income of package 'PKG': it requires the operator 'op'.",
            Refused("hh1", new DistributeIncome("PKG", 2024, Cny(1_000m))));

        // 1,000.00 CNY: minimums 300.00 + 100.00 first, the 600.00 left by area 10 : 5 → 400.00 and 200.00.
        var d = (Distributed)Run("op", new DistributeIncome("PKG", 2024, Cny(1_000m))).Payload;
        Assert.Equal([70_000L, 30_000L], d.Lines.Select(l => l.TotalFen));
        Assert.Equal([40_000L, 20_000L], d.Lines.Select(l => l.ProfitFen));
        Assert.Equal(2, _pricing.Distributions.Count);
        Assert.Equal("The 2024 income of package 'PKG' has already been distributed.", Refused("op", new DistributeIncome("PKG", 2024, Cny(1m))));
    }

    [Fact]
    public void A_package_needs_registered_households()
    {
        var ghost = Package() with { Certificates = [new CertificateEntry("PKG_C01", "ghost", "10", 0)] };
        Assert.Equal("Unknown participant 'ghost' (of package 'PKG'); add it with 'ledger participant add' first.", Refused("op", ghost));
    }
}
