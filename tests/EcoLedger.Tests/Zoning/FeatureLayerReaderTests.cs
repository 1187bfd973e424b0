using EcoLedger.Zoning;

namespace EcoLedger.Tests.Zoning;

public class FeatureLayerReaderTests
{
    [Theory]
    [InlineData("""{"type":"Feature","properties":{"unit_id":"U1"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}""",
        "found \"type\": \"Feature\"")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}""", "found \"type\": \"Polygon\"")]
    [InlineData("[]", "found a JSON array")]
    public void A_geojson_layer_that_is_not_a_FeatureCollection_says_what_it_found_and_what_is_expected(string geojson, string found)
    {
        // Before: "is not a GeoJSON FeatureCollection (expected "type": "FeatureCollection" and a "features" array)." without what was found.
        using var fx = new ZoningFixture();
        string path = fx.PathOf("layer.geojson");
        File.WriteAllText(path, geojson);

        var e = Assert.Throws<ZoningInputException>(() => FeatureLayerReader.Read(path, "unit_id"));

        Assert.Equal($"{path}: {found}; expected a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\" with a \"features\" array).", e.Message);
    }
}
