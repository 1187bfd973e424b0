using System.Text;
using EcoLedger.Audit;

namespace EcoLedger.Tests.Audit;

public class CanonicalJsonTests
{
    [Theory]
    [InlineData("{ \"b\" : 1, \"a\" : [ true, false, null ] }", "{\"a\":[true,false,null],\"b\":1}")]
    [InlineData("{\"z\":{\"y\":2,\"x\":1},\"a\":\"\"}", "{\"a\":\"\",\"z\":{\"x\":1,\"y\":2}}")]
    [InlineData("[ -0 , 0, -12, 123456789012345678901234567890 ]", "[0,0,-12,123456789012345678901234567890]")]
    [InlineData("\"tab\\there\\u0001\\u001F \\/ \\u00e9\"", "\"tab\\there\\u0001\\u001f / é\"")]
    [InlineData("\"quote \\\" backslash \\\\ \\b\\f\\n\\r\"", "\"quote \\\" backslash \\\\ \\b\\f\\n\\r\"")]
    [InlineData("\"\\u20ac \\ud83d\\ude00\"", "\"€ 😀\"")]
    public void Canonical_form_sorts_members_and_removes_whitespace_and_escapes_minimally(string input, string expected)
    {
        Assert.Equal(expected, CanonicalJson.Canonicalize(input));
        Assert.True(CanonicalJson.IsCanonical(Encoding.UTF8.GetBytes(expected)));
    }

    [Fact]
    public void Members_are_sorted_by_UTF16_code_units_as_RFC_8785_requires()
    {
        // RFC 8785 §3.2.3: U+1F600 (surrogates D83D DE00) sorts before U+FB01 in UTF-16 order, though not in code-point order.
        string canonical = CanonicalJson.Canonicalize("{\"\\ufb01\":1,\"\\ud83d\\ude00\":2,\"a\":3}");
        Assert.Equal("{\"a\":3,\"😀\":2,\"ﬁ\":1}", canonical);
        Assert.True(CanonicalJson.IsCanonical(Encoding.UTF8.GetBytes(canonical)));
        Assert.False(CanonicalJson.IsCanonical(Encoding.UTF8.GetBytes("{\"a\":3,\"ﬁ\":1,\"😀\":2}")));
    }

    [Theory]
    [InlineData("1.5", "Number 1.5 is not an integer: canonical JSON allows integers only (write decimals as strings).")]
    [InlineData("1e3", "Number 1e3 is not an integer: canonical JSON allows integers only (write decimals as strings).")]
    [InlineData("{\"a\":1,\"a\":2}", "Duplicate member name \"a\".")]
    [InlineData("\"\\ud800\"", "A string holds a lone surrogate (invalid UTF-16).")]
    public void Values_without_a_canonical_form_are_rejected(string input, string message)
    {
        var e = Assert.Throws<FormatException>(() => CanonicalJson.Canonicalize(input));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("{\"a\":1,\"b\":2}", true)]
    [InlineData("{\"b\":2,\"a\":1}", false)]
    [InlineData("{\"a\":1,\"a\":1}", false)]
    [InlineData("{\"a\": 1}", false)]
    [InlineData(" {\"a\":1}", false)]
    [InlineData("{\"a\":1} ", false)]
    [InlineData("{\"a\":1}\n", false)]
    [InlineData("[1,2 ]", false)]
    [InlineData("[1 ,2]", false)]
    [InlineData("{\"a\":01}", false)]
    [InlineData("{\"a\":-0}", false)]
    [InlineData("{\"a\":1.0}", false)]
    [InlineData("{\"a\":\"\\u0041\"}", false)]
    [InlineData("{\"a\":\"\\/\"}", false)]
    [InlineData("{\"a\":\"\\u000a\"}", false)]
    [InlineData("{\"a\":\"\\n\"}", true)]
    [InlineData("{\"a\":\"\\u001f\"}", true)]
    [InlineData("{\"a\":\"\\u001F\"}", false)]
    [InlineData("{\"a\":[],\"b\":{},\"c\":[{}]}", true)]
    [InlineData("{\"a\":{\"c\":1,\"b\":2}}", false)]
    [InlineData("{\"b\":{\"z\":1},\"a\":2}", false)]
    [InlineData("[{\"b\":1},{\"a\":1}]", true)]
    [InlineData("{\"a\":1", false)]
    [InlineData("", false)]
    public void IsCanonical_accepts_only_the_exact_canonical_bytes(string json, bool expected)
    {
        Assert.Equal(expected, CanonicalJson.IsCanonical(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void IsCanonical_agrees_with_Canonicalize_on_random_documents()
    {
        var rng = new Random(3);
        for (int i = 0; i < 300; i++)
        {
            string doc = RandomJson(rng, 3);
            byte[] canonical = CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(doc));
            Assert.True(CanonicalJson.IsCanonical(canonical), Encoding.UTF8.GetString(canonical));
            Assert.Equal(canonical, CanonicalJson.Canonicalize(canonical));
        }
    }

    private static string RandomJson(Random rng, int depth)
    {
        int kind = depth == 0 ? rng.Next(4) : rng.Next(6);
        string[] strings = ["", "a", "b\"q", "\u00e9t\u00e9", "tab\t", "\u0001", "z", "\ud83d\ude00", "\ufb01"];
        switch (kind)
        {
            case 0: return rng.Next(-1000, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            case 1: return System.Text.Json.JsonSerializer.Serialize(strings[rng.Next(strings.Length)]);
            case 2: return rng.Next(2) == 0 ? "true" : "null";
            case 3: return " false ";
            case 4: return "[" + string.Join(" , ", Enumerable.Range(0, rng.Next(4)).Select(_ => RandomJson(rng, depth - 1))) + "]";
            default:
                var names = Enumerable.Range(0, rng.Next(5)).Select(_ => strings[rng.Next(strings.Length)]).Distinct();
                return "{" + string.Join(",", names.Select(n => System.Text.Json.JsonSerializer.Serialize(n) + " : " + RandomJson(rng, depth - 1))) + "}";
        }
    }
}
