using System.Text;
using System.Text.Json;
using EcoLedger.Audit;
using EcoLedger.IO;
using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;
using EcoLedger.Ledger.Interop.Cadt;
using EcoLedger.Monitoring;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Change;
using EcoLedger.Valuation.Files;
using EcoLedger.Valuation.Parameters;
using EcoLedger.Valuation.Uncertainty;
using EcoLedger.Zoning;

namespace EcoLedger.Tests.IO;

/// <summary>
/// A JSON syntax error is placed where an editor shows it (line and column from 1, the column in characters), in the same
/// words by every reader of a JSON input file.
/// </summary>
public sealed class JsonErrorPositionTests : IDisposable
{
    // Line 3 is `  "note": "伊春市", x`: 2 spaces, `"note":` (7), a space, `"伊春市"` (5 characters, 11 bytes), `,` and a
    // space come before the x, so it is column 2 + 7 + 1 + 5 + 1 + 1 + 1 = 18; System.Text.Json says line 2, byte 23.
    private const string Malformed = "{\n  \"version\": \"v1\",\n  \"note\": \"伊春市\", x\n}\n";

    // The same error on the same line and column, in a GeoJSON FeatureCollection ("name" is as long as "note").
    private const string MalformedGeoJson = "{\n  \"type\": \"FeatureCollection\",\n  \"name\": \"伊春市\", x\n  \"features\": []\n}\n";

    private const string Expected = "line 3, column 18: not valid JSON ('x' is an invalid start of a property name. Expected a '\"').";

    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-json-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string name, string text, bool bom = false)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    private static JsonException ParseError(byte[] utf8) =>
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(utf8).Dispose());

    [Theory]
    [InlineData("x", "line 1, column 1")]
    [InlineData("{\n  \"a\": }", "line 2, column 8")]
    // \r belongs to the line it ends, as an editor that shows it would count it; 伊 is 3 bytes and one column.
    [InlineData("{\r\n\"a\": \"伊\",\r\n\"b\": 1 2}", "line 3, column 8")]
    // 😀 is 4 UTF-8 bytes and one character.
    [InlineData("[\"😀\" 1]", "line 1, column 6")]
    public void Should_place_an_error_at_the_line_and_the_character_an_editor_shows(string json, string expected)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(json);

        Assert.Equal(expected, JsonErrorPosition.Where(ParseError(utf8), utf8));
    }

    [Fact]
    public void Should_count_a_json_lines_record_from_its_line_in_the_file()
    {
        // {"a": "伊", x}: 'x' follows 11 characters (伊 is one).
        const string Record = "{\"a\": \"伊\", x}";
        var e = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(Record).Dispose());

        Assert.Equal("line 7, column 12", JsonErrorPosition.Where(e, Record, firstLine: 7));
    }

    [Fact]
    public void Should_count_the_characters_of_a_file_read_in_chunks_across_a_character_split_between_them()
    {
        // `{"ab": "` is 8 bytes, so the 65,536-byte chunk ends 65,528 bytes into the run of 伊 (3 bytes each): inside the
        // 21,843rd. The x follows 8 + 30,000 + 3 characters (the `", ` after the run): column 30,012.
        string json = "{\"ab\": \"" + new string('伊', 30_000) + "\", x}";
        string path = Write("big.json", json);
        var e = ParseError(File.ReadAllBytes(path));

        Assert.Equal("line 1, column 30012", JsonErrorPosition.WhereInFile(e, path));
        Assert.Equal("line 1, column 30012", JsonErrorPosition.Where(e, Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Should_not_count_a_byte_order_mark_which_a_reader_of_a_stream_skips()
    {
        string path = Write("bom.json", Malformed, bom: true);
        using var stream = File.OpenRead(path);
        var e = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(stream).Dispose());

        Assert.Equal(Expected, JsonErrorPosition.DescribeInFile(e, path));
        Assert.Equal(Expected, JsonErrorPosition.Describe(e, File.ReadAllBytes(path)));
    }

    [Fact]
    public void Should_tell_a_syntax_error_from_the_serializer_from_a_value_it_cannot_bind_and_drop_the_path_of_the_first()
    {
        var syntax = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Dictionary<string, string>>(Malformed));
        var binding = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Dictionary<string, int>>("{\"a\": \"b\"}"));

        Assert.True(JsonErrorPosition.IsSyntaxError(syntax));
        Assert.Equal(Expected, JsonErrorPosition.Describe(syntax, Malformed));
        Assert.False(JsonErrorPosition.IsSyntaxError(binding));
        Assert.True(JsonErrorPosition.IsSyntaxError(ParseError(Encoding.UTF8.GetBytes(Malformed))));
    }

    [Fact]
    public void Should_say_not_valid_json_without_a_place_when_the_exception_has_none()
    {
        Assert.Equal("not valid JSON (empty document).", JsonErrorPosition.Describe(new JsonException("empty document"), "{}"u8));
    }

    [Fact]
    public void Should_read_a_stream_without_its_byte_order_mark_as_a_stream_parser_does()
    {
        var utf8 = JsonErrorPosition.ReadAll(new MemoryStream([0xEF, 0xBB, 0xBF, .. "{}"u8]));

        Assert.Equal("{}", Encoding.UTF8.GetString(utf8.Span));
    }

    // One malformed file per reader; each used to print System.Text.Json's "LineNumber: 2 | BytePositionInLine: 23".

    [Fact]
    public void A_parameter_override_file()
    {
        ParameterSet.Defaults().WithOverrides("p.json", Stream(Malformed), out var problems);

        Assert.Equal(["p.json: " + Expected], problems);
    }

    [Fact]
    public void A_parameter_override_file_with_a_byte_order_mark_is_still_read()
    {
        var set = ParameterSet.Defaults().WithOverrides("p.json", new MemoryStream([0xEF, 0xBB, 0xBF, .. "{ \"version\": \"bom\", \"values\": {} }"u8]), out var problems);

        Assert.Empty(problems);
        Assert.NotNull(set);
    }

    [Fact]
    public void A_price_index_table()
    {
        var problems = new List<string>();

        Assert.Null(PriceIndexTable.Read(Stream(Malformed), "my-index.json", problems));
        Assert.Equal(["my-index.json: " + Expected], problems);
    }

    [Fact]
    public void An_uncertainty_table()
    {
        var problems = new List<string>();

        Assert.Null(DistributionTable.Read(Stream(Malformed), "mine.json", ParameterSet.Defaults(), problems));
        Assert.Equal(["mine.json: " + Expected], problems);
    }

    [Fact]
    public void A_cadt_records_file()
    {
        string path = Write("projects.json", Malformed);

        var e = Assert.Throws<LedgerException>(() => CadtImport.Read<CadtProject>(path, CadtSchemas.Project));

        Assert.Equal("projects.json: " + Expected, e.Message);
    }

    [Fact]
    public void A_geojson_station_file()
    {
        string path = Write("stations.geojson", MalformedGeoJson);

        var (stations, problems) = StationFile.Read(path, "stations.geojson", new Dictionary<string, AccountingUnit>());

        Assert.Empty(stations);
        Assert.Equal("stations.geojson: " + Expected, Assert.Single(problems).ToString());
    }

    [Fact]
    public void A_json_lines_reading_file()
    {
        // Line 3 is {"station": "伊春-1", x}: the x follows 20 characters (伊 and 春 are one each; 24 bytes).
        const string Text = "\n\n{\"station\": \"伊春-1\", x}\n";

        var problems = ReadingFile.Read(new StringReader(Text), "r.jsonl", jsonLines: true, batchSize: 100).SelectMany(b => b.Problems);

        Assert.Equal("r.jsonl: line 3, column 21: not valid JSON ('x' is an invalid start of a property name. Expected a '\"').",
            Assert.Single(problems).ToString());
    }

    [Fact]
    public void A_json_lines_line_that_is_valid_json_but_not_an_object_is_a_problem_of_its_line()
    {
        // Before, reading the members of [1] threw InvalidOperationException: an internal error for a typo in one line.
        const string Text = "{\"station\": \"S1\", \"variable\": \"pm25\", \"time\": \"2025-01-01T00:00:00Z\", \"value\": 3, \"unit\": \"ug/m3\"}\n[1]\n\"x\"\n";

        var batches = ReadingFile.Read(new StringReader(Text), "r.jsonl", jsonLines: true, batchSize: 100).ToList();

        Assert.Equal(
            [
                "r.jsonl: line 2: expected one JSON object per line ({\"station\": …, \"variable\": …, \"time\": …, \"value\": …}), found an array.",
                "r.jsonl: line 3: expected one JSON object per line ({\"station\": …, \"variable\": …, \"time\": …, \"value\": …}), found a string.",
            ],
            batches.SelectMany(b => b.Problems).Select(p => p.ToString()));
    }

    [Fact]
    public void A_gep_summary_given_as_a_sample()
    {
        string path = Write("gep-summary.json", Malformed);

        var (rows, problems) = SampleFile.Read(path, "region", "up");

        Assert.Empty(rows);
        Assert.Equal([$"{path}: {Expected}"], problems);
    }

    [Fact]
    public void A_geojson_units_file()
    {
        var reader = new UnitFileReader(Write("units.geojson", MalformedGeoJson), "units.geojson");

        Assert.Empty(reader.ReadGeoJson().ToList());
        Assert.Equal("units.geojson: " + Expected, Assert.Single(reader.Problems).ToString());
    }

    [Fact]
    public void A_geojson_layer()
    {
        string path = Write("sites.geojson", MalformedGeoJson);

        var e = Assert.Throws<ZoningInputException>(() => FeatureLayerReader.Read(path, "unit_id"));

        Assert.Equal($"{path}: {Expected}", e.Message);
    }

    [Fact]
    public void A_zones_summary_read_to_screen_sites()
    {
        Write(ZoneOutputWriter.SummaryFile, Malformed);
        Write(ZoneOutputWriter.UnitsFile, "");

        var e = Assert.Throws<ZoningInputException>(() => SiteScreener.Screen(_dir, Path.Combine(_dir, "sites.geojson")));

        Assert.Equal("zones-summary.json: " + Expected, e.Message);
    }

    [Fact]
    public void A_gep_summary_compared()
    {
        string path = Write("gep-summary.json", Malformed);
        var problems = new List<InputProblem>();

        Assert.Null(ComparedRun.Load(_dir, "--from", null, problems));
        Assert.Equal($"{path}: {Expected}", Assert.Single(problems).ToString());
    }

    [Fact]
    public void A_witness_state_file()
    {
        string path = Write("witness.state", Malformed);

        var e = Assert.Throws<FormatException>(() => WitnessState.Load(path));

        Assert.Equal($"{path}: {Expected}", e.Message);
    }

    [Fact]
    public void A_checkpoint_file()
    {
        var e = Assert.Throws<FormatException>(() => SignedCheckpoint.Parse(Encoding.UTF8.GetBytes(Malformed)));

        Assert.Equal("Not a checkpoint file: " + Expected, e.Message);
    }

    [Fact]
    public void A_proof_file()
    {
        var inclusion = Assert.Throws<FormatException>(() => ProofFiles.ParseInclusion(Encoding.UTF8.GetBytes(Malformed)));
        var consistency = Assert.Throws<FormatException>(() => ProofFiles.ParseConsistency(Encoding.UTF8.GetBytes(Malformed)));

        Assert.Equal("Not an inclusion proof: " + Expected, inclusion.Message);
        Assert.Equal("Not a consistency proof: " + Expected, consistency.Message);
    }
}
