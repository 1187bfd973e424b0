using Microsoft.Data.Sqlite;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>The security log is append-only and hash-chained, and the tokens table must agree with it.</summary>
public sealed class SecurityLogTests
{
    [Fact]
    public void The_chain_verifies_and_names_the_first_entry_that_was_rewritten()
    {
        using var server = new ServerTestHost();
        server.Ok("reg", HttpMethod.Post, "/api/tokens", new { participant = (string?)null, roles = new[] { "auditor" } });
        server.Send("eco_0123456789abcdef_" + new string('0', 64), HttpMethod.Get, "/api/balances");

        var verified = server.Ok("auditor", HttpMethod.Get, "/api/security-log/verify")!;
        Assert.True(verified["verified"]!.GetValue<bool>(), verified.ToJsonString());

        // The table refuses changes: the triggers make it append-only
        using (var c = new SqliteConnection($"Data Source={server.DbPath}.server.db;Pooling=False"))
        {
            c.Open();
            var refused = Assert.Throws<SqliteException>(() => Exec(c, "UPDATE security_log SET principal = 'nobody' WHERE seq = 2"));
            Assert.Contains("the security log is append-only", refused.Message, StringComparison.Ordinal);
            // Someone with the file drops the trigger and rewrites who created the auditor's token (entry 3): the chain names it
            Exec(c, "DROP TRIGGER security_log_no_update; UPDATE security_log SET principal = 'mallory' WHERE seq = 3");
        }
        var broken = server.Ok("reg", HttpMethod.Get, "/api/security-log/verify")!;
        Assert.False(broken["verified"]!.GetValue<bool>());
        Assert.Equal("security log entry 3: hash does not match its content.", broken["failure"]!.GetValue<string>());
    }

    [Fact]
    public void A_token_inserted_behind_the_logs_back_is_reported()
    {
        using var server = new ServerTestHost();
        using (var c = new SqliteConnection($"Data Source={server.DbPath}.server.db;Pooling=False"))
        {
            c.Open();
            Exec(c, "INSERT INTO api_tokens (id, participant, roles, hash, created, expires, revoked, created_by) " +
                "VALUES ('00000000000000aa', 'reg', 'registry', '00', '2026-01-01T00:00:00Z', '2099-01-01T00:00:00Z', NULL, 'mallory')");
        }

        var r = server.Ok("reg", HttpMethod.Get, "/api/security-log/verify")!;

        Assert.Equal("token 00000000000000aa is in the tokens table but its creation is not in the security log.", r["failure"]!.GetValue<string>());
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
