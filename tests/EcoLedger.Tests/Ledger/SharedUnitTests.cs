using EcoLedger.Ledger;

namespace EcoLedger.Tests.Ledger;

/// <summary>
/// The same accounting unit in two projects: registration refuses a unit another registered (or suspended) project covers for an
/// overlapping crediting period; issuance refuses a period another project covering the unit was already issued for.
/// </summary>
public class SharedUnitTests
{
    private const string DoubleRegistration = "Crediting period 2020-01-01..2049-12-31 of project 'P4' overlaps the crediting period 2020-01-01..2049-12-31 " +
        "of registered project 'P1', which already covers unit 'u1': the same land cannot be registered twice for 2020-01-01..2049-12-31.";

    private const string DoubleIssuance = "Monitoring period 2023-01-01..2023-12-31 of project 'P4' overlaps the issued period 2023-01-01..2023-12-31 " +
        "(request 'R1') of project 'P1', which also covers unit 'u1': the same land cannot be credited twice for 2023-01-01..2023-12-31.";

    [Fact]
    public void Should_refuse_to_register_a_unit_of_a_registered_project_for_an_overlapping_period()
    {
        var ledger = TestLedger.WithProject();
        ledger.Issue("R1", "P1", 2023, 1_000);
        ledger.CreateProject("P4", 1_000, ["u1"]);
        ledger.Advance("P4", ProjectState.Validated);
        Assert.Equal(DoubleRegistration, ledger.Refused(e => e.TransitionProject("reg", "P4", ProjectTrigger.Register)));
        Assert.Equal(ProjectState.Validated, ledger.Store.FindProject("P4")!.State);
    }

    [Fact]
    public void Should_name_the_first_shared_unit_and_the_days_both_periods_cover()
    {
        var ledger = TestLedger.WithProject(state: ProjectState.Suspended);
        ledger.CreateProject("P4", 1_000, ["u9", "u2", "u1"], new DateOnly(2045, 6, 1), new DateOnly(2060, 5, 31));
        ledger.Advance("P4", ProjectState.Validated);
        Assert.Equal("Crediting period 2045-06-01..2060-05-31 of project 'P4' overlaps the crediting period 2020-01-01..2049-12-31 of suspended project 'P1', " +
            "which already covers unit 'u1': the same land cannot be registered twice for 2045-06-01..2049-12-31.",
            ledger.Refused(e => e.TransitionProject("reg", "P4", ProjectTrigger.Register)));
    }

    [Theory]
    [InlineData(ProjectState.Draft)]
    [InlineData(ProjectState.Validated)]
    [InlineData(ProjectState.Closed)]
    [InlineData(ProjectState.Rejected)]
    public void Should_register_a_unit_whose_other_project_does_not_hold_it(ProjectState other)
    {
        var ledger = TestLedger.WithProject(state: other);
        ledger.CreateProject("P4", 1_000, ["u1"]);
        ledger.Advance("P4", ProjectState.Registered);
        Assert.Equal(ProjectState.Registered, ledger.Store.FindProject("P4")!.State);
    }

    [Fact]
    public void Should_register_the_same_unit_for_a_crediting_period_that_does_not_overlap()
    {
        var ledger = TestLedger.WithProject();
        ledger.CreateProject("P4", 1_000, ["u1"], new DateOnly(2050, 1, 1), new DateOnly(2079, 12, 31));
        ledger.Advance("P4", ProjectState.Registered);
        ledger.Issue("R4", "P4", 2050, 10);
    }

    [Fact]
    public void Should_refuse_to_issue_a_period_another_project_over_the_unit_was_issued_for()
    {
        // P1 issued 2023 and was closed; P4 may register the land (P1 no longer holds it) but not be credited for 2023 again.
        var ledger = TestLedger.WithProject();
        ledger.Issue("R1", "P1", 2023, 1_000);
        ledger.Run(e => e.TransitionProject("reg", "P1", ProjectTrigger.Close));
        ledger.CreateProject("P4", 1_000, ["u1"]);
        ledger.Advance("P4", ProjectState.Registered);
        Assert.Equal(DoubleIssuance, ledger.Refused(e => e.RequestIssuance("owner", "R4", "P4", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), 1_000)));
        ledger.Issue("R5", "P4", 2024, 1_000);
    }

    [Fact]
    public void Should_refuse_at_issue_time_when_the_other_project_was_issued_after_the_request()
    {
        // A ledger from before the registration rule: P4 was registered over u1 while P1 held it (the event is applied as journalled,
        // not decided). Both request 2023; the first to be issued wins, the other is refused at issue.
        var ledger = TestLedger.WithProject();
        ledger.CreateProject("P4", 1_000, ["u1"]);
        ledger.Advance("P4", ProjectState.Validated);
        ledger.Run(_ => new PendingEvent(EventKinds.ProjectTransitioned, "reg", new ProjectTransitioned("P4", "register", "validated", "registered")));
        ledger.Run(e => e.RequestIssuance("owner", "R4", "P4", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), 1_000));
        ledger.Run(e => e.TransitionIssuance("ver", "R4", IssuanceTrigger.Verify));
        ledger.Issue("R1", "P1", 2023, 1_000);
        Assert.Equal(DoubleIssuance, ledger.Refused(e => e.Issue("reg", "R4")));
        Assert.Equal(IssuanceState.Verified, ledger.Store.FindRequest("R4")!.State);
    }
}
