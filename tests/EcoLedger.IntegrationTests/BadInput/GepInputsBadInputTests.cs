using System.Globalization;
using System.Text;
using System.Text.Json;
using EcoLedger.Valuation.Files;
using Xunit.Abstractions;

namespace EcoLedger.IntegrationTests.BadInput;

/// <summary>Generated bad unit files (CSV and GeoJSON), region statistics and parameter files through <c>gep compute</c>.</summary>
public sealed class GepInputsBadInputTests(ITestOutputHelper output)
{
    private static readonly string[] Columns =
        ["unit_id", "region", "ecosystem", "subtype", "area_ha", "precipitation_mm", "evapotranspiration_mm", "npp_t_c_per_ha", "heterotrophic_respiration_t_c_per_ha"];

    private static readonly string[] GepOutputs = [GepUnitsFile.FileName, "gep-summary.json"];

    private static List<string[]> GoodRows() =>
    [
        ["F1", "伊春", "forest", "broadleaf", "120.5", "700", "420", "5.5", "2.1"],
        ["G1", "伊春", "grassland", "", "40", "500", "380", "3", "1.2"],
        ["W1", "伊春", "wetland", "", "15", "650", "500", "4", "1.5"],
    ];

    /// <summary>An accepted run is right when every output unit came from the input and no figure is NaN, infinite or absurd.</summary>
    private static Func<CliRunner.Result, string?> Consistent(string outDir, IReadOnlyCollection<string> inputIds) => _ =>
    {
        decimal sum = 0m;
        foreach (var row in GepUnitsFile.Read(Path.Combine(outDir, GepUnitsFile.FileName)))
        {
            if (!inputIds.Contains(row.UnitId))
            {
                return $"gep-units.csv names unit '{row.UnitId}', which is not in the input";
            }
            if (Math.Abs(row.ValueCny) > 1e15m)
            {
                return $"unit '{row.UnitId}' {row.Indicator} is valued at {row.ValueCny} CNY (above 10^15)";
            }
            sum += row.ValueCny;
        }
        string summary = File.ReadAllText(Path.Combine(outDir, "gep-summary.json"));
        if (summary.Contains("NaN", StringComparison.Ordinal) || summary.Contains("Infinity", StringComparison.Ordinal))
        {
            return "gep-summary.json holds NaN or Infinity";
        }
        using var doc = JsonDocument.Parse(summary);
        decimal total = doc.RootElement.GetProperty("total_cny").GetDecimal();
        return Math.Abs(total - sum) > 1m ? $"the summary's total {total} is not the sum of gep-units.csv ({sum})" : null;
    };

    private static string Csv(IEnumerable<string> header, IEnumerable<string[]> rows, string newline = "\n") =>
        string.Join(newline, new[] { string.Join(',', header) }.Concat(rows.Select(r => string.Join(',', r.Select(Quote))))) + newline;

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    [Fact]
    public void Generated_unit_csv_files_are_computed_right_or_refused_with_error_lines()
    {
        using var suite = new BadInputSuite("gep compute, units CSV", 20261206, output);
        var r = suite.Random;
        for (int i = 0; i < 70; i++)
        {
            var header = Columns.ToList();
            var rows = GoodRows();
            string what;
            bool mustRefuse = true;
            byte[]? raw = null;
            switch (r.Next(9))
            {
                case 0 or 1 or 2:
                    {
                        int row = r.Next(rows.Count), col = r.Next(4, Columns.Length);
                        string v = r.Pick(BadValues.Numbers);
                        rows[row][col] = v;
                        what = $"{Columns[col]} = '{v}'";
                        // The stated limits: area above 0 and at most 10^8 ha; precipitation 0–30000 mm, evapotranspiration 0–5000 mm, NPP and Rh 0–100 t C/ha.
                        double max = col switch { 4 => 1e8, 5 => 30_000, 6 => 5_000, _ => 100 };
                        mustRefuse = !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || !double.IsFinite(d) || d < 0 || d > max
                            || (col == 4 && d == 0);
                        break;
                    }
                case 3 or 4:
                    {
                        int row = r.Next(rows.Count), col = r.Next(0, 2);
                        string v = r.Pick(BadValues.Names);
                        rows[row][col] = v;
                        what = $"{Columns[col]} = '{Escape(v)}'";
                        // Names: 1 to 200 characters, no control or format characters, no lone surrogate (written as U+FFFD).
                        mustRefuse = v.Trim().Length == 0 || v.Length > 200 || v.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format)
                            || v == "\uD800";
                        break;
                    }
                case 5:
                    {
                        int col = r.Next(Columns.Length);
                        what = $"column {Columns[col]} dropped";
                        header.RemoveAt(col);
                        rows = rows.Select(x => x.Where((_, k) => k != col).ToArray()).ToList();
                        mustRefuse = col is 0 or 1 or 2 or 4;
                        break;
                    }
                case 6:
                    {
                        (what, mustRefuse) = r.Next(5) switch
                        {
                            0 => Extra(header, rows, "unknown_column", "x", false),
                            1 => Extra(header, rows, "area_ha", "10", true),
                            2 => ("duplicate unit", Dup(rows)),
                            3 => ("a row with an extra field", AddField(rows, 1)),
                            _ => ("a row with a missing field", DropField(rows, 2)),
                        };
                        break;
                    }
                case 7:
                    {
                        (what, raw, mustRefuse) = r.Next(6) switch
                        {
                            0 => ("empty file", Array.Empty<byte>(), true),
                            1 => ("header only", Encoding.UTF8.GetBytes(string.Join(',', header) + "\n"), true),
                            2 => ("BOM and CRLF", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(Csv(header, rows, "\r\n"))], false),
                            3 => ("GBK bytes in a region", Gbk(header, rows), true),
                            4 => ("UTF-16 file", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Csv(header, rows))).ToArray(), true),
                            _ => ("an unclosed quote", Encoding.UTF8.GetBytes(Csv(header, rows).Replace("G1,", "\"G1,", StringComparison.Ordinal)), true),
                        };
                        break;
                    }
                default:
                    what = "valid";
                    mustRefuse = false;
                    break;
            }
            string units = suite.PathOf("units.csv");
            File.WriteAllBytes(units, raw ?? Encoding.UTF8.GetBytes(Csv(header, rows)));
            string outDir = suite.PathOf("gep");
            var ids = rows.Where(x => x.Length > 0).Select(x => x[0]).ToHashSet(StringComparer.Ordinal);
            suite.Case(what, ["gep", "compute", "--units", units, "--out", outDir, "--year", "2024"], outDir, GepOutputs, Consistent(outDir, ids), mustRefuse);
        }
        // One 10 MB unit id: a name no register holds, refused without reading it into every message.
        var big = GoodRows();
        big[0][0] = new string('U', 10 * 1024 * 1024);
        string bigFile = suite.PathOf("units.csv");
        File.WriteAllText(bigFile, Csv(Columns, big));
        string bigOut = suite.PathOf("gep");
        var result = suite.Case("a 10 MB unit id", ["gep", "compute", "--units", bigFile, "--out", bigOut], bigOut, GepOutputs, mustRefuse: true);
        Assert.True(result.Err.Length < 10_000, $"the refusal of a 10 MB unit id printed {result.Err.Length} characters");
        suite.AssertAllHeld();
    }

    private static string Square(double x, double y, double size) =>
        FormattableString.Invariant($"[[[{x},{y}],[{x + size},{y}],[{x + size},{y + size}],[{x},{y + size}],[{x},{y}]]]");

    private static string Feature(string id, string geometry, string extra = "") =>
        $$"""{"type":"Feature","properties":{"unit_id":"{{id}}","region":"伊春","ecosystem":"forest","npp_t_c_per_ha":5,"heterotrophic_respiration_t_c_per_ha":2{{extra}}},"geometry":{{geometry}}}""";

    private static string Polygon(string rings) => $$"""{"type":"Polygon","coordinates":{{rings}}}""";

    private static string Collection(params string[] features) => $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";

    [Fact]
    public void Generated_unit_geojson_files_are_computed_right_or_refused_with_error_lines()
    {
        using var suite = new BadInputSuite("gep compute, units GeoJSON", 20261207, output);
        var r = suite.Random;
        string good1 = Feature("F1", Polygon(Square(128.9, 47.7, 0.01))), good2 = Feature("F2", Polygon(Square(128.92, 47.7, 0.01)));
        (string What, string Text, bool Refuse)[] fixedCases =
        [
            ("valid", Collection(good1, good2), false),
            ("latitude 200", Collection(good1, Feature("F2", Polygon(Square(128.9, 200, 0.01)))), true),
            ("longitude 1e308", Collection(good1, Feature("F2", Polygon(Square(1e308, 47.7, 0.01)))), true),
            ("coordinate 1e309", Collection(good1, Feature("F2", Polygon(Square(128.9, 47.7, 0.01).Replace("128.9,", "1e309,", StringComparison.Ordinal)))), true),
            ("coordinate NaN", Collection(Feature("F2", Polygon("[[[NaN,1],[2,1],[2,2],[NaN,1]]]"))), true),
            ("an unclosed ring", Collection(good1, Feature("F2", Polygon("[[[128.9,47.7],[128.91,47.7],[128.91,47.71],[128.9,47.71]]]"))), true),
            ("a ring of three points", Collection(Feature("F2", Polygon("[[[128.9,47.7],[128.91,47.7],[128.9,47.7]]]"))), true),
            ("a self-intersecting ring", Collection(Feature("F2", Polygon("[[[128.9,47.7],[128.91,47.71],[128.91,47.7],[128.9,47.71],[128.9,47.7]]]"))), true),
            ("a polygon round the globe", Collection(Feature("F2", Polygon("[[[-180,-90],[180,-90],[180,90],[-180,90],[-180,-90]]]"))), true),
            ("a point", Collection(Feature("F2", """{"type":"Point","coordinates":[128.9,47.7]}""")), true),
            ("null geometry", Collection(Feature("F2", "null")), true),
            ("no features", Collection(), true),
            ("an array", "[]", true),
            ("null", "null", true),
            ("empty file", "", true),
            ("truncated", Collection(good1, good2)[..^7], true),
            ("a BOM", "\uFEFF" + Collection(good1, good2), false),
            ("an unknown property", Collection(Feature("F1", Polygon(Square(128.9, 47.7, 0.01)), ",\"colour\":\"green\"")), false),
            ("a duplicate unit id", Collection(good1, Feature("F1", Polygon(Square(128.92, 47.7, 0.01)))), true),
            ("no unit_id", Collection(good1.Replace("\"unit_id\":\"F1\",", "", StringComparison.Ordinal)), true),
            ("a NUL in the region", Collection(good1.Replace("伊春", "\\u0000", StringComparison.Ordinal)), true),
            ("a 30-digit area", Collection(Feature("F1", Polygon(Square(128.9, 47.7, 0.01)), ",\"area_ha\":123456789012345678901234567890")), true),
            ("area 1e308", Collection(Feature("F1", Polygon(Square(128.9, 47.7, 0.01)), ",\"area_ha\":1e308")), true),
            ("npp as text", Collection(Feature("F1", Polygon(Square(128.9, 47.7, 0.01)), ",\"precipitation_mm\":\"lots\"")), true),
            ("a property that is an object", Collection(Feature("F1", Polygon(Square(128.9, 47.7, 0.01)), ",\"precipitation_mm\":{\"a\":1}")), true),
            ("a 10 MB region", Collection(good1.Replace("伊春", new string('r', 10 * 1024 * 1024), StringComparison.Ordinal)), true),
        ];
        foreach (var (what, text, refuse) in fixedCases)
        {
            Run(suite, what, Encoding.UTF8.GetBytes(text), refuse);
        }
        Run(suite, "GBK bytes in a region", [.. Encoding.UTF8.GetBytes(good1[..good1.IndexOf("伊春", StringComparison.Ordinal)]).Prepend((byte)0).Skip(1),
            0xD2, 0xC1, 0xB4, 0xBA, .. Encoding.UTF8.GetBytes(good1[(good1.IndexOf("伊春", StringComparison.Ordinal) + 2)..])], true);
        // Random squares: valid anywhere in the longitude/latitude box, and refused once one corner leaves it.
        for (int i = 0; i < 25; i++)
        {
            double x = Math.Round(r.NextDouble() * 400 - 200, 4), y = Math.Round(r.NextDouble() * 200 - 100, 4), size = Math.Round(Math.Pow(10, -r.Next(1, 5)), 6);
            bool inside = x >= -180 && x + size <= 180 && y >= -90 && y + size <= 90;
            Run(suite, FormattableString.Invariant($"a square at ({x}, {y}) of {size}°"), Encoding.UTF8.GetBytes(Collection(good1, Feature("R", Polygon(Square(x, y, size))))), !inside);
        }
        suite.AssertAllHeld();

        static void Run(BadInputSuite suite, string what, byte[] bytes, bool refuse)
        {
            string units = suite.PathOf("units.geojson");
            File.WriteAllBytes(units, bytes);
            string outDir = suite.PathOf("gep");
            suite.Case(what, ["gep", "compute", "--units", units, "--out", outDir], outDir, GepOutputs, Consistent(outDir, ["F1", "F2", "R"]), refuse);
        }
    }

    [Fact]
    public void Generated_parameter_files_and_region_statistics_are_applied_right_or_refused_with_error_lines()
    {
        using var suite = new BadInputSuite("gep compute, parameters and region statistics", 20261208, output);
        var r = suite.Random;
        string units = suite.PathOf("units.csv");
        File.WriteAllText(units, Csv(Columns, GoodRows()));
        string[] keys = ["carbon_price_cny_per_t_co2", "water_price_cny_per_m3", "oxygen_price_cny_per_t"];
        for (int i = 0; i < 30; i++)
        {
            string key = r.Pick(keys), value = r.Pick(BadValues.Numbers);
            bool isNumber = decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && value.Trim() == value && !value.StartsWith('+')
                && !value.Contains(',', StringComparison.Ordinal) && !value.EndsWith('e') && !value.StartsWith('e');
            string json = $$"""{ "version": "test-{{i}}", "values": { "{{key}}": {{(value.Length == 0 ? "\"\"" : value)}} } }""";
            // Stated limits: a number of at most 28 significant digits and decimal places, from 0 to 10^9.
            bool refuse = !isNumber || d < 0 || d > 1e9m || value.TrimStart('-', '0', '.').Replace(".", "", StringComparison.Ordinal).Length > 28;
            RunParameters(suite, $"{key} = {value}", json, refuse);
        }
        RunParameters(suite, "an unknown top-level key", """{ "version": "t", "values": {}, "valuess": { "carbon_price_cny_per_t_co2": 1 } }""", true);
        RunParameters(suite, "a duplicate key", """{ "version": "t", "values": { "carbon_price_cny_per_t_co2": 1, "carbon_price_cny_per_t_co2": 2 } }""", true);
        RunParameters(suite, "a NUL in the version", """{ "version": "a\u0000b", "values": {} }""", true);
        RunParameters(suite, "not JSON", "version=1", true);
        RunParameters(suite, "empty", "", true);

        string[] statsValues = ["52936", "-1", "1e308", "NaN", "123456789012345678901234567890", "1e20", "", "0"];
        for (int i = 0; i < 15; i++)
        {
            // The first case is a good file, so the limits are seen to let real statistics through.
            string q = i == 0 ? "52936" : r.Pick(statsValues), price = i == 0 ? "6000" : r.Pick(statsValues), item = i == 0 ? "jujube" : r.Pick(BadValues.Names);
            string stats = suite.PathOf("stats.csv");
            File.WriteAllBytes(stats, Encoding.UTF8.GetBytes("region,kind,item,quantity,quantity_unit,price_cny_per_unit,supplied_by\n" + $"伊春,material_product,{Quote(item)},{q},t,{price},forest\n"));
            string outDir = suite.PathOf("gep");
            bool refuse = !decimal.TryParse(q, NumberStyles.Float, CultureInfo.InvariantCulture, out var qd) || qd < 0 || qd > 1e12m
                || !decimal.TryParse(price, NumberStyles.Float, CultureInfo.InvariantCulture, out var pd) || pd < 0 || pd > 1e9m
                || item.Trim().Length == 0 || item.Length > 200 || item.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format) || item == "\uD800";
            suite.Case($"region statistics: item '{Escape(item)}', quantity '{q}', price '{price}'", ["gep", "compute", "--units", units, "--region-stats", stats, "--out", outDir],
                outDir, GepOutputs, Consistent(outDir, ["F1", "G1", "W1"]), refuse);
        }
        suite.AssertAllHeld();

        void RunParameters(BadInputSuite suite, string what, string json, bool refuse)
        {
            string parameters = suite.PathOf("parameters.json");
            File.WriteAllText(parameters, json);
            string outDir = suite.PathOf("gep");
            suite.Case(what, ["gep", "compute", "--units", units, "--parameters", parameters, "--out", outDir], outDir, GepOutputs, Consistent(outDir, ["F1", "G1", "W1"]), refuse);
        }
    }

    private static string Escape(string v) => v.Length > 40 ? $"{v.Length} × '{v[0]}'" : string.Concat(v.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    private static (string, bool) Extra(List<string> header, List<string[]> rows, string name, string value, bool refuse)
    {
        header.Add(name);
        for (int k = 0; k < rows.Count; k++)
        {
            rows[k] = [.. rows[k], value];
        }
        return ($"extra column {name}", refuse);
    }

    private static bool Dup(List<string[]> rows)
    {
        rows.Add([.. rows[0]]);
        return true;
    }

    private static bool AddField(List<string[]> rows, int row)
    {
        rows[row] = [.. rows[row], "7"];
        return true;
    }

    private static bool DropField(List<string[]> rows, int row)
    {
        rows[row] = rows[row][..^1];
        return true;
    }

    private static byte[] Gbk(List<string> header, List<string[]> rows)
    {
        // "伊春" in GBK: D2 C1 B4 BA.
        byte[] text = Encoding.UTF8.GetBytes(Csv(header, rows));
        byte[] utf8 = Encoding.UTF8.GetBytes("伊春");
        int at = text.AsSpan().IndexOf(utf8);
        return [.. text[..at], 0xD2, 0xC1, 0xB4, 0xBA, .. text[(at + utf8.Length)..]];
    }
}
