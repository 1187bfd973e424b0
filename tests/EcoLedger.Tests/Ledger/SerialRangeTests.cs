using EcoLedger.Ledger;

namespace EcoLedger.Tests.Ledger;

public class SerialRangeTests
{
    [Theory]
    [InlineData(101, 200, 30, 101, 130, 131L, 200L)]
    [InlineData(101, 200, 100, 101, 200, null, null)]
    [InlineData(5, 5, 1, 5, 5, null, null)]
    public void Should_move_the_lowest_serials(long start, long end, long q, long movedStart, long movedEnd, long? keptStart, long? keptEnd)
    {
        var (moved, kept) = new SerialRange(start, end).TakeLowest(q);
        Assert.Equal(new SerialRange(movedStart, movedEnd), moved);
        Assert.Equal(keptStart is null ? null : new SerialRange(keptStart.Value, keptEnd!.Value), kept);
    }

    [Fact]
    public void Should_count_inclusive_ranges() => Assert.Equal(100, new SerialRange(101, 200).Count);

    [Theory]
    [InlineData("12-34", 12, 34)]
    [InlineData("7", 7, 7)]
    public void Should_parse_ranges(string text, long s, long e) => Assert.Equal(new SerialRange(s, e), SerialRange.Parse(text));

    [Theory]
    [InlineData("0-3")]
    [InlineData("9-3")]
    [InlineData("a-b")]
    [InlineData("1-2-3")]
    public void Should_reject_bad_ranges(string text) =>
        Assert.Equal($"Invalid serial range '{text}': expected START-END with 1 ≤ START ≤ END.", Assert.Throws<LedgerException>(() => SerialRange.Parse(text)).Message);

    [Fact]
    public void Should_format_and_parse_full_serials()
    {
        string s = SerialNumber.Format("HLJYC", "P1", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), new SerialRange(1001, 1500));
        Assert.Equal("ECO-HLJYC-P1-20230101-20231231-1001-1500", s);
        Assert.Equal(("HLJYC", "P1", new SerialRange(1001, 1500)), SerialNumber.Parse(s));
        Assert.Equal(("HLJYC", "P1", new SerialRange(1200, 1200)), SerialNumber.Parse("ECO-HLJYC-P1-20230101-20231231-1200"));
    }

    [Fact]
    public void Should_reject_a_malformed_serial() =>
        Assert.Equal("Invalid serial 'ECO-YC-20230101-1-2': expected ECO-REGION-PROJECT-YYYYMMDD-YYYYMMDD-START-END.",
            Assert.Throws<LedgerException>(() => SerialNumber.Parse("ECO-YC-20230101-1-2")).Message);

    [Fact]
    public void A_command_with_serials_reads_back_from_its_journaled_content_with_the_same_serials()
    {
        // The auditor's replay re-decides an accepted command from its canonical JSON; a range read back as 0-0 refused it (issue 15).
        var command = new CreditCommand(CreditOperation.Retire, "farm", null, Project: "P1", Serials: new SerialRange(101, 110), Beneficiary: "X",
            Purpose: "Y", RequestId: "r1");
        var canonical = CommandHash.Canonical(command);

        var read = (CreditCommand)CommandHash.Read(canonical.Type, canonical.Content);

        Assert.Equal(new SerialRange(101, 110), read.Serials);
        Assert.Equal(command, read);
    }
}
