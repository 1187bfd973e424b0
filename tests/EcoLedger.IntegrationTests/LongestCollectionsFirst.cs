using Xunit.Abstractions;

[assembly: TestCollectionOrderer("EcoLedger.IntegrationTests.LongestCollectionsFirst", "EcoLedger.IntegrationTests")]

namespace EcoLedger.IntegrationTests;

/// <summary>
/// Starts the test collections that take longest first, then the others in xunit's own order. xunit runs two collections at a
/// time on a two-core machine and starts the next one when one ends, in the order of this orderer; its default order is a hash of
/// the assembly's path and the collection's name, so a long collection could start last wherever the repository was checked out
/// and run alone at the end (a run was seen 45 s longer for that). Longest first leaves the short ones to fill the end. The order
/// changes when the collections run, never what they do: each collection still runs alone on its own fixtures.
/// </summary>
/// <remarks>
/// The list holds the collections over about 10 s on a two-core machine, longest first (the per-class totals of a run's .trx file,
/// a class's collection holding all its tests). A collection missing from it only starts later.
/// </remarks>
public sealed class LongestCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string[] Longest =
    [
        Server.BrowserSite.Collection,
        Demo.DemoRunFixture.Collection,
        ClassCollection(typeof(Ledger.LedgerProcessTests)),
        ClassCollection(typeof(Server.SignInTests)),
        ClassCollection(typeof(Server.MonitoringEndpointTests)),
        ClassCollection(typeof(Ledger.LedgerStorageTests)),
        ClassCollection(typeof(Server.GepJobTests)),
        ClassCollection(typeof(Storage.PostgresMonitoringPartitionTests)),
        ClassCollection(typeof(Server.MonitoringLiveTests)),
        ClassCollection(typeof(Reports.GepReportRenderTests)),
        ClassCollection(typeof(Ledger.RetirementCertificateTests)),
        ClassCollection(typeof(Reports.GepReportRasterTests)),
        ClassCollection(typeof(Server.RoleGrantsTests)),
        ClassCollection(typeof(Reports.LedgerReportRenderTests)),
    ];

    // OrderBy is stable: the collections of one rank keep xunit's order.
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        new Xunit.Sdk.DefaultTestCollectionOrderer().OrderTestCollections(testCollections).OrderBy(Rank);

    private static int Rank(ITestCollection collection)
    {
        int i = Array.IndexOf(Longest, collection.DisplayName);
        return i < 0 ? Longest.Length : i;
    }

    /// <summary>The name xunit gives the collection of a class without a [Collection] attribute.</summary>
    private static string ClassCollection(Type testClass) => "Test collection for " + testClass.FullName;
}
