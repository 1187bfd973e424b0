using EcoLedger.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.IntegrationTests.Storage;

/// <summary>
/// A group's checkpoint hashes the entries the group just sealed instead of reading them back; a batch too large to hold its
/// entries reads them. Either way the signed tree covers exactly the journal, and the live verifier recomputes the same root.
/// </summary>
public sealed class GroupCheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-group-cp-").FullName;

    [Fact]
    public void A_group_and_an_import_larger_than_the_held_entries_each_sign_a_checkpoint_over_the_whole_journal()
    {
        using var db = LedgerDatabase.Open(Path.Combine(_dir, "ledger.db"), durable: false);
        db.Run(new InitializeLedger());
        db.InitializeAudit("group-cp");
        db.Run(new AddParticipant("reg", Role.Registry));
        long before = db.LatestCheckpoint()!.Checkpoint.TreeSize;

        // 10 commands in one group, each with a request id and a credential: an acceptance and an event each = 20 entries
        var group = Enumerable.Range(1, 10).Select(i =>
            new CommandRequest(new AddParticipant($"g{i}", Role.Holder), "reg", $"g-{i}", null, "token:t1")).ToList();
        Assert.NotNull(db.Commands.RunGroup(group, out var refusal));
        Assert.Null(refusal);
        Assert.Equal(before + 20, db.LatestCheckpoint()!.Checkpoint.TreeSize);

        // 1,100 rows with request ids = 2,200 entries: more than a transaction holds for its checkpoint (2,048), so they are read back
        var rows = Enumerable.Range(1, 1_100).Select(i => new CommandRequest(new AddParticipant($"b{i}", Role.Holder), "reg", $"b-{i}")).ToList();
        db.Commands.RunBatch(rows, out bool committed);
        Assert.True(committed);
        Assert.Equal(before + 20 + 2_200, db.LatestCheckpoint()!.Checkpoint.TreeSize);

        var verified = db.VerifyLive();
        Assert.True(verified.Verified, verified.Failure);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
