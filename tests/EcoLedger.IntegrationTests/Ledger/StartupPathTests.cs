using System.Globalization;
using EcoLedger.Ledger;
using EcoLedger.Storage;
using EcoLedger.Storage.Sqlite;
using EcoLedger.Storage.Sqlite.CompiledModel;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EcoLedger.IntegrationTests.Ledger;

/// <summary>
/// What makes a CLI call cheap must not change what it does: the compiled EF model is the model, the one-query schema check agrees
/// with EF Core's migrations, an older database is still upgraded, and the plain-SQL balances equal the blocks and postings.
/// </summary>
public class StartupPathTests
{
    private const string Regenerate = "The compiled EF model is stale: regenerate it with src/EcoLedger.Storage.Sqlite/ef-compiled-model.sh.";

    [Fact]
    public void The_compiled_model_is_the_model_OnModelCreating_builds()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        var built = new DbContextOptionsBuilder<LedgerDbContext>().UseSqlite(connection).Options;
        using var ctx = new LedgerDbContext(built);

        // The compiled model as the ledger uses it: a context initialises its runtime dependencies, without which it cannot describe itself.
        var used = new DbContextOptionsBuilder<LedgerDbContext>();
        new SqliteProvider().UseDatabase(used, connection);
        using var compiledContext = new LedgerDbContext(used.Options);
        Assert.Same(LedgerDbContextModel.Instance, compiledContext.Model);

        string expected = ctx.Model.ToDebugString(MetadataDebugStringOptions.LongDefault);
        string compiled = compiledContext.Model.ToDebugString(MetadataDebugStringOptions.LongDefault);

        Assert.True(expected == compiled, $"{Regenerate}\n{FirstDifference(expected, compiled)}");
    }

    [Fact]
    public void The_provider_finds_the_migrations_EF_Core_applies()
    {
        using var t = new LedgerTestDb();
        using var db = LedgerDatabase.Open(t.Path);
        using var ctx = db.NewContext();

        Assert.Equal(ctx.Database.GetMigrations(), StorageProvider.MigrationIds(typeof(SqliteProvider).Assembly));
        Assert.Equal(13, StorageProvider.MigrationIds(typeof(SqliteProvider).Assembly).Length);
    }

    [Fact]
    public void A_new_database_is_not_current_and_a_migrated_one_is()
    {
        using var t = new LedgerTestDb();
        var provider = StorageProvider.For(t.Path);
        using (var fresh = provider.Connect(t.Path, durable: true))
        {
            Assert.False(provider.SchemaIsCurrent(fresh));
        }
        using var db = LedgerDatabase.Open(t.Path);
        Assert.True(provider.SchemaIsCurrent(db.Connection));
    }

    public static TheoryData<string> OlderMigrations()
    {
        var ids = StorageProvider.MigrationIds(typeof(SqliteProvider).Assembly);
        var data = new TheoryData<string>();
        foreach (var id in ids[..^1])
        {
            data.Add(id);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(OlderMigrations))]
    public void A_database_at_an_older_migration_is_upgraded_by_the_next_command(string olderMigration)
    {
        using var t = new LedgerTestDb();
        var provider = StorageProvider.For(t.Path);
        using (var connection = provider.Connect(t.Path, durable: true))
        {
            var options = new DbContextOptionsBuilder<LedgerDbContext>();
            provider.UseDatabase(options, connection);
            using var ctx = new LedgerDbContext((DbContextOptions<LedgerDbContext>)options.Options);
            ctx.GetService<IMigrator>().Migrate(olderMigration);
            Assert.Equal(olderMigration, ctx.Database.GetAppliedMigrations().Last());
            Assert.False(provider.SchemaIsCurrent(connection));
        }

        Assert.Equal("", t.Ok("ledger", "balance").Trim().Split('\n').Skip(1).FirstOrDefault() ?? "");

        using var db = LedgerDatabase.Open(t.Path);
        Assert.True(provider.SchemaIsCurrent(db.Connection));
        using var after = db.NewContext();
        Assert.Empty(after.Database.GetPendingMigrations());
        Assert.Equal(StorageProvider.MigrationIds(typeof(SqliteProvider).Assembly), after.Database.GetAppliedMigrations());
        // The newest tables are there and usable: the ledger can be set up and written.
        t.Ok("ledger", "init");
        t.Ok("ledger", "participant", "add", "--id", "reg", "--role", "registry", "--name", "Registry");
        Assert.Equal(0, after.ParticipantKeys.Count());
    }

    [Fact]
    public void A_read_connection_that_keeps_posting_totals_answers_what_a_full_sum_answers()
    {
        using var t = new LedgerTestDb();
        t.Seed(1_000, "h4");
        using var reader = LedgerDatabase.Open(t.Path);
        reader.KeepPostingTotals();
        string[] holders = ["farm", "buyer", "h4", "bank"];
        void Same(params string[] which)
        {
            using var fresh = LedgerDatabase.Open(t.Path);
            using var ctx = fresh.NewContext();
            var postings = ctx.Postings.AsNoTracking().ToList();
            foreach (string h in which)
            {
                var row = Assert.Single(reader.Balances(h));
                Assert.Equal(Assert.Single(fresh.Balances(h)), row);
                Assert.Equal(postings.Where(p => p.Account == h).Sum(p => p.Amount), row.Posted);
            }
        }
        Same(holders);
        // farm and buyer are read after every command (only the postings since their last read are added); h4 and bank are read
        // again only after twelve more commands, more journal entries than they have postings (their sums are taken whole again)
        for (int i = 1; i <= 12; i++)
        {
            t.Ok("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", i.ToString(CultureInfo.InvariantCulture),
                "--request-id", $"t{i}", "--actor", "farm");
            Same("farm", "buyer");
        }
        t.Ok("ledger", "credits", "transfer", "--from", "buyer", "--to", "h4", "--quantity", "20", "--request-id", "b1", "--actor", "buyer");
        t.Ok("ledger", "credits", "retire", "--holder", "buyer", "--quantity", "7", "--beneficiary", "Town", "--purpose", "offset", "--request-id", "r1", "--actor", "buyer");
        t.Ok("ledger", "credits", "pledge", "--holder", "farm", "--to", "bank", "--quantity", "50", "--request-id", "p1", "--actor", "farm");
        Same(holders);
        Same(holders); // nothing new: the same answers again
        // farm holds 900 t of the 1,000 issued (10 % to the buffer), less 1 + 2 + … + 12 = 78 t: 822 t, 50 of them pledged;
        // buyer 78 − 20 − 7 = 51 t active
        var farm = Assert.Single(reader.Balances("farm"));
        Assert.Equal((772L, 50L), (farm.Active, farm.Pledged));
        Assert.Equal(51L, Assert.Single(reader.Balances("buyer")).Active);
        Assert.Equal(20L, Assert.Single(reader.Balances("h4")).Active);
    }

    [Fact]
    public void Balances_by_plain_SQL_equal_the_blocks_and_postings_of_every_holder()
    {
        using var t = new LedgerTestDb();
        t.Seed(1_000, "h4");
        t.Ok("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "300", "--request-id", "t1", "--actor", "farm");
        t.Ok("ledger", "credits", "transfer", "--from", "buyer", "--to", "h4", "--quantity", "120", "--request-id", "t2", "--actor", "buyer");
        t.Ok("ledger", "credits", "retire", "--holder", "buyer", "--quantity", "40", "--beneficiary", "Town", "--purpose", "offset", "--request-id", "r1", "--actor", "buyer");
        t.Ok("ledger", "credits", "pledge", "--holder", "farm", "--to", "bank", "--quantity", "50", "--request-id", "p1", "--actor", "farm");
        using var db = LedgerDatabase.Open(t.Path);
        using var ctx = db.NewContext();
        var blocks = ctx.Blocks.AsNoTracking().ToList();
        var postings = ctx.Postings.AsNoTracking().ToList();

        var all = db.Balances();

        var holders = blocks.Select(b => b.HolderId).Concat(postings.Select(p => p.Account)).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(holders, all.Select(b => b.Holder));
        Assert.Contains(all, b => b.Pledged > 0);
        Assert.Contains(all, b => b.Retired > 0);
        foreach (var row in all)
        {
            long Q(BlockStatus s) => blocks.Where(b => b.HolderId == row.Holder && b.Status == s).Sum(b => b.End - b.Start + 1);
            var expected = new BalanceRow(row.Holder, Q(BlockStatus.Active), Q(BlockStatus.Pledged), Q(BlockStatus.Frozen), Q(BlockStatus.Retired),
                Q(BlockStatus.Cancelled), postings.Where(p => p.Account == row.Holder).Sum(p => p.Amount));
            Assert.Equal(expected, row);
            Assert.Equal([expected], db.Balances(row.Holder));
        }
        Assert.Equal([new BalanceRow("ver", 0, 0, 0, 0, 0, 0)], db.Balances("ver"));
        Assert.Equal("Unknown holder 'nobody'.", Assert.Throws<LedgerException>(() => db.Balances("nobody")).Message);
    }

    [Fact]
    public void Blocks_by_plain_SQL_equal_the_blocks_table_read_by_EF_Core()
    {
        using var t = new LedgerTestDb();
        t.Seed(1_000, "h4");
        t.Ok("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "300", "--request-id", "t1", "--actor", "farm");
        t.Ok("ledger", "credits", "pledge", "--holder", "farm", "--to", "bank", "--quantity", "50", "--request-id", "p1", "--actor", "farm");
        using var db = LedgerDatabase.Open(t.Path);
        using var ctx = db.NewContext();
        var regions = ctx.Projects.AsNoTracking().ToDictionary(p => p.Id, p => p.Region);
        var table = ctx.Blocks.AsNoTracking().ToList();

        foreach (var (holder, project) in new (string?, string?)[] { (null, null), ("farm", null), (null, "P1"), ("buyer", "P1"), ("nobody", null) })
        {
            var expected = table.Where(b => (holder == null || b.HolderId == holder) && (project == null || b.ProjectId == project))
                .OrderBy(b => b.ProjectId, StringComparer.Ordinal).ThenBy(b => b.Start)
                .Select(b => new BlockView(b.Id, b.ProjectId, b.VintageStart, b.VintageEnd, b.Start, b.End, b.Quantity, b.HolderId, b.Status.Name(),
                    b.PledgeeId, SerialNumber.Format(regions[b.ProjectId], b.ProjectId, b.VintageStart, b.VintageEnd, b.Range)));
            Assert.Equal(expected, db.Blocks(holder, project));
        }
        Assert.Contains(db.Blocks(), b => b.Pledgee == "bank" && b.Status == "pledged");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string x = i < a.Length ? a[i] : "(end)";
            string y = i < b.Length ? b[i] : "(end)";
            if (x != y)
            {
                return $"line {i + 1}: model '{x.Trim()}', compiled '{y.Trim()}'";
            }
        }
        return "";
    }
}
