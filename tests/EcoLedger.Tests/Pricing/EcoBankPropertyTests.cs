using EcoLedger.Ledger;
using EcoLedger.Pricing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EcoLedger.Tests.Pricing;

using Money = EcoLedger.Money.Money;

public class EcoBankPropertyTests
{
    private static Gen<DistributionShare[]> SharesGen =>
        from n in Gen.Choose(1, 8)
        from weights in Gen.ArrayOf(Gen.Choose(1, 100_000), n)
        from minimums in Gen.ArrayOf(Gen.Choose(0, 500_000), n)
        select weights.Select((w, i) => new DistributionShare($"C{i:00}", $"h{i}", w / 100m, Money.FromMinorUnits(minimums[i]))).ToArray();

    [Property(MaxTest = 300)]
    public Property Distributions_always_sum_to_the_income() =>
        Prop.ForAll(SharesGen.ToArbitrary(), Gen.Choose(0, 5_000_000).ToArbitrary(), (shares, incomeFen) =>
        {
            var income = Money.FromMinorUnits(incomeFen);
            var lines = Distribution.Split(income, shares);
            var minimum = shares.Sum(s => s.Minimum.Amount);
            Assert.Equal(income.Amount, lines.Sum(l => l.Total.Amount));
            Assert.All(lines, l =>
            {
                Assert.True(l.PaidMinimum.Amount >= 0m && l.PaidMinimum <= l.Share.Minimum);
                Assert.True(l.Profit.Amount >= 0m && l.Owed.Amount >= 0m);
                Assert.True(l.PaidMinimum.IsRoundedToMinorUnit && l.Profit.IsRoundedToMinorUnit);
                Assert.Equal(l.Share.Minimum.Amount, l.PaidMinimum.Amount + l.Owed.Amount);
            });
            // Owed only when the income is below the minimums, and then exactly the shortfall.
            Assert.Equal(Math.Max(0m, minimum - income.Amount), lines.Sum(l => l.Owed.Amount));
        });

    [Property(MaxTest = 200)]
    public Property No_certificate_ever_changes_holder() =>
        Prop.ForAll(Gen.ListOf(Gen.Elements("pledge", "release", "transfer", "pledge_by_other", "release_by_other")).ToArbitrary(), ops =>
        {
            var c = new ShareCertificate("PKG_C01", "PKG", "hh_chen", 12.5m, 150_000);
            foreach (var op in ops)
            {
                try
                {
                    switch (op)
                    {
                        case "pledge": c.Pledge("hh_chen", "bank", Money.Cny(1_000m)); break;
                        case "release": c.Release("bank"); break;
                        case "transfer": c.Transfer("hh_chen", "hh_lin"); break;
                        case "pledge_by_other": c.Pledge("hh_lin", "bank", Money.Cny(1_000m)); break;
                        default: c.Release("hh_lin"); break;
                    }
                    Assert.NotEqual("transfer", op);
                }
                catch (LedgerException)
                {
                    // refused: nothing changed but the status machine's view
                }
                Assert.Equal("hh_chen", c.HolderId);
                Assert.Equal(c.Status == CertificateStatus.Pledged, c.PledgeeId is not null);
            }
            Assert.False(c.CanFire(CertificateTrigger.Transfer));
        });

    [Fact]
    public void Should_refuse_a_transfer_with_a_full_sentence()
    {
        var c = new ShareCertificate("PKG_C01", "PKG", "hh_chen", 12.5m, 150_000);
        var e = Assert.Throws<LedgerException>(() => c.Transfer("hh_chen", "hh_lin"));
        Assert.Equal("Share certificate 'PKG_C01' cannot be transferred from 'hh_chen' to 'hh_lin': ecological-bank certificates stay with the contributing " +
            "household; they may be pledged, never transferred (trigger 'transfer', state 'active', actor 'hh_chen').", e.Message);
        var r = Assert.Throws<LedgerException>(() => c.Release("bank"));
        Assert.Equal("Share certificate 'PKG_C01' is in state 'active', where trigger 'release' is not allowed (actor 'bank').", r.Message);
    }
}
