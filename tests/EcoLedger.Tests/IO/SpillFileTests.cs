using EcoLedger.IO;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EcoLedger.Tests.IO;

public class SpillFileTests
{
    // Records of every field kind, with ids of any length and script (Chinese names, quotes, commas), many records so
    // that some straddle the reader's 1 MB buffer.
    private static Gen<(string Id, int Region, byte Kind, decimal Area, double Load)> RecordGen =>
        from id in Gen.Elements("U1", "伊春-林场-0001", "\"a,b\"", "", new string('x', 3000))
        from region in Gen.Choose(0, 1000)
        from kind in Gen.Choose(0, 255)
        from fen in Gen.Choose(0, int.MaxValue)
        from scale in Gen.Choose(0, 10)
        from load in Gen.Elements(0.0, -0.0, 1e-300, 0.1 + 0.2, double.NaN, double.MaxValue, -123.456)
        select (id, region, (byte)kind, new decimal(fen, 0, 0, false, (byte)scale), load);

    private static Gen<(string Id, int Region, byte Kind, decimal Area, double Load)[]> RecordsGen =>
        from n in Gen.Choose(1, 2_000)
        from records in Gen.ArrayOf(RecordGen, n)
        select records;

    [Property(MaxTest = 30)]
    public Property Every_field_reads_back_exactly_in_the_order_written() =>
        Prop.ForAll(RecordsGen.ToArbitrary(), records =>
        {
            string path = Path.Combine(Path.GetTempPath(), $"ecoledger-spill-test-{Guid.NewGuid():N}.bin");
            try
            {
                using (var w = new SpillWriter(path))
                {
                    foreach (var r in records)
                    {
                        w.Write(r.Id);
                        w.Write(r.Region);
                        w.Write(r.Kind);
                        w.Write(r.Area);
                        w.Write(r.Load);
                    }
                }
                using var reader = new SpillReader(path);
                foreach (var r in records)
                {
                    Assert.False(reader.AtEnd);
                    Assert.Equal(r.Id, reader.ReadString());
                    Assert.Equal(r.Region, reader.ReadInt32());
                    Assert.Equal(r.Kind, reader.ReadByte());
                    decimal area = reader.ReadDecimal();
                    // Same value and same scale (the scale decides how an amount is written).
                    Assert.Equal(decimal.GetBits(r.Area), decimal.GetBits(area));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(r.Load), BitConverter.DoubleToInt64Bits(reader.ReadDouble()));
                }
                Assert.True(reader.AtEnd);
            }
            finally
            {
                File.Delete(path);
            }
        });

    [Fact]
    public void A_file_that_ends_inside_a_record_is_an_error_not_a_short_value()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ecoledger-spill-test-{Guid.NewGuid():N}.bin");
        try
        {
            File.WriteAllBytes(path, [1, 2, 3]);
            using var reader = new SpillReader(path);
            Assert.False(reader.AtEnd);
            Assert.Throws<EndOfStreamException>(() => reader.ReadDouble());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_interner_gives_back_the_text_and_one_instance_per_recurring_name()
    {
        var names = new TextInterner();
        string first = names.Get("伊春".AsSpan());
        Assert.Equal("伊春", first);
        Assert.Same(first, names.Get(new string(new[] { '伊', '春' }).AsSpan()));
        Assert.Equal("", names.Get([]));
        // Many distinct values: each still comes back as its own text (slots are shared and replaced, never confused).
        var values = Enumerable.Range(0, 5_000).Select(i => $"R{i}").ToArray();
        Assert.Equal(values, values.Select(v => names.Get(v.AsSpan())));
        Assert.Equal(values, values.Select(v => names.Get(v.AsSpan())));
    }

    [Fact]
    public void String_slots_answer_only_for_the_same_instance()
    {
        var slots = new StringSlots<int>();
        string code = "water_conservation";
        slots.Set(code, 7);
        Assert.True(slots.TryGet(code, out int i));
        Assert.Equal(7, i);
        // An equal text that is another instance is a miss: the caller takes its exact path.
        Assert.False(slots.TryGet(new string(code.AsSpan()), out _));
    }
}
