using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// Concurrent commands go through one writer that commits them in groups; a refused command in a group is answered on its own and the
/// others still commit, each once.
/// </summary>
public sealed class WriteQueueTests
{
    [Fact]
    public async Task Concurrent_transfers_each_commit_once_and_a_refused_one_changes_nothing()
    {
        using var server = new ServerTestHost();
        server.Seed();
        string farm = server.TokenOf("farm");

        // 40 transfers of 1 t and 4 of 100,000 t (more than farm holds), all at once
        var requests = Enumerable.Range(1, 44).Select(i => Task.Run(() => server.SendAsync(farm, HttpMethod.Post, "/api/credits/transfer",
            new { counterparty = "buyer", quantity = i <= 40 ? 1 : 100_000 }, $"c-{i}"))).ToArray();
        var responses = await Task.WhenAll(requests);
        // and each one retried with the same key
        var retries = await Task.WhenAll(Enumerable.Range(1, 40).Select(i => Task.Run(() => server.SendAsync(farm, HttpMethod.Post, "/api/credits/transfer",
            new { counterparty = "buyer", quantity = 1 }, $"c-{i}"))));

        Assert.All(responses.Take(40), r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.All(responses.Skip(40), r => Assert.Equal((HttpStatusCode)422, r.Status));
        Assert.All(retries, r => Assert.Equal("true", r.Headers["Idempotent-Replayed"]));
        Assert.Equal(responses.Take(40).Select(r => r.Text), retries.Select(r => r.Text));
        // 900 − 40 = 860 with farm; 40 distinct serials with the buyer; 40 distinct journal entries
        Assert.Equal(860L, server.Ok("farm", HttpMethod.Get, "/api/balances")![0]!["active"]!.GetValue<long>());
        Assert.Equal(40L, server.Ok("buyer", HttpMethod.Get, "/api/balances")![0]!["active"]!.GetValue<long>());
        Assert.Equal(40, responses.Take(40).Select(r => r.Json!["seq"]!.GetValue<long>()).Distinct().Count());
        var verify = server.Ok("auditor", HttpMethod.Get, "/api/audit/verify")!;
        Assert.True(verify["verified"]!.GetValue<bool>(), verify.ToJsonString());
    }

    [Fact]
    public async Task Balance_reads_answer_the_committed_state_while_the_writer_holds_the_database()
    {
        using var server = new ServerTestHost();
        server.Seed();
        string farm = server.TokenOf("farm");
        Assert.Equal(HttpStatusCode.Created, server.Send(farm, HttpMethod.Post, "/api/credits/transfer", new { counterparty = "buyer", quantity = 5 }, "rc-1").Status);
        var host = server.Services.GetRequiredService<EcoLedger.Server.Hosting.LedgerHost>();
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        // The writer's side of the database is busy (as during a group's commit) until released.
        var busy = Task.Run(() => host.UseAsync(_ => { holding.Set(); release.Wait(TimeSpan.FromSeconds(60)); return 0; }));
        Assert.True(holding.Wait(TimeSpan.FromSeconds(30)));
        try
        {
            var read = await Task.Run(() => server.Send(farm, HttpMethod.Get, "/api/balances")).WaitAsync(TimeSpan.FromSeconds(30)); // else: it waited
            // 900 t (101-1000) less the 5 t committed before
            Assert.Equal(895L, read.Json![0]!["active"]!.GetValue<long>());
        }
        finally
        {
            release.Set();
            await busy;
        }
    }

    [Fact]
    public async Task A_slow_balance_read_does_not_hold_up_the_next_one()
    {
        using var server = new ServerTestHost();
        server.Seed();
        string farm = server.TokenOf("farm");
        var host = server.Services.GetRequiredService<EcoLedger.Server.Hosting.LedgerHost>();
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        // One read connection is busy (a long read) until released.
        var slow = Task.Run(() => host.ReadCommittedAsync(db => { holding.Set(); release.Wait(TimeSpan.FromSeconds(60)); return db.Balances("farm"); }));
        Assert.True(holding.Wait(TimeSpan.FromSeconds(30)));
        try
        {
            // Another read runs on a connection of its own: farm holds 900 t (serials 101-1000, as the seed left it)
            var read = await Task.Run(() => server.Send(farm, HttpMethod.Get, "/api/balances")).WaitAsync(TimeSpan.FromSeconds(30)); // else: it queued
            Assert.Equal(900L, read.Json![0]!["active"]!.GetValue<long>());
        }
        finally
        {
            release.Set();
            Assert.Equal(900L, (await slow)[0].Active);
        }
    }
}
