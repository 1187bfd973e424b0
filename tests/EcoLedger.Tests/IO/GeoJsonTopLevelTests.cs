using System.Text;
using EcoLedger.IO;

namespace EcoLedger.Tests.IO;

/// <summary>The streamed top-level check of a GeoJSON file, across its 16 KiB buffer boundaries.</summary>
public class GeoJsonTopLevelTests
{
    private static readonly string Features = "[" + string.Join(",", Enumerable.Range(0, 2000).Select(i =>
        $$$"""{"type":"Feature","properties":{"unit_id":"U{{{i}}}"},"geometry":{"type":"Point","coordinates":[128.9,47.7]}}""")) + "]";

    private static string? Check(string text, bool bom = false) =>
        GeoJsonTopLevel.Problem(new MemoryStream([.. (bom ? Encoding.UTF8.GetPreamble() : []), .. Encoding.UTF8.GetBytes(text)]));

    [Fact]
    public void A_FeatureCollection_passes_whichever_member_comes_first_and_with_a_byte_order_mark()
    {
        Assert.Null(Check($$"""{"type":"FeatureCollection","features":{{Features}}}"""));
        Assert.Null(Check($$"""{"features":{{Features}},"crs":{"type":"name"},"type":"FeatureCollection"}"""));
        Assert.Null(Check($$"""{"type":"FeatureCollection","features":[]}""", bom: true));
    }

    [Fact]
    public void A_type_after_a_large_features_array_is_still_found()
    {
        // The "features" array (about 200 KB) spans many buffers before the top-level "type" is read.
        Assert.Equal("found \"type\": \"GeometryCollection\"; " + GeoJsonTopLevel.Expected,
            Check($$"""{"features":{{Features}},"type":"GeometryCollection"}"""));
    }

    [Fact]
    public void A_token_longer_than_the_buffer_is_read_whole()
    {
        Assert.Equal("found a JSON string; " + GeoJsonTopLevel.Expected, Check("\"" + new string('x', 100_000) + "\""));
        Assert.Null(Check($$"""{"name":"{{new string('x', 100_000)}}","type":"FeatureCollection","features":[]}"""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[")]
    [InlineData("{\"type\":")]
    [InlineData("not json")]
    public void Text_that_is_not_valid_JSON_is_left_to_the_reader_to_place(string text)
    {
        Assert.Null(Check(text));
    }

    [Theory]
    [InlineData("null", "found JSON null")]
    [InlineData("42", "found a JSON number")]
    [InlineData("""{"type":7,"features":[]}""", "found a \"type\" that is a JSON number")]
    [InlineData("""{"type":"FeatureCollection"}""", "found a FeatureCollection without a \"features\" array")]
    public void Other_top_levels_say_what_was_found(string text, string found)
    {
        Assert.Equal($"{found}; {GeoJsonTopLevel.Expected}", Check(text));
    }
}
