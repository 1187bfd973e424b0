namespace EcoLedger.IntegrationTests.Demo;

/// <summary>
/// Runs <c>ecoledger demo</c> on the samples once, in-process, for the tests of the <see cref="Collection"/> collection: what it
/// printed and its exit code (<see cref="DemoCliTests"/>) and the reports it wrote, which a bureau prints
/// (<see cref="Reports.DemoReportPrintTests"/>). The run takes a good part of a minute on a two-core machine; the tests only
/// read its output.
/// </summary>
public sealed class DemoRunFixture : IDisposable
{
    /// <summary>The collection of the tests that read the one demo run.</summary>
    public const string Collection = "Demo run";

    public DemoRunFixture()
    {
        Root = Directory.CreateTempSubdirectory("ecoledger-demo-").FullName;
        Result = CliRunner.Run("demo", "--samples", CliRunner.Repo("samples"), "--out", Root);
    }

    /// <summary>The demo's output folder (<c>--out</c>).</summary>
    public string Root { get; }

    /// <summary>Its exit code, standard output and standard error.</summary>
    public CliRunner.Result Result { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(DemoRunFixture.Collection)]
public sealed class DemoRunCollection : ICollectionFixture<DemoRunFixture>;
