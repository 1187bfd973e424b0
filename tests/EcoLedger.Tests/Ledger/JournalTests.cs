using System.Security.Cryptography;
using System.Text;
using EcoLedger.Ledger;

namespace EcoLedger.Tests.Ledger;

public class JournalTests
{
    [Fact]
    public void Should_hash_the_previous_hash_followed_by_the_canonical_json_of_the_event()
    {
        var ledger = new TestLedger();

        var first = ledger.Run(e => e.Initialize());

        // Keys sorted, no whitespace; prev_hash of the first entry is 32 zero bytes.
        const string canonical = "{\"actor\":\"system\",\"kind\":\"ledger.initialized\",\"payload\":{\"accounts\":[\"issuance\",\"buffer_pool\",\"retired\",\"cancelled\"]}," +
            "\"seq\":1,\"time\":\"2026-01-01T00:00:00.0000000Z\"}";
        byte[] input = [.. new byte[32], .. Encoding.UTF8.GetBytes(canonical)];
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(input)), first.Hash);
        Assert.Equal(new string('0', 64), first.PrevHash);
        Assert.Equal("{\"accounts\":[\"issuance\",\"buffer_pool\",\"retired\",\"cancelled\"]}", first.Payload);
    }

    [Fact]
    public void Should_name_the_first_entry_that_does_not_verify()
    {
        var ledger = TestLedger.WithProject();
        Assert.Null(Journal.Verify(ledger.Journal));

        var tampered = ledger.Journal.ToList();
        tampered[4] = tampered[4] with { Actor = "mallory" };

        string? problem = Journal.Verify(tampered);
        Assert.StartsWith("Journal entry 5 has been altered: its hash is ", problem);

        var relinked = ledger.Journal.ToList();
        relinked.RemoveAt(2);
        Assert.Equal("Journal entry 3 is missing (found 4).", Journal.Verify(relinked));
    }

    [Fact]
    public void Should_reproduce_blocks_and_balances_by_replaying_the_journal()
    {
        var ledger = TestLedger.WithProject(bufferBp: 1_500);
        ledger.Issue("R1", "P1", 2023, 1_000);
        ledger.Credits("owner", new CreditCommand(CreditOperation.Transfer, "owner", 333, "h1"));
        ledger.Credits("owner", new CreditCommand(CreditOperation.Pledge, "owner", 100, "bank"));

        var replay = Journal.Replay(ledger.Journal);

        Assert.Equal(ledger.Snapshot(), new TestLedger().Snapshot().Concat(replay.Blocks.OrderBy(b => b.Id)
            .Select(b => $"{b.Id}:{b.ProjectId}:{b.Start}-{b.End}:{b.HolderId}:{b.Status}:{b.PledgeeId}")));
        Assert.Equal(ledger.Store.Balances.OrderBy(kv => kv.Key.ToString()), replay.Balances.OrderBy(kv => kv.Key.ToString()));
        Assert.Empty(LedgerInvariants.Check(replay));
    }

    [Fact]
    public void Every_event_kind_of_every_module_has_one_payload_record()
    {
        // 8 ledger kinds + 8 credit operations (7 credits.* and reversal.surrendered) + 8 compensation + 6 pricing
        // + 2 participant keys + the signature policy + command.accepted + 3 monitoring + 9 interop (CAD Trust and Article 6) = 46.
        Assert.Equal(46, Journal.Kinds.Count);
        Assert.Equal(typeof(EcoLedger.Monitoring.ReadingsPruned), Journal.PayloadType("monitor.readings_pruned"));
        Assert.Equal(typeof(CommandAccepted), Journal.PayloadType("command.accepted"));
        Assert.Equal(typeof(ParticipantKeyRevoked), Journal.PayloadType("participant.key_revoked"));
        Assert.Equal(typeof(CreditsMoved), Journal.PayloadType("reversal.surrendered"));
        Assert.Equal(typeof(EcoLedger.Ledger.Compensation.RoundSettled), Journal.PayloadType("compensation.round_settled"));
        Assert.Equal(typeof(EcoLedger.Pricing.CertificatePledgeChanged), Journal.PayloadType("bank.certificate_released"));
        var e = Assert.Throws<InvalidOperationException>(() => Journal.PayloadType("credits.stolen"));
        Assert.Equal("Unknown event kind 'credits.stolen'.", e.Message);
    }
}
