using EcoLedger.Audit;
using EcoLedger.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.IntegrationTests.Audit;

/// <summary>
/// One ledger of a few thousand random operations written through the real storage (single commands and all-or-nothing batches,
/// each ending with a signed checkpoint), exported once; tests copy the database or the bundle before tampering with it.
/// </summary>
public sealed class AuditLedgerFixture : IDisposable
{
    public const int TargetEvents = 3_000;
    private static readonly string[] Holders = [.. Enumerable.Range(0, 12).Select(i => "h" + i)];

    public AuditLedgerFixture()
    {
        Dir = Directory.CreateTempSubdirectory("ecoledger-audit-").FullName;
        DbPath = Path.Combine(Dir, "ledger.db");
        BundlePath = Path.Combine(Dir, "ledger.bundle");
        using var db = LedgerDatabase.Open(DbPath, durable: false);
        Run(db, new InitializeLedger(), null);
        db.InitializeAudit("tamper-test");
        Run(db, new AddParticipant("reg", Role.Registry), null);
        Run(db, new AddParticipant("ver", Role.Verifier), "reg");
        Run(db, new AddParticipant("farm", Role.ProjectOwner), "reg");
        Run(db, new AddParticipant("bank", Role.Holder), "reg");
        foreach (var h in Holders)
        {
            Run(db, new AddParticipant(h, Role.Holder), "reg");
        }
        foreach (var p in new[] { "P1", "P2" })
        {
            Run(db, new CreateProject(p, "farm", "YC", "CCER-14-001-V01", 1_000, new DateOnly(2020, 1, 1), new DateOnly(2049, 12, 31), []), "farm");
            Run(db, new TransitionProject(p, ProjectTrigger.Submit), "farm");
            Run(db, new TransitionProject(p, ProjectTrigger.Validate), "ver");
            Run(db, new TransitionProject(p, ProjectTrigger.Register), "reg");
        }
        int request = 0;
        void Issue(string project, int year, long quantity)
        {
            string id = $"R{++request}";
            Run(db, new RequestIssuance(id, project, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), quantity), "farm");
            Run(db, new TransitionIssuance(id, IssuanceTrigger.Verify), "ver");
            Run(db, new IssueCredits(id), "reg");
        }
        Issue("P1", 2021, 50_000);
        Issue("P2", 2022, 50_000);
        var rnd = new Random(20261130);
        int n = 0;
        while (Events(db) < TargetEvents)
        {
            n++;
            if (EarlyCheckpoint is null && Events(db) >= TargetEvents / 4)
            {
                EarlyCheckpoint = db.LatestCheckpoint()!;
            }
            if (n % 200 == 0)
            {
                Issue(rnd.Next(2) == 0 ? "P1" : "P2", 2023 + n / 200, rnd.Next(500, 5_000));
                continue;
            }
            if (n % 5 == 0)
            {
                // an all-or-nothing batch of transfers out of the owner's credits
                var items = Enumerable.Range(0, 20).Select(i =>
                {
                    string to = Holders[rnd.Next(Holders.Length)];
                    long q = rnd.Next(1, 40);
                    var cmd = new CreditCommand(CreditOperation.Transfer, "farm", q, to, RequestId: $"b{n}-{i}");
                    return new CommandRequest(cmd, "farm", cmd.RequestId);
                }).ToList();
                db.Commands.RunBatch(items, out _);
                continue;
            }
            string holder = rnd.Next(4) == 0 ? "farm" : Holders[rnd.Next(Holders.Length)];
            long quantity = rnd.Next(1, 60);
            int kind = rnd.Next(10);
            var (op, actor, counterparty) = kind switch
            {
                < 6 => (CreditOperation.Transfer, holder, Holders[rnd.Next(Holders.Length)]),
                < 8 => (CreditOperation.Retire, holder, (string?)null),
                8 => (CreditOperation.Pledge, holder, "bank"),
                _ => (CreditOperation.Release, "bank", null),
            };
            var c = new CreditCommand(op, holder, quantity, counterparty, Beneficiary: "city of Yichun", Purpose: "offset", RequestId: $"r{n}");
            try
            {
                db.Run(c, actor, c.RequestId);
            }
            catch (LedgerException)
            {
                // refused (not enough credits, nothing pledged): nothing written
            }
        }
        EventCount = Events(db);
        db.ExportAudit(BundlePath);
        PublicKeyPem = db.AuditIdentity()!.PublicKeyPem;
        Latest = db.LatestCheckpoint()!;
    }

    public string Dir { get; }

    public string DbPath { get; }

    public string BundlePath { get; }

    public long EventCount { get; }

    public string PublicKeyPem { get; }

    public SignedCheckpoint EarlyCheckpoint { get; private set; } = null!; // set once a quarter of the events are in

    public SignedCheckpoint Latest { get; }

    /// <summary>A copy of the database with its key files, in a fresh folder.</summary>
    public string CopyDatabase()
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-audit-copy-").FullName;
        string path = Path.Combine(dir, "ledger.db");
        foreach (var suffix in new[] { "", ".key.pem", ".pub.pem" })
        {
            File.Copy(DbPath + suffix, path + suffix);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path + ".key.pem", LedgerKeys.PrivateKeyMode);
        }
        return path;
    }

    /// <summary>The bundle's lines (without their LF).</summary>
    public List<string> BundleLines() => [.. File.ReadAllText(BundlePath).Split('\n')[..^1]];

    /// <summary>Writes lines as a bundle in the fixture folder.</summary>
    public string WriteBundle(string name, IEnumerable<string> lines)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));
        return path;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Dir, true);
    }

    private static void Run(LedgerDatabase db, ICommand command, string? actor) => db.Run(command, actor);

    private static long Events(LedgerDatabase db) => db.AuditIdentity()!.TreeSize;
}
