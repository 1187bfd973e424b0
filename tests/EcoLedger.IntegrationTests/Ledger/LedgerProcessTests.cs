using System.Diagnostics;
using System.Text;
using EcoLedger.Storage;

namespace EcoLedger.IntegrationTests.Ledger;

/// <summary>Several processes on one database, and processes killed in the middle of a command.</summary>
public class LedgerProcessTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(LedgerTestDb.Providers), MemberType = typeof(LedgerTestDb))]
    public void Should_never_double_spend_when_processes_race_for_the_same_credits(string provider)
    {
        // Given the buyer holds exactly 100 t
        using var t = new LedgerTestDb(provider);
        t.Seed(1_000, "h1", "h2", "h3", "h4", "h5", "h6");
        t.Ok("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "100", "--request-id", "seed", "--actor", "farm");

        // When 6 processes each try to move 30 t of them at the same time
        var processes = Enumerable.Range(1, 6).Select(i => t.Start("ledger", "credits", "transfer", "--from", "buyer", "--to", $"h{i}",
            "--quantity", "30", "--request-id", $"race{i}", "--actor", "buyer")).ToList();
        var results = processes.Select(p => (Err: p.StandardError.ReadToEnd(), p.StandardOutput.ReadToEnd(), Done: p.WaitForExit(60_000), Code: p.ExitCode)).ToList();

        // Then exactly 3 succeed (90 t), the other 3 fail clearly, and 10 t remain
        Assert.All(results, r => Assert.True(r.Done));
        Assert.Equal(3, results.Count(r => r.Code == 0));
        Assert.All(results.Where(r => r.Code != 0), r => Assert.Equal("error: Holder 'buyer' has 10 active credits; cannot transfer 30.", r.Err.Trim()));
        using var db = LedgerDatabase.Open(t.Path);
        Assert.Equal(10L, db.Balances("buyer")[0].Active);
        Assert.Equal(90L, Enumerable.Range(1, 6).Sum(i => db.Balances($"h{i}").Sum(b => b.Active)));
        Assert.Empty(db.Verify());
    }

    [Theory]
    [MemberData(nameof(LedgerTestDb.Providers), MemberType = typeof(LedgerTestDb))]
    public void Should_serialise_concurrent_batches_without_losing_a_transfer(string provider)
    {
        using var t = new LedgerTestDb(provider);
        t.Seed();
        var files = Enumerable.Range(0, 4).Select(p =>
        {
            var sb = new StringBuilder("request_id,from,to,quantity\n");
            for (int i = 0; i < 50; i++)
            {
                sb.Append($"p{p}r{i},farm,{(i % 2 == 0 ? "buyer" : "bank")},1\n");
            }
            string f = Path.Combine(t.Dir, $"batch{p}.csv");
            File.WriteAllText(f, sb.ToString());
            return f;
        }).ToList();

        var processes = files.Select(f => t.Start("ledger", "credits", "transfer", "--batch", f, "--actor", "farm")).ToList();
        var codes = processes.Select(p => { p.StandardOutput.ReadToEnd(); p.StandardError.ReadToEnd(); p.WaitForExit(60_000); return p.ExitCode; }).ToList();

        Assert.All(codes, c => Assert.Equal(0, c));
        using var db = LedgerDatabase.Open(t.Path);
        // farm: 900 - 4 × 50 = 700; buyer and bank 100 each
        Assert.Equal((700L, 100L, 100L), (db.Balances("farm")[0].Active, db.Balances("buyer")[0].Active, db.Balances("bank")[0].Active));
        Assert.Empty(db.Verify());
    }

    [Theory]
    [MemberData(nameof(LedgerTestDb.Providers), MemberType = typeof(LedgerTestDb))]
    public void Should_keep_all_or_nothing_of_a_command_killed_at_random_points(string provider)
    {
        // Given buyer and bank with 450 t each, and a batch of 4,000 one-tonne transfers back and forth between them
        using var t = new LedgerTestDb(provider);
        t.Seed();
        t.Ok("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "450", "--request-id", "s1", "--actor", "farm");
        t.Ok("ledger", "credits", "transfer", "--from", "farm", "--to", "bank", "--quantity", "450", "--request-id", "s2", "--actor", "farm");
        t.GiveKey("buyer");
        t.GiveKey("bank");
        var random = new Random(20261130);
        var fullRun = TimeSpan.Zero;
        for (int round = 0; round < 3; round++)
        {
            var sb = new StringBuilder("request_id,from,to,quantity\n");
            for (int i = 0; i < 4_000; i++)
            {
                sb.Append(i % 2 == 0 ? $"k{round}_{i},buyer,bank,1\n" : $"k{round}_{i},bank,buyer,1\n");
            }
            string file = Path.Combine(t.Dir, $"kill{round}.csv");
            File.WriteAllText(file, sb.ToString());
            int before;
            using (var db = LedgerDatabase.Open(t.Path))
            {
                before = db.JournalEntries().Count;
            }

            // When the process is killed after a random delay: round 0 is not killed and measures how long a whole run takes
            // on this machine now; the other rounds are killed at a random point between 30 % and 110 % of that time.
            var p = t.Start("ledger", "credits", "transfer", "--batch", file, "--key-dir", t.KeyDir); // each row signed by its sender
            var clock = Stopwatch.StartNew();
            int delay = round == 0 ? -1 : (int)(fullRun.TotalMilliseconds * (0.3 + 0.8 * random.NextDouble()));
            if (round == 0)
            {
                p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                fullRun = clock.Elapsed;
            }
            else
            {
                Thread.Sleep(delay);
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
            }

            // Then the database holds the whole batch or none of it, and every invariant holds
            using var after = LedgerDatabase.Open(t.Path);
            int events = after.JournalEntries().Count;
            // each row journals its acceptance (request id and content hash) and then its transfer
            Assert.Contains(events, new[] { before, before + 8_000 });
            output.WriteLine($"round {round}: {(round == 0 ? "ran to the end" : $"killed after {delay} ms")} (exit code {p.ExitCode}); batch {(events == before ? "not applied" : "applied")}");
            Assert.Empty(after.Verify());
            Assert.Equal(900L, after.Balances("buyer")[0].Active + after.Balances("bank")[0].Active);
        }
    }

    [Fact]
    public void Ledger_init_with_a_bare_file_name_creates_the_ledger_and_its_key_in_the_working_directory()
    {
        // `ledger init --db ledger.db` used to crash: the key file's directory part is empty
        using var t = new LedgerTestDb();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = t.Dir };
        foreach (var a in new[] { typeof(EcoLedger.Cli.Program).Assembly.Location, "ledger", "init", "--db", "bare.db" })
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();

        Assert.True(p.ExitCode == 0, err);
        Assert.True(File.Exists(Path.Combine(t.Dir, "bare.db.key.pem")));
        Assert.True(File.Exists(Path.Combine(t.Dir, "bare.db.pub.pem")));
    }
}
