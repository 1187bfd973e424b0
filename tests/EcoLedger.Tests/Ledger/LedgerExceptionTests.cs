using EcoLedger.Ledger;

namespace EcoLedger.Tests.Ledger;

public class LedgerExceptionTests
{
    [Fact]
    public void A_field_refusal_names_the_domain_field_and_each_host_shows_its_own_name()
    {
        var e = LedgerException.ForFields("A retirement needs a beneficiary ({beneficiary}) and a purpose ({purpose}).", "beneficiary", "purpose");

        Assert.Equal("A retirement needs a beneficiary (beneficiary) and a purpose (purpose).", e.Message);
        Assert.Equal(["beneficiary", "purpose"], e.Fields);
        // The CLI names options, a server would name JSON members.
        Assert.Equal("A retirement needs a beneficiary (--beneficiary) and a purpose (--purpose).", e.Describe(f => "--" + f));
        Assert.Equal("A retirement needs a beneficiary (\"beneficiary\") and a purpose (\"purpose\").", e.Describe(f => $"\"{f}\""));
    }

    [Fact]
    public void Other_refusals_are_shown_as_they_are()
    {
        var e = new LedgerException("Unknown actor 'x'.");
        Assert.Empty(e.Fields);
        Assert.Equal("Unknown actor 'x'.", e.Describe(f => "--" + f));
    }
}
