using EcoLedger.IO;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Files;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;

namespace EcoLedger.Tests.IO;

public class UnitFileReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-reader-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private UnitFileReader Reader(string name, string content, out List<AccountingUnit> units)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        var reader = new UnitFileReader(path, name);
        units = reader.Read().ToList();
        return reader;
    }

    [Fact]
    public void Reads_csv_units_with_optional_monitoring_columns()
    {
        var reader = Reader("u.csv", "unit_id,region,ecosystem,subtype,area_ha,precipitation_mm\nA,伊春,forest,mixed,12.5,700\nB,伊春,wetland,,3,\n", out var units);
        Assert.Empty(reader.Problems);
        Assert.Equal(2, units.Count);
        Assert.Equal(EcosystemSubtype.Mixed, units[0].Subtype);
        Assert.Equal(700d, units[0].Monitoring[MonitoringField.PrecipitationMm]);
        Assert.Null(units[1].Monitoring[MonitoringField.PrecipitationMm]);
        Assert.Equal(0.03, units[1].Area.SquareKilometres, 12);
    }

    [Fact]
    public void An_ecosystem_in_chinese_or_in_capitals_is_refused_with_the_code_it_is_written_as()
    {
        // Codes stay exact (one file never spells an ecosystem two ways); the message says what to write.
        var reader = Reader("u.csv",
            "unit_id,region,ecosystem,area_ha\n" +
            "A,伊春,森林,10\n" +
            "B,伊春,Wetland,10\n" +
            "C,伊春,其他,10\n" +
            "D,伊春,沙漠,10\n", out var units);
        Assert.Empty(units);
        Assert.Equal(
        [
            "u.csv: row 2, unit 'A', field 'ecosystem': expected one of forest, shrub, grassland, wetland, other, got '森林' (森林 is written forest).",
            "u.csv: row 3, unit 'B', field 'ecosystem': expected one of forest, shrub, grassland, wetland, other, got 'Wetland' (Wetland is written wetland).",
            "u.csv: row 4, unit 'C', field 'ecosystem': expected one of forest, shrub, grassland, wetland, other, got '其他' (其他 is written other).",
            "u.csv: row 5, unit 'D', field 'ecosystem': expected one of forest, shrub, grassland, wetland, other, got '沙漠'.",
        ], reader.Problems.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("unit_id，region，ecosystem，area_ha\nA，伊春，forest，10\n", "full-width commas '，'")]
    [InlineData("unit_id\tregion\tecosystem\tarea_ha\nA\t伊春\tforest\t10\n", "tabs")]
    [InlineData("unit_id;region;ecosystem;area_ha\nA;伊春;forest;10\n", "semicolons ';'")]
    public void A_header_separated_by_something_other_than_commas_is_named(string text, string separator)
    {
        var reader = Reader("u.csv", text, out var units);
        Assert.Empty(units);
        Assert.Equal($"u.csv: row 1: missing required columns unit_id, region, ecosystem, area_ha. The header is one column, its names separated by {separator}; expected commas ','.",
            Assert.Single(reader.Problems).ToString());
    }

    [Fact]
    public void A_number_with_thousands_separators_or_full_width_digits_is_refused_with_the_number_to_write()
    {
        var reader = Reader("u.csv",
            "unit_id,region,ecosystem,area_ha,precipitation_mm\n" +
            "A,伊春,forest,\"1,234.5\",600\n" +
            "B,伊春,forest,１００,６５０．５\n" +
            "C,伊春,forest,10,abc\n", out var units);
        Assert.Empty(units);
        Assert.Equal(
        [
            "u.csv: row 2, unit 'A', field 'area_ha': expected a number of hectares greater than 0, got '1,234.5' (thousands separators; write 1234.5).",
            "u.csv: row 3, unit 'B', field 'area_ha': expected a number of hectares greater than 0, got '１００' (full-width digits; write 100).",
            "u.csv: row 3, unit 'B', field 'precipitation_mm': expected a number from 0 to 30000, got '６５０．５' (full-width digits; write 650.5).",
            "u.csv: row 4, unit 'C', field 'precipitation_mm': expected a number from 0 to 30000, got 'abc'.",
        ], reader.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Collects_every_problem_in_one_pass()
    {
        var reader = Reader("u.csv",
            "unit_id,region,ecosystem,subtype,area_ha,precipitation_mm,relative_humidity_pct\n" +
            "A,R,forest,,10,700,50\n" +
            "B,R,jungle,,10,700,50\n" +
            "C,R,forest,lake,10,700,50\n" +
            "D,R,forest,,-4,700,50\n" +
            "E,R,forest,,10,NaN,50\n" +
            "F,R,forest,,10,700,120\n" +
            "A,R,forest,,10,700,50\n", out var units);
        Assert.Equal(["A"], units.Select(u => u.UnitId));
        Assert.Equal(
        [
            "u.csv: row 3, unit 'B', field 'ecosystem': expected one of forest, shrub, grassland, wetland, other, got 'jungle'.",
            "u.csv: row 4, unit 'C', field 'subtype': expected one of coniferous, broadleaf, mixed for forest, got 'lake'.",
            "u.csv: row 5, unit 'D', field 'area_ha': expected a number of hectares greater than 0, got '-4'.",
            "u.csv: row 6, unit 'E', field 'precipitation_mm': expected a number from 0 to 30000, got 'NaN'.",
            "u.csv: row 7, unit 'F', field 'relative_humidity_pct': expected a percentage from 0 to 100, got 120.",
            "u.csv: row 8, unit 'A', field 'unit_id': duplicate unit id 'A'; expected each unit once.",
        ], reader.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Warns_once_about_an_unused_column_and_suggests_the_known_name()
    {
        var reader = Reader("u.csv", "unit_id,region,ecosystem,area_ha,precipitaton_mm,owner\nA,R,forest,1,700,x\nB,R,forest,1,700,y\n", out _);
        Assert.Equal(
        [
            "u.csv: column 'precipitaton_mm' is not used by any indicator (did you mean 'precipitation_mm'?).",
            "u.csv: column 'owner' is not used by any indicator.",
        ], reader.Warnings);
    }

    [Fact]
    public void A_missing_required_column_is_one_clear_problem()
    {
        var reader = Reader("u.csv", "unit_id,ecosystem,area_ha\nA,forest,1\n", out var units);
        Assert.Empty(units);
        Assert.Equal("u.csv: row 1: missing required column region.", reader.Problems.Single().ToString());
    }

    [Fact]
    public void Quoted_fields_may_hold_commas()
    {
        var reader = Reader("u.csv", "unit_id,region,ecosystem,area_ha\n\"A,1\",\"Yichun, Heilongjiang\",forest,1\n", out var units);
        Assert.Empty(reader.Problems);
        Assert.Equal("A,1", units[0].UnitId);
        Assert.Equal("Yichun, Heilongjiang", units[0].Region);
    }

    [Fact]
    public void GeoJSON_area_comes_from_the_geometry_in_an_equal_area_projection()
    {
        // A 0.01° × 0.01° cell at 47° N: about 1.1132 km × 0.7592 km ≈ 0.845 km² = 84.5 ha.
        const string geojson = """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"unit_id":"G1","region":"R","ecosystem":"forest","precipitation_mm":700},
              "geometry":{"type":"Polygon","coordinates":[[[128.0,47.0],[128.01,47.0],[128.01,47.01],[128.0,47.01],[128.0,47.0]]]}}]}
            """;
        var reader = Reader("u.geojson", geojson, out var units);
        Assert.Empty(reader.Problems);
        Assert.InRange(units[0].Area.Hectares, 84.3, 84.7);
        Assert.Equal(700d, units[0].Monitoring[MonitoringField.PrecipitationMm]);
        // The polygon packs its coordinates (a raster run holds every unit's polygon twice: 16 bytes a vertex, not an object)
        var shell = ((Polygon)units[0].Geometry!).Shell.CoordinateSequence;
        Assert.IsType<PackedDoubleCoordinateSequence>(shell);
        Assert.Equal((128.01, 47.01), (shell.GetX(2), shell.GetY(2)));
    }

    [Fact]
    public void An_invalid_polygon_is_reported_with_the_validation_message()
    {
        const string geojson = """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"unit_id":"BOW","region":"R","ecosystem":"forest"},
              "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}]}
            """;
        var reader = Reader("u.geojson", geojson, out var units);
        Assert.Empty(units);
        Assert.Equal("u.geojson: feature #1, unit 'BOW', field 'geometry': invalid polygon: Self-intersection at (0.5, 0.5).", reader.Problems.Single().ToString());
    }

    [Theory]
    [InlineData("""{"type":"Feature","properties":{"unit_id":"U1","region":"R","ecosystem":"forest"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}""",
        "found \"type\": \"Feature\"")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}""", "found \"type\": \"Polygon\"")]
    [InlineData("[]", "found a JSON array")]
    [InlineData("""{"features":[]}""", "found an object without a \"type\" member")]
    [InlineData("""{"type":"FeatureCollection","features":{}}""", "found a FeatureCollection without a \"features\" array")]
    public void A_geojson_file_that_is_not_a_FeatureCollection_says_what_it_found_and_what_is_expected(string geojson, string found)
    {
        // Before: "not a valid GeoJSON FeatureCollection (" and the GeoJSON library's message, or for an object without a "type" member
        // "expected a FeatureCollection with at least one feature.", never what was found.
        var reader = Reader("u.geojson", geojson, out var units);

        Assert.Empty(units);
        Assert.Equal($"u.geojson: {found}; expected a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\" with a \"features\" array).",
            reader.Problems.Single().ToString());
    }
}
