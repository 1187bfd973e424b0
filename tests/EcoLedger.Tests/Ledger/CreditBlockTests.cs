using EcoLedger.Ledger;

namespace EcoLedger.Tests.Ledger;

public class CreditBlockTests
{
    private static readonly Dictionary<(string, string), string> Allowed = new()
    {
        [("active", "transfer")] = "active",
        [("active", "pledge")] = "pledged",
        [("active", "freeze")] = "frozen",
        [("active", "retire")] = "retired",
        [("active", "cancel")] = "cancelled",
        [("pledged", "release")] = "active",
        [("frozen", "unfreeze")] = "active",
    };

    public static TheoryData<string, string> AllPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var s in new[] { "active", "pledged", "frozen", "retired", "cancelled" })
        {
            foreach (var t in new[] { "transfer", "pledge", "release", "freeze", "unfreeze", "retire", "cancel" })
            {
                data.Add(s, t);
            }
        }
        return data;
    }

    private static CreditBlock BlockIn(string status)
    {
        var b = new CreditBlock(7, "P1", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), new SerialRange(101, 200), "h1", 1);
        string? first = status switch
        {
            "pledged" => "pledge",
            "frozen" => "freeze",
            "retired" => "retire",
            "cancelled" => "cancel",
            _ => null,
        };
        if (first is not null)
        {
            b.Apply(LedgerNames.Parse<BlockTrigger>(first), "h1", null, "a1");
        }
        return b;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Should_follow_the_status_table_for_every_status_and_trigger(string status, string trigger)
    {
        var block = BlockIn(status);
        var t = LedgerNames.Parse<BlockTrigger>(trigger);
        if (Allowed.TryGetValue((status, trigger), out var target))
        {
            block.Apply(t, "h2", null, "a1");
            Assert.Equal(target, block.Status.Name());
            Assert.Equal("h2", block.HolderId);
        }
        else
        {
            var e = Assert.Throws<LedgerException>(() => block.Apply(t, "h2", null, "a1"));
            Assert.Equal($"Block 7 (serials 101-200 of project 'P1') is in state '{status}', where trigger '{trigger}' is not allowed (actor 'a1').", e.Message);
            Assert.Equal(status, block.Status.Name());
            Assert.Equal("h1", block.HolderId);
        }
    }

    [Fact]
    public void Should_keep_the_serials_below_a_carved_part_and_put_those_above_in_a_third_block()
    {
        var block = BlockIn("active");

        var (carved, upper) = block.Carve(new SerialRange(121, 150), 8, 9, seq: 5);

        Assert.Equal(new SerialRange(101, 120), block.Range);
        Assert.Equal(new SerialRange(121, 150), carved.Range);
        Assert.Equal(new SerialRange(151, 200), upper!.Range);
        Assert.Equal((7L, 7L, 5L), (carved.ParentId!.Value, upper.ParentId!.Value, carved.CreatedSeq));
    }

    [Fact]
    public void Should_keep_the_highest_serials_when_the_lowest_are_carved()
    {
        var block = BlockIn("active");
        var (carved, upper) = block.Carve(new SerialRange(101, 130), 8, null, seq: 5);
        Assert.Equal(new SerialRange(131, 200), block.Range);
        Assert.Equal(new SerialRange(101, 130), carved.Range);
        Assert.Null(upper);
    }
}
