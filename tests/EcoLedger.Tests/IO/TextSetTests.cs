using EcoLedger.IO;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EcoLedger.Tests.IO;

/// <summary>The unit-id set answers "seen before?" exactly as a <see cref="HashSet{T}"/> of ordinal strings does.</summary>
public class TextSetTests
{
    [Fact]
    public void A_text_is_new_once_and_seen_after_that()
    {
        var set = new TextSet();
        Assert.True(set.Add("U1"));
        Assert.True(set.Add("U2"));
        Assert.False(set.Add("U1"));
        Assert.True(set.Add("u1")); // ordinal: case matters
        Assert.True(set.Add(""));
        Assert.False(set.Add(""));
        Assert.Equal(4, set.Count);
    }

    [Fact]
    public void Growing_past_the_initial_room_keeps_every_text()
    {
        // Capacity 16 grows eleven times on the way to 20,000 texts; each must still be found afterwards.
        var set = new TextSet();
        for (int i = 0; i < 20_000; i++)
        {
            Assert.True(set.Add($"unit-{i}"));
        }
        for (int i = 0; i < 20_000; i++)
        {
            Assert.False(set.Add($"unit-{i}"));
        }
        Assert.Equal(20_000, set.Count);
    }

    [Fact]
    public void Texts_longer_than_a_chunk_and_texts_across_chunks_are_kept_whole()
    {
        // A chunk holds 2^20 characters: 300 texts of 5,000 characters span two chunks, one of 2^21 needs its own.
        var set = new TextSet();
        var texts = Enumerable.Range(0, 300).Select(i => new string((char)('a' + i % 26), 4_999) + i).ToList();
        string huge = new('z', 1 << 21);
        Assert.All(texts, t => Assert.True(set.Add(t)));
        Assert.True(set.Add(huge));
        Assert.True(set.Add("after"));
        Assert.All(texts, t => Assert.False(set.Add(t)));
        Assert.False(set.Add(huge));
        Assert.False(set.Add(huge[..^1] + "z"));
        Assert.True(set.Add(huge[..^1] + "y"));
    }

    [Property(MaxTest = 300)]
    public Property Answers_as_a_hash_set_of_strings_does() =>
        Prop.ForAll(Gen.ListOf(Gen.Elements("A", "B", "ab", "é", "区1", "", " x", "x ", "U0000001", "U0000010").SelectMany(a => Gen.Choose(0, 40).Select(n => a + n))).ToArbitrary(),
            texts =>
            {
                var set = new TextSet(texts.Count / 4);
                var expected = new HashSet<string>(StringComparer.Ordinal);
                foreach (var t in texts)
                {
                    Assert.Equal(expected.Add(t), set.Add(t));
                }
                Assert.Equal(expected.Count, set.Count);
            });
}
