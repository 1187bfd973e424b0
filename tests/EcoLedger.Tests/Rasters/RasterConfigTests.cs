using EcoLedger.Rasters;

namespace EcoLedger.Tests.Rasters;

/// <summary>
/// <c>rasters.json</c> as a user may get it wrong: every value of the wrong JSON type, every unknown or repeated key and every
/// syntax error is refused with the file, the field's JSON path, what was found and what is expected (never an internal error).
/// </summary>
public sealed class RasterConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-raster-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Precipitation = """ "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" """;

    private string Write(string json)
    {
        string path = Path.Combine(_dir, "rasters.json");
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>The message of loading <paramref name="json"/>, without the configuration's path that starts it.</summary>
    private string Refusal(string json)
    {
        string path = Write(json);
        var e = Assert.Throws<RasterInputException>(() => RasterConfig.Load(path));
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        return e.Message[path.Length..];
    }

    [Theory]
    [InlineData("\"1\"", "\"1\"")]
    [InlineData("null", "null")]
    [InlineData("true", "true")]
    [InlineData("[1]", "[1]")]
    [InlineData("1.5", "1.5")]
    [InlineData("0", "0")]
    public void A_band_that_is_not_a_whole_number_from_1_is_refused_with_what_was_found(string band, string found)
    {
        string message = Refusal($$"""{ "fields": { "precipitation_mm": { {{Precipitation}}, "band": {{band}} } } }""");

        Assert.Equal($", field 'fields.precipitation_mm.band': expected a band number from 1, found {found}.", message);
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("null")]
    [InlineData("false")]
    public void A_land_cover_band_of_another_JSON_type_is_refused_with_what_was_found(string band)
    {
        string message = Refusal($$"""{ "landcover": { "raster": "lc.tif", "band": {{band}}, "classes": "cnlucc.csv" } }""");

        Assert.Equal($", field 'landcover.band': expected a band number from 1, found {band}.", message);
    }

    [Theory]
    [InlineData("\"64\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("64.5")]
    [InlineData("0")]
    public void A_cache_size_that_is_not_a_whole_number_of_megabytes_is_refused_with_what_was_found(string cache)
    {
        string message = Refusal($$"""{ "cache_mb": {{cache}}, "fields": { "precipitation_mm": { {{Precipitation}} } } }""");

        Assert.Equal($", field 'cache_mb': expected a whole number of megabytes from 1 to 65536, found {cache}.", message);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("[\"exact\"]")]
    public void A_coverage_that_is_not_text_is_refused_with_what_was_found(string coverage)
    {
        string message = Refusal($$"""{ "coverage": {{coverage}}, "fields": { "precipitation_mm": { {{Precipitation}} } } }""");

        Assert.Equal($", field 'coverage': expected \"exact\" or \"centre\", found {coverage}.", message);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("[\"EPSG:4527\"]")]
    [InlineData("{ \"epsg\": 4527 }")]
    public void A_CRS_that_is_neither_text_nor_a_code_is_refused_with_what_was_found(string crs)
    {
        string unitsCrs = Refusal($$"""{ "units_crs": {{crs}}, "fields": { "precipitation_mm": { {{Precipitation}} } } }""");
        string fieldCrs = Refusal($$"""{ "fields": { "precipitation_mm": { {{Precipitation}}, "crs": {{crs}} } } }""");

        const string Expected = "expected the CRS as text (an EPSG code such as \"EPSG:4527\", OGC WKT 1 text or a .prj file)";
        Assert.Equal($", field 'units_crs': {Expected}, found {crs}.", unitsCrs);
        Assert.Equal($", field 'fields.precipitation_mm.crs': {Expected}, found {crs}.", fieldCrs);
    }

    [Fact]
    public void A_configuration_saved_with_a_UTF_8_byte_order_mark_is_read_as_without_it()
    {
        // Given the file as Windows Notepad (before 2019) and PowerShell 5 save UTF-8: EF BB BF first
        string path = Write("");
        File.WriteAllText(path, $$"""{ "units_crs": "EPSG:4527", "fields": { "precipitation_mm": { {{Precipitation}} } } }""", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal([0xEF, 0xBB, 0xBF], File.ReadAllBytes(path)[..3]);

        var config = RasterConfig.Load(path);

        Assert.Equal(("EPSG:4527", "p.tif"), (config.UnitsCrs!.Code, Assert.Single(config.Fields).RasterName));
    }

    [Fact]
    public void A_CRS_given_as_a_bare_EPSG_number_is_read_as_the_code()
    {
        var config = RasterConfig.Load(Write($$"""{ "units_crs": 4527, "fields": { "precipitation_mm": { {{Precipitation}} } } }"""));

        Assert.Equal("EPSG:4527", config.UnitsCrs!.Code);
    }

    [Theory]
    [InlineData("statistic", "1", "expected mean, sum, min or max as text, found 1.")]
    [InlineData("statistic", "[\"mean\"]", "expected mean, sum, min or max as text, found [\"mean\"].")]
    [InlineData("raster", "123", "expected the GeoTIFF's path as text, found 123.")]
    [InlineData("raster", "\"\"", "expected the GeoTIFF's path as text, found \"\".")]
    [InlineData("raster", "null", "expected the GeoTIFF's path as text, found null.")]
    [InlineData("unit", "5", "expected the unit of the scaled values as text, one of mm, cm, m (a trailing /yr is allowed), found 5.")]
    [InlineData("unit", "null", "expected the unit of the scaled values as text, one of mm, cm, m (a trailing /yr is allowed), found null.")]
    public void A_text_value_of_another_JSON_type_is_refused_as_found_not_as_missing(string key, string value, string expected)
    {
        var entry = new Dictionary<string, string> { ["raster"] = "\"p.tif\"", ["statistic"] = "\"mean\"", ["scale"] = "1", ["unit"] = "\"mm\"", [key] = value };
        string json = $$"""{ "fields": { "precipitation_mm": { {{string.Join(", ", entry.Select(kv => $"\"{kv.Key}\": {kv.Value}"))}} } } }""";

        string message = Refusal(json);

        Assert.Equal($", field 'fields.precipitation_mm.{key}': {expected}", message);
    }

    [Theory]
    [InlineData("raster", "expected the GeoTIFF's path as text.")]
    [InlineData("statistic", "expected mean, sum, min or max as text.")]
    public void A_missing_text_value_is_refused_as_missing_with_what_is_expected(string key, string expected)
    {
        var entry = new Dictionary<string, string> { ["raster"] = "\"p.tif\"", ["statistic"] = "\"mean\"", ["scale"] = "1", ["unit"] = "\"mm\"" };
        entry.Remove(key);
        string json = $$"""{ "fields": { "precipitation_mm": { {{string.Join(", ", entry.Select(kv => $"\"{kv.Key}\": {kv.Value}"))}} } } }""";

        string message = Refusal(json);

        Assert.Equal($", field 'fields.precipitation_mm.{key}': missing; {expected}", message);
    }

    [Theory]
    [InlineData("""{ "raster": 7, "classes": "cnlucc.csv" }""", "landcover.raster", "expected the GeoTIFF's path as text, found 7.")]
    [InlineData("""{ "raster": "lc.tif", "classes": false }""", "landcover.classes", "expected the class table's path as text, found false.")]
    [InlineData("""{ "raster": "lc.tif" }""", "landcover.classes", "missing; expected the class table's path as text.")]
    public void A_land_cover_path_of_another_JSON_type_is_refused_as_found(string landcover, string field, string expected)
    {
        string message = Refusal($$"""{ "landcover": {{landcover}} }""");

        Assert.Equal($", field '{field}': {expected}", message);
    }

    [Fact]
    public void Text_saved_in_GBK_is_refused_asking_for_UTF8_not_an_internal_error()
    {
        // 伊春.tif as a Chinese Windows editor saves it in the ANSI code page (GBK): 0xD2 0xC1 0xB4 0xBA is not UTF-8.
        string path = Path.Combine(_dir, "rasters.json");
        File.WriteAllBytes(path, [.. "{ \"fields\": { \"precipitation_mm\": { \"raster\": \""u8, 0xD2, 0xC1, 0xB4, 0xBA,
            .. ".tif\", \"statistic\": \"mean\", \"scale\": 1, \"unit\": \"mm\" } } }"u8]);

        var e = Assert.Throws<RasterInputException>(() => RasterConfig.Load(path));

        Assert.Equal($"{path}, field 'fields.precipitation_mm.raster': expected UTF-8 text, found \"\uFFFD\uFFFD\uFFFD\uFFFD.tif\"; save the configuration as UTF-8 (not GBK or another code page).", e.Message);
    }

    [Theory]
    [InlineData("""{ "fields": { "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "\udc00" } } }""",
        ", field 'fields.precipitation_mm.unit': expected Unicode text, found \"\\udc00\" (half of a UTF-16 surrogate pair).")]
    [InlineData("""{ "coverage": "\ud800", "fields": { "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" } } }""",
        ", field 'coverage': expected Unicode text, found \"\\ud800\" (half of a UTF-16 surrogate pair).")]
    [InlineData("""{ "units_crs": "\ud800", "fields": { "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" } } }""",
        ", field 'units_crs': expected Unicode text, found \"\\ud800\" (half of a UTF-16 surrogate pair).")]
    [InlineData("""{ "fields": { "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm", "\ud800": 1 } } }""",
        ", field 'fields.precipitation_mm.\\ud800': unknown key; expected raster, band, statistic, scale, offset, unit, crs.")]
    [InlineData("""{ "fields": { "precipitation_mm": { "raster": "a\u0000b.tif", "statistic": "mean", "scale": 1, "unit": "mm" } } }""",
        ", field 'fields.precipitation_mm.raster': expected the GeoTIFF's path as text, found \"a\\u0000b.tif\"; a file name cannot hold U+0000.")]
    [InlineData("""{ "landcover": { "raster": "lc.tif", "classes": "\u0000.csv" } }""",
        ", field 'landcover.classes': expected the class table's path as text, found \"\\u0000.csv\"; a file name cannot hold U+0000.")]
    [InlineData("""{ "units_crs": "\u0000.prj", "fields": { "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" } } }""",
        ", field 'units_crs': expected a .prj file's path, found \"\\u0000.prj\"; a file name cannot hold U+0000.")]
    public void Text_that_no_string_or_file_name_can_hold_is_refused_naming_the_field(string json, string expected)
    {
        string message = Refusal(json);

        Assert.Equal(expected, message);
    }

    [Theory]
    [InlineData("\"lc.tif\"")]
    [InlineData("5")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("[]")]
    public void A_land_cover_that_is_not_an_object_is_refused_naming_the_land_cover_keys(string landcover)
    {
        string message = Refusal($$"""{ "landcover": {{landcover}} }""");

        Assert.Equal($", field 'landcover': expected an object with raster and classes (and optionally band and crs), found {landcover}.", message);
    }

    [Fact]
    public void A_field_that_is_not_an_object_is_refused_naming_the_field_keys_and_what_was_found()
    {
        string message = Refusal("""{ "fields": { "precipitation_mm": "p.tif" } }""");

        Assert.Equal(", field 'fields.precipitation_mm': expected an object with raster, band, statistic, scale and unit, found \"p.tif\".", message);
    }

    [Theory]
    [InlineData("""{ "raster": "lc.tif", "bnd": 2, "classes": "cnlucc.csv", "statistic": "majority" }""",
        ", field 'landcover.bnd': unknown key (did you mean 'band'?); expected raster, band, classes, crs.")]
    [InlineData("""{ "raster": "lc.tif", "classes": "cnlucc.csv", "statistic": "majority" }""",
        ", field 'landcover.statistic': unknown key; expected raster, band, classes, crs.")]
    public void An_unknown_land_cover_key_is_refused_as_an_unknown_field_key_is(string landcover, string expected)
    {
        string message = Refusal($$"""{ "landcover": {{landcover}} }""");

        Assert.Equal(expected, message);
    }

    [Fact]
    public void An_unknown_field_key_is_refused_with_the_key_it_resembles()
    {
        string message = Refusal($$"""{ "fields": { "precipitation_mm": { {{Precipitation}}, "ofset": 1 } } }""");

        Assert.Equal(", field 'fields.precipitation_mm.ofset': unknown key (did you mean 'offset'?); expected raster, band, statistic, scale, offset, unit, crs.", message);
    }

    [Theory]
    [InlineData("field", ", field 'field': unknown key (did you mean 'fields'?); expected fields, landcover, units_crs, coverage, cache_mb.")]
    [InlineData("rasters", ", field 'rasters': unknown key; expected fields, landcover, units_crs, coverage, cache_mb.")]
    public void An_unknown_top_level_key_is_refused_as_a_field_key_is(string key, string expected)
    {
        string message = Refusal($$"""{ "{{key}}": {}, "fields": { "precipitation_mm": { {{Precipitation}} } } }""");

        Assert.Equal(expected, message);
    }

    [Fact]
    public void Comments_are_allowed_at_the_top_in_the_fields_in_each_field_and_in_the_land_cover()
    {
        // A "$comment" among the fields was taken for a unit input column of that name and refused.
        File.Copy(Path.Combine(TestPaths.RepoRoot, "methodology", "parameters", "landcover", "cnlucc.csv"), Path.Combine(_dir, "cnlucc.csv"));
        string path = Write($$"""
            { "$comment": "the sample's",
              "fields": { "$comment": "from the 2020 products", "precipitation_mm": { "$comment": "CMA", {{Precipitation}} } },
              "landcover": { "$comment": "CNLUCC 2020", "raster": "lc.tif", "classes": "cnlucc.csv" } }
            """);

        var config = RasterConfig.Load(path);

        Assert.Equal(("p.tif", "lc.tif"), (Assert.Single(config.Fields).RasterName, config.LandCover!.RasterName));
    }

    [Theory]
    [InlineData("""{ "fields": { "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" }, "precipitation_mm": { "raster": "p.tif", "statistic": "max", "scale": 1, "unit": "mm" } } }""",
        "fields.precipitation_mm")]
    [InlineData("""{ "fields": { "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "scale": 10, "unit": "mm" } } }""",
        "fields.precipitation_mm.scale")]
    [InlineData("""{ "landcover": { "raster": "lc.tif", "band": 1, "band": 2, "classes": "cnlucc.csv" } }""",
        "landcover.band")]
    [InlineData("""{ "coverage": "exact", "coverage": "centre", "fields": { "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" } } }""",
        "coverage")]
    public void A_key_given_twice_is_refused_rather_than_one_of_its_values_taken(string json, string field)
    {
        string message = Refusal(json);

        Assert.Equal($", field '{field}': the key appears twice; expected each key once.", message);
    }

    [Theory]
    // The editor's line 2 is System.Text.Json's line 1; '}' is the 13th character of "  "fields": }".
    [InlineData("{\n  \"fields\": }", ": line 2, column 13: not valid JSON ('}' is an invalid start of a value).")]
    // Columns count characters, not UTF-8 bytes: each of 伊春 is 3 bytes but 1 column, so 'x' is column 21, not 25.
    [InlineData("{\r\n  \"$comment\": \"伊春\", x }", ": line 2, column 21: not valid JSON ('x' is an invalid start of a property name. Expected a '\"').")]
    [InlineData("{ \"fields\": {", ": line 1, column 14: not valid JSON (Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed).")]
    public void A_syntax_error_is_placed_at_the_line_and_column_an_editor_shows(string json, string expected)
    {
        string message = Refusal(json);

        Assert.Equal(expected, message);
    }
}
