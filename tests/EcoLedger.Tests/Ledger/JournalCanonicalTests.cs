using EcoLedger.Audit;
using EcoLedger.Ledger;

namespace EcoLedger.Tests.Ledger;

/// <summary>The ledger's journal hashes with the audit layer's one definition of canonical JSON and event hash.</summary>
public class JournalCanonicalTests
{
    [Fact]
    public void Should_hash_an_ordinary_event_as_the_published_vector()
    {
        // methodology/audit.md §4.2 vector, derived independently in Python.
        string hash = Journal.ComputeHash(1, "2026-11-30T10:00:00.0000000Z", "alice", "credits.retired",
            "{\"block\":\"B-1\",\"from\":\"alice\",\"quantity\":500,\"serial_end\":4500,\"serial_start\":4001}", Journal.GenesisHash);

        Assert.Equal("3209c0ed64b19a26a1fa128d84596b63b270a461e0aad791195cce92987444c1", hash);
    }

    [Theory]
    [InlineData("unit\u001fsep", "unit\\u001fsep")]
    [InlineData("smile \U0001F600", "smile \U0001F600")]
    [InlineData("line\u2028sep", "line\u2028sep")]
    [InlineData("del\u007f", "del\u007f")]
    [InlineData("\ufeffbom", "\ufeffbom")]
    [InlineData("林场 \"A\"", "林场 \\\"A\\\"")]
    public void Should_seal_payloads_in_canonical_form_that_the_audit_verifier_accepts(string name, string expectedInJson)
    {
        var entry = Journal.Seal(1, new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero),
            new PendingEvent(EventKinds.ParticipantAdded, "system", new ParticipantAdded("p1", "holder", name)), Journal.GenesisHash);

        Assert.Equal($"{{\"id\":\"p1\",\"name\":\"{expectedInJson}\",\"role\":\"holder\"}}", entry.Payload);
        Assert.True(CanonicalJson.IsCanonical(System.Text.Encoding.UTF8.GetBytes(entry.Payload)));
        Assert.Equal(JournalEvent.ComputeHash(1, entry.Time, entry.Actor, entry.Kind, entry.Payload, entry.PrevHash), entry.Hash);
        Assert.Null(Journal.Verify([entry]));
        Assert.Equal(name, ((ParticipantAdded)Journal.ReadPayload(entry.Kind, entry.Payload)).Name);
    }
}
