using System.Globalization;
using System.Text;
using EcoLedger.Cli;
using EcoLedger.Cli.Commands;
using EcoLedger.Cli.Demo;
using EcoLedger.Cli.Hosting;
using EcoLedger.Storage;
using Microsoft.Data.Sqlite;
using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.Ledger;

/// <summary>
/// The demo's ledger, compensation and finance stories with fixed inputs, compared with golden files written before the command
/// pipeline was unified (issue 11): every journal event (actor, kind, payload) and every row of every table must stay the same.
/// Set <c>ECOLEDGER_UPDATE_GOLDEN=1</c> to rewrite the files after a deliberate change, and say why in the commit.
/// </summary>
public sealed class DemoJournalGoldenTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-golden-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Builds the demo database: 1,000 t over twenty fixed units, the Xin'an round, the finance sample.</summary>
    public static string BuildDemoDatabase(string dir)
    {
        string db = Path.Combine(dir, "demo.db");
        Assert.Equal(0, Run("ledger", "init", "--db", db, "--ledger-id", "ecoledger-golden").ExitCode);
        var units = Enumerable.Range(1, 20).Select(i => string.Create(CultureInfo.InvariantCulture, $"YC-{i:0000}")).ToList();
        LedgerDemo.Build(db, units, 1_000);
        CompensationDemo.Run(db, Repo("samples", "xinan"));
        var err = new StringWriter();
        Assert.True(EcoLedger.Cli.Demo.FinanceDemo.RunFinanceSample(new CliIo(TextWriter.Null, err, false), db, Repo("samples"), EcoLedger.Cli.Program.Run) == 0, err.ToString());
        return db;
    }

    [Fact]
    public void Demo_journal_and_tables_match_the_golden_files()
    {
        string db = BuildDemoDatabase(_dir);
        Check("demo-journal.txt", DumpJournal(db));
        Check("demo-tables.txt", DumpTables(db));
    }

    private static void Check(string name, string actual)
    {
        string path = Repo("tests", "EcoLedger.IntegrationTests", "Golden", name);
        if (Environment.GetEnvironmentVariable("ECOLEDGER_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }
        string expected = File.ReadAllText(path);
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Min(e.Length, a.Length); i++)
        {
            Assert.True(e[i] == a[i], $"{name} line {i + 1}:\nexpected {e[i]}\nactual   {a[i]}");
        }
        Assert.Equal(e.Length, a.Length);
    }

    /// <summary>
    /// One line per event: seq, actor, kind, payload (times and hashes differ run to run, and so do ECDSA signatures: .NET draws a
    /// random nonce, so a signature is shown as its length class only).
    /// </summary>
    public static string DumpJournal(string db)
    {
        using var c = Open(db);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT seq, actor, kind, payload FROM journal ORDER BY seq";
        using var r = cmd.ExecuteReader();
        var sb = new StringBuilder();
        while (r.Read())
        {
            string payload = System.Text.RegularExpressions.Regex.Replace(r.GetString(3), "\"signature\":\"[A-Za-z0-9+/=]{80,120}\"", "\"signature\":\"<ECDSA P-256 DER, base64>\"");
            sb.Append(CultureInfo.InvariantCulture, $"{r.GetInt64(0)}\t{r.GetString(1)}\t{r.GetString(2)}\t{payload}\n");
        }
        return sb.ToString();
    }

    /// <summary>
    /// Every row of every table but the journal and the audit tables (times and signatures), sorted; the requests table without its
    /// content hash (how a command is hashed is not a table's content).
    /// </summary>
    public static string DumpTables(string db)
    {
        using var c = Open(db);
        var tables = new List<string>();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_EF%' ESCAPE '\\' " +
                "AND name NOT LIKE 'audit%' AND name <> 'journal' ORDER BY name";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                tables.Add(r.GetString(0));
            }
        }
        var sb = new StringBuilder();
        foreach (var t in tables)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{t}\"";
            using var r = cmd.ExecuteReader();
            var columns = Enumerable.Range(0, r.FieldCount).Select(r.GetName).Where(n => n != "fingerprint").ToList();
            var rows = new List<string>();
            while (r.Read())
            {
                rows.Add(string.Join('\t', columns.Select(n => r.IsDBNull(r.GetOrdinal(n)) ? "NULL" : Convert.ToString(r.GetValue(r.GetOrdinal(n)), CultureInfo.InvariantCulture))));
            }
            rows.Sort(StringComparer.Ordinal);
            sb.Append(CultureInfo.InvariantCulture, $"# {t} ({string.Join(", ", columns)})\n");
            foreach (var row in rows)
            {
                sb.Append(row).Append('\n');
            }
        }
        return sb.ToString();
    }

    private static SqliteConnection Open(string db)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        c.Open();
        return c;
    }
}
