using System.Net;
using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// One application layer, two hosts: the same scenario run through the CLI and through the server leaves journals whose entries agree
/// in sequence, actor, kind and payload (only times and hashes, which cover the times, differ), and both ledgers pass <c>audit verify --db</c>.
/// </summary>
public sealed class CliServerParityTests
{
    [Fact]
    public void The_CLI_and_the_server_journal_the_same_events_for_the_same_commands()
    {
        // Given the seed (init, participants, P1 registered, 1,000 t issued) and four credit operations, through the CLI ...
        using var cli = new LedgerTestDb();
        cli.Ok("ledger", "init");
        cli.Ok("ledger", "participant", "add", "--id", "reg", "--role", "registry", "--name", "Registry administrator");
        foreach (var (id, role) in new[] { ("ver", "verifier"), ("farm", "project_owner"), ("buyer", "holder"), ("bank", "holder") })
        {
            cli.Ok("ledger", "participant", "add", "--id", id, "--role", role, "--actor", "reg");
        }
        cli.Ok("ledger", "project", "create", "--id", "P1", "--owner", "farm", "--region", "YC", "--methodology", "CCER-14-001-V01", "--buffer-pct", "10",
            "--period-start", "2020-01-01", "--period-end", "2049-12-31", "--units", "YC-0001,YC-0002", "--actor", "farm");
        cli.Ok("ledger", "project", "submit", "--id", "P1", "--actor", "farm");
        cli.Ok("ledger", "project", "validate", "--id", "P1", "--actor", "ver");
        cli.Ok("ledger", "project", "register", "--id", "P1", "--actor", "reg");
        cli.Ok("ledger", "issuance", "request", "--id", "R2023", "--project", "P1", "--vintage-start", "2023-01-01", "--vintage-end", "2023-12-31",
            "--quantity", "1000", "--actor", "farm");
        cli.Ok("ledger", "issuance", "verify", "--id", "R2023", "--actor", "ver");
        cli.Ok("ledger", "issuance", "issue", "--id", "R2023", "--actor", "reg");
        // Each move says whose credits went where (a transfer once printed only "from farm (buyer)").
        Assert.Contains("transfer 100 t from farm to buyer\n",
            cli.Ok("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "100", "--price", "1234.50", "--request-id", "t1", "--actor", "farm"));
        Assert.Contains("retire 10 t of buyer\n", cli.Ok("ledger", "credits", "retire", "--holder", "buyer", "--serials", "ECO-YC-P1-20230101-20231231-101-110",
            "--beneficiary", "Yichun", "--purpose", "offset", "--request-id", "r1", "--actor", "buyer"));
        Assert.Contains("pledge 20 t of buyer to bank\n",
            cli.Ok("ledger", "credits", "pledge", "--holder", "buyer", "--to", "bank", "--quantity", "20", "--request-id", "p1", "--actor", "buyer"));
        Assert.Contains("release 20 t of buyer",
            cli.Ok("ledger", "credits", "release", "--holder", "buyer", "--quantity", "20", "--request-id", "rl1", "--actor", "bank"));

        // ... and through the server
        using var server = new ServerTestHost();
        server.Seed();
        server.Ok("farm", HttpMethod.Post, "/api/credits/transfer", new { counterparty = "buyer", quantity = 100, price = "1234.50" }, "t1");
        server.Ok("buyer", HttpMethod.Post, "/api/credits/retire",
            new { serials = "ECO-YC-P1-20230101-20231231-101-110", beneficiary = "Yichun", purpose = "offset" }, "r1");
        server.Ok("buyer", HttpMethod.Post, "/api/credits/pledge", new { counterparty = "bank", quantity = 20 }, "p1");
        server.Ok("bank", HttpMethod.Post, "/api/credits/release", new { holder = "buyer", quantity = 20 }, "rl1");
        var verify = server.Ok("auditor", HttpMethod.Get, "/api/audit/verify")!;
        Assert.True(verify["verified"]!.GetValue<bool>(), verify.ToJsonString());

        // Then the journals agree entry by entry, apart from times and hashes and the server's record of the credential of each event
        var fromCli = HostJournal.Of(cli.Path);
        var fromServer = HostJournal.Of(server.DbPath);
        Assert.Equal(13 + 4 * 2, fromCli.Count); // 13 seed events, then each credit operation: its acceptance (request id) and its event
        Assert.DoesNotContain(fromCli, e => e.Payload.Contains("\"credential\"", StringComparison.Ordinal)); // the CLI journals as before
        Assert.Equal(fromCli.Select(e => (e.Actor, e.Kind, e.Payload)).ToList(), HostJournal.WithoutCredentials(fromServer));
        // 11 seed commands over HTTP (all but init and the bootstrap's registry) each get a credential-only acceptance
        Assert.Equal(fromCli.Count + 11, fromServer.Count);
        Assert.Equal(["command.accepted", "credits.transferred", "command.accepted", "credits.retired", "command.accepted", "credits.pledged", "command.accepted", "credits.released"],
            fromServer.Skip(13 + 11).Select(e => e.Kind).ToArray());
        Assert.All(HostJournal.Credentials(fromServer), e => Assert.StartsWith("token:", e.Credential));
        using var db = LedgerDatabase.Open(cli.Path);
        Assert.True(db.VerifyLive().Verified);
    }
}
