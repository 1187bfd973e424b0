using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.Storage;
using Microsoft.Data.Sqlite;

namespace EcoLedger.IntegrationTests.Audit;

/// <summary>The demo database (ledger, Xin'an compensation, Sanming/Shunchang finance), built once for the tests below.</summary>
public sealed class DemoDatabaseFixture : IDisposable
{
    public DemoDatabaseFixture()
    {
        Dir = Directory.CreateTempSubdirectory("ecoledger-demo-db-").FullName;
        Path = DemoJournalGoldenTests.BuildDemoDatabase(Dir);
        SqliteConnection.ClearAllPools();
    }

    public string Dir { get; }

    public string Path { get; }

    /// <summary>A private copy of the demo database (and its keys) to tamper with.</summary>
    public string Copy()
    {
        string copy = System.IO.Path.Combine(Dir, Guid.NewGuid().ToString("N")[..8] + ".db");
        foreach (var suffix in new[] { "", "-wal", ".key.pem", ".pub.pem" })
        {
            if (File.Exists(Path + suffix))
            {
                File.Copy(Path + suffix, copy + suffix);
            }
        }
        return copy;
    }

    public void Dispose() => Directory.Delete(Dir, true);
}

/// <summary>
/// Every table is written only by its module's applier from journal events, so the journal alone rebuilds every table, and the audit
/// (<c>audit verify --db</c>) catches an edit of the money tables that used to pass: payments, loans, prices, samples, certificates,
/// distributions (issue 11; the attack list of issue 12).
/// </summary>
public sealed class ModuleTablesAuditTests(DemoDatabaseFixture demo) : IClassFixture<DemoDatabaseFixture>
{
    private const string ForgedKeyId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void Replaying_the_demo_journal_into_an_empty_database_rebuilds_every_table_row_by_row()
    {
        // Given the demo database and an empty one with the same schema
        string rebuilt = System.IO.Path.Combine(demo.Dir, "rebuilt-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        long events;
        using (var source = LedgerDatabase.Open(demo.Copy()))
        using (var target = LedgerDatabase.Open(rebuilt))
        {
            // When the journal is replayed through the appliers
            events = target.Commands.Replay(source.JournalEntries());
        }
        SqliteConnection.ClearAllPools();

        // Then every table, request ids and participant keys included, has the same rows, and the journal is the same chain
        Assert.Equal(107, events);
        var expected = DemoJournalGoldenTests.DumpTables(demo.Path).Split('\n');
        var actual = DemoJournalGoldenTests.DumpTables(rebuilt).Split('\n');
        Assert.Equal(expected, actual);
        Assert.True(expected.Length > 200, "the dump covers the ledger, compensation and pricing tables");
        Assert.Contains("# requests (request_id, seq)", expected);
        Assert.Contains(expected, l => l.StartsWith("demo_YC-0001_retire\t", StringComparison.Ordinal) || l.StartsWith("demo_YC_FOREST_1_retire\t", StringComparison.Ordinal));
        Assert.Equal(DemoJournalGoldenTests.DumpJournal(demo.Path), DemoJournalGoldenTests.DumpJournal(rebuilt));
    }

    [Fact]
    public void The_untampered_demo_database_verifies_with_every_module_table_compared()
    {
        using var db = LedgerDatabase.Open(demo.Copy());
        var v = db.VerifyLive();
        Assert.True(v.Verified, v.Failure);
        Assert.Empty(v.Differences);
    }

    [Theory]
    // Doubling a compensation payment and redirecting it: columns are named in table order (to_party before amount_fen).
    [InlineData("UPDATE comp_payments SET amount_fen = 1000000000, to_party = 'mee' WHERE id = 'XINAN_R1_P1'",
        "comp_payments row (id=XINAN_R1_P1): to_party is 'mee' in the live table but 'anhui' by the journal",
        "comp_payments row (id=XINAN_R1_P1): amount_fen is '1000000000' in the live table but '500000000' by the journal")]
    // Cutting the Sanming loan to one fen would make its margin call vanish.
    [InlineData("UPDATE pledge_loans SET principal_fen = 1",
        "pledge_loans row (pledge_seq=93): principal_fen is '1' in the live table but '500000000' by the journal")]
    [InlineData("UPDATE price_quotes SET fen_per_tonne = 9999 WHERE market = 'CEA' AND date = '2023-12-29'",
        "price_quotes row (market=CEA, date=2023-12-29): fen_per_tonne is '9999' in the live table but '7942' by the journal")]
    [InlineData("INSERT INTO price_quotes (market, date, fen_per_tonne, source) VALUES ('CEA', '2025-06-29', 1, 'forged')",
        "price_quotes row (market=CEA, date=2025-06-29) is in the live table but no event wrote it")]
    [InlineData("UPDATE bank_certificates SET status = 'active', pledgee_id = NULL, loan_fen = NULL WHERE id = 'SC_PKG_1_C01'",
        "bank_certificates row (id=SC_PKG_1_C01): status is 'active' in the live table but 'pledged' by the journal")]
    [InlineData("DROP TRIGGER bank_distributions_no_update; UPDATE bank_distributions SET total_fen = 6077451 WHERE year = 2024 AND certificate_id = 'SC_PKG_1_C01'",
        "bank_distributions row (package_id=SC_PKG_1, year=2024, certificate_id=SC_PKG_1_C01): total_fen is '6077451' in the live table but '5077451' by the journal")]
    [InlineData("DROP TRIGGER comp_samples_no_update; UPDATE comp_samples SET value = '1.10' WHERE id = 1",
        "comp_samples row (id=1): value is '1.10' in the live table but '1.72' by the journal")]
    // A request id pointed at another event, and a signing key slipped in for the bank (the operator's way to make it "sign").
    [InlineData("UPDATE requests SET seq = 3 WHERE request_id = 'demo_YC_FOREST_1_retire'",
        "requests row (request_id=demo_YC_FOREST_1_retire): seq is '3' in the live table but '33' by the journal")]
    [InlineData("INSERT INTO participant_keys (key_id, participant_id, public_key, registered_seq) VALUES ('" + ForgedKeyId + "', 'bank', 'AAAA', 5)",
        "participant_keys row (key_id=" + ForgedKeyId + ") is in the live table but no event wrote it")]
    [InlineData("INSERT INTO ledger_settings (name, value, set_seq) VALUES ('signatures_required', 'true', 5)",
        "ledger_settings row (name=signatures_required) is in the live table but no event wrote it")]
    [InlineData("DELETE FROM bank_package_units WHERE unit_id = 'SC-H04'",
        "bank_package_units row (package_id=SC_PKG_1, unit_id=SC-H04) is missing from the live table")]
    public void An_edited_money_table_fails_verification_naming_the_row_and_column(string sql, string failure, string? second = null)
    {
        // Given a copy of the demo database edited behind the ledger's back
        string path = demo.Copy();
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }

        // When the live tables are verified against the journal
        using var db = LedgerDatabase.Open(path);
        var v = db.VerifyLive();

        // Then verification fails at that row
        Assert.False(v.Verified);
        Assert.Equal(failure, v.Failure);
        if (second is not null)
        {
            Assert.Equal([failure, second], v.Differences);
        }
    }

    [Fact]
    public void A_row_forged_into_a_credits_only_ledger_is_caught_although_it_has_no_module_event()
    {
        using var t = new LedgerTestDb();
        t.SeedFast();
        using (var c = new SqliteConnection($"Data Source={t.Path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO pledge_loans (pledge_seq, borrower, bank, principal_fen, haircut_basis_points, recorded_seq) VALUES (5, 'farm', 'bank', 1, NULL, 5)";
            cmd.ExecuteNonQuery();
        }
        using var db = LedgerDatabase.Open(t.Path);
        var v = db.VerifyLive();
        Assert.Equal("pledge_loans row (pledge_seq=5) is in the live table but no event wrote it", v.Failure);
    }
}
