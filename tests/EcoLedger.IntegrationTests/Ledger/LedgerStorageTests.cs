using EcoLedger.Ledger;
using EcoLedger.Storage;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Data.Sqlite;

namespace EcoLedger.IntegrationTests.Ledger;

public class LedgerStorageTests
{
    [Fact]
    public void Should_create_the_schema_by_migration_in_wal_mode()
    {
        using var t = new LedgerTestDb();
        using var db = LedgerDatabase.Open(t.Path);
        Assert.Equal("wal", Scalar(db.Connection, "PRAGMA journal_mode"));
        Assert.Equal("20261130102311_Initial,20261130105657_PostingsAccountCovering,20261130110420_Pricing,20261130110642_Compensation,20261130111250_AuditCheckpoints,20261206163818_ParticipantKeys,20261206172852_SignaturePolicy,20261206211154_Monitoring,20261206212400_RegistryInterop,20261207000520_MonitoringDiurnalSlots,20261207004049_MonitoringRetention,20261207025700_MonitoringReadingsTimeIndexOnly,20261207183135_ProjectUnitsByUnit",
            Scalar(db.Connection, "SELECT group_concat(MigrationId, ',') FROM (SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId)"));
    }

    [Theory]
    [InlineData("sqlite", "UPDATE journal SET actor = 'mallory'", "journal is append-only: UPDATE rejected")]
    [InlineData("sqlite", "DELETE FROM journal", "journal is append-only: DELETE rejected")]
    [InlineData("sqlite", "UPDATE postings SET amount = 0", "postings is append-only: UPDATE rejected")]
    [InlineData("sqlite", "DELETE FROM postings", "postings is append-only: DELETE rejected")]
    [InlineData("postgres", "UPDATE journal SET actor = 'mallory'", "journal is append-only: UPDATE rejected")]
    [InlineData("postgres", "DELETE FROM journal", "journal is append-only: DELETE rejected")]
    [InlineData("postgres", "TRUNCATE journal", "journal is append-only: TRUNCATE rejected")]
    [InlineData("postgres", "UPDATE postings SET amount = 0", "postings is append-only: UPDATE rejected")]
    [InlineData("postgres", "DELETE FROM postings", "postings is append-only: DELETE rejected")]
    [InlineData("postgres", "UPDATE audit_checkpoints SET signature = 'x'", "audit_checkpoints is append-only: UPDATE rejected")]
    public void Should_reject_updates_and_deletes_of_the_journal_and_postings(string provider, string sql, string message)
    {
        using var t = new LedgerTestDb(provider);
        t.Seed();
        using var db = LedgerDatabase.Open(t.Path);
        var e = Assert.ThrowsAny<System.Data.Common.DbException>(() => Exec(db.Connection, sql));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [MemberData(nameof(LedgerTestDb.Providers), MemberType = typeof(LedgerTestDb))]
    public void Should_name_the_first_tampered_entry_when_the_triggers_are_bypassed(string provider)
    {
        using var t = new LedgerTestDb(provider);
        t.Seed();
        using var db = LedgerDatabase.Open(t.Path);
        Exec(db.Connection, provider == "sqlite" ? "DROP TRIGGER journal_no_update" : "DROP TRIGGER journal_no_update ON journal");
        Exec(db.Connection, "UPDATE journal SET payload = replace(payload, '1000', '9000') WHERE seq = 11");

        var problems = db.Verify();

        Assert.Single(problems);
        Assert.StartsWith("Journal entry 11 has been altered: its hash is ", problems[0]);
    }

    [Theory]
    [MemberData(nameof(LedgerTestDb.Providers), MemberType = typeof(LedgerTestDb))]
    public void Should_detect_a_block_changed_behind_the_journal(string provider)
    {
        using var t = new LedgerTestDb(provider);
        t.Seed();
        using var db = LedgerDatabase.Open(t.Path);
        Exec(db.Connection, "UPDATE blocks SET holder_id = 'buyer' WHERE holder_id = 'farm'");

        var problems = db.Verify();

        Assert.StartsWith("Replaying the journal does not reproduce the stored blocks (2 stored, 2 replayed; first difference: ", problems[0]);
    }

    [Theory]
    [MemberData(nameof(LedgerTestDb.Providers), MemberType = typeof(LedgerTestDb))]
    public void Should_fail_the_update_of_a_block_whose_version_changed_after_it_was_read(string provider)
    {
        // Optimistic concurrency: the write of a block is conditional on the version read. Simulate a writer that
        // changed the block between the read and the write by bumping its version inside the same transaction.
        using var t = new LedgerTestDb(provider);
        t.Seed();
        using var db = LedgerDatabase.Open(t.Path);
        int bumps = 0;
        db.Commands.AfterDecide = () =>
        {
            Exec(db.Connection, "UPDATE blocks SET version = version + 1 WHERE holder_id = 'farm'");
            bumps++;
        };
        var e = Assert.Throws<LedgerException>(() => db.Run(new CreditCommand(CreditOperation.Transfer, "farm", 5, "buyer", RequestId: "c1"), "farm", "c1"));
        Assert.Equal("Block 1 was changed by another writer after this command read it. Gave up after 5 attempts; nothing was written. Retry the command.", e.Message);
        Assert.Equal(5, bumps);
        Assert.Equal(900L, db.Balances("farm")[0].Active);
        Assert.Empty(db.Verify());
    }

    public sealed record Op(int Kind, int From, int To, long Quantity);

    private static readonly string[] Holders = ["farm", "buyer", "bank", "h4"];

    /// <summary>
    /// The database store (identity map, per-holder cache, SQL writes) must decide exactly as the in-memory store: the same random
    /// operations accepted or refused, the same blocks. The accepted operations, rerun as one batch in a fresh database, give the same blocks.
    /// </summary>
    [Property(MaxTest = 12)]
    public Property Database_and_memory_agree_single_and_batched() => DatabaseAndMemoryAgree("sqlite");

    /// <summary>The same property on PostgreSQL (fewer cases: each makes two databases on the server).</summary>
    [Property(MaxTest = 6)]
    public Property Database_and_memory_agree_single_and_batched_on_postgres() => DatabaseAndMemoryAgree("postgres");

    private static Property DatabaseAndMemoryAgree(string provider) =>
        Prop.ForAll((from kind in Gen.Choose(0, 5)
                     from f in Gen.Choose(0, 3)
                     from to in Gen.Choose(0, 3)
                     from q in Gen.Choose(1, 400)
                     select new Op(kind, f, to, q)).ListOf().Select(l => l.ToList()).ToArbitrary(), ops =>
        {
            using var t = new LedgerTestDb(provider);
            t.SeedFast();
            using var db = LedgerDatabase.Open(t.Path, durable: false);
            var memory = Journal.Replay(db.JournalEntries());
            long seq = db.JournalEntries().Count;
            var accepted = new List<CommandRequest>();
            int n = 0;
            foreach (var op in ops)
            {
                n++;
                var (actor, cmd) = Command(op, "q" + n);
                PendingEvent? decided;
                try
                {
                    decided = new LedgerEngine(memory).Credits(actor, cmd);
                }
                catch (LedgerException)
                {
                    decided = null;
                }
                var item = new CommandRequest(cmd, actor, cmd.RequestId);
                bool stored;
                try
                {
                    db.Run(item.Command, item.Actor, item.RequestId);
                    stored = true;
                }
                catch (LedgerException)
                {
                    stored = false;
                }
                Assert.Equal(decided is not null, stored);
                if (decided is not null)
                {
                    LedgerApplier.Apply(memory, decided.Kind, decided.Actor, decided.Payload, ++seq);
                    accepted.Add(item);
                }
            }
            Assert.Equal(Snapshot(memory.Blocks), Snapshot(db));
            Assert.Empty(db.Verify());

            using var t2 = new LedgerTestDb(provider);
            t2.SeedFast();
            using var db2 = LedgerDatabase.Open(t2.Path, durable: false);
            db2.PreloadAfterHolders = 2; // exercise the one-scan preload of large batches
            db2.Commands.RunBatch(accepted, out bool committed);
            Assert.True(committed);
            Assert.Equal(Snapshot(db), Snapshot(db2));
            Assert.Empty(db2.Verify());
        });

    private static (string Actor, CreditCommand Command) Command(Op op, string rid)
    {
        string from = Holders[op.From];
        string to = Holders[op.To];
        return op.Kind switch
        {
            0 or 1 or 2 => (from, new CreditCommand(CreditOperation.Transfer, from, op.Quantity, to, RequestId: rid)),
            3 => (from, new CreditCommand(CreditOperation.Pledge, from, op.Quantity, "bank", RequestId: rid)),
            4 => ("bank", new CreditCommand(CreditOperation.Release, from, op.Quantity, RequestId: rid)),
            _ => (from, new CreditCommand(CreditOperation.Retire, from, op.Quantity, Beneficiary: "b", Purpose: "p", RequestId: rid)),
        };
    }

    private static List<string> Snapshot(IEnumerable<CreditBlock> blocks) =>
        blocks.OrderBy(b => b.Id).Select(b => $"{b.Id}:{b.Start}-{b.End}:{b.HolderId}:{b.Status.Name()}:{b.PledgeeId}").ToList();

    private static List<string> Snapshot(LedgerDatabase db)
    {
        using var ctx = db.NewContext();
        return Snapshot(ctx.Blocks.ToList());
    }

    private static object? Scalar(System.Data.Common.DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static void Exec(System.Data.Common.DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
