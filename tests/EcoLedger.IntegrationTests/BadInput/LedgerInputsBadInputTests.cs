using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.Storage;
using Xunit.Abstractions;

namespace EcoLedger.IntegrationTests.BadInput;

/// <summary>
/// Generated bad price files, sample files, agreement specs and command options against a real ledger: each is imported
/// right or refused with error lines, and a refused command writes nothing (the journal keeps its length).
/// </summary>
public sealed class LedgerInputsBadInputTests(ITestOutputHelper output)
{
    private static Func<string> Journal(LedgerTestDb db) => () =>
    {
        using var d = LedgerDatabase.Open(db.Path);
        return d.JournalEntries().Count.ToString(CultureInfo.InvariantCulture);
    };

    private static string Csv(params string[] lines) => string.Join('\n', lines) + "\n";

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    [Fact]
    public void Generated_price_files_are_imported_right_or_refused_with_error_lines()
    {
        using var suite = new BadInputSuite("price import", 20261213, output);
        using var db = new LedgerTestDb();
        db.Ok("ledger", "init");
        db.Ok("ledger", "participant", "add", "--id", "registry", "--role", "registry");
        var r = suite.Random;
        string[] dates = ["2025-01-02", "2024-02-29", "2023-02-29", "2025-13-01", "2025-1-2", "0001-01-01", "9999-12-31", "", "2025-01-02T00:00", "二〇二五"];
        string[] markets = ["CEA", "CCER_2", .. BadValues.Names];
        string[] prices = ["72.40", "0.01", "1000000", "1000000.01", "72.405", .. BadValues.Numbers];
        string[] sources = ["SEEE close", "a \"quoted\", source", .. BadValues.Names];
        int day = 0;
        for (int i = 0; i < 45; i++)
        {
            string date = i % 3 == 0 ? new DateOnly(2020, 1, 1).AddDays(day++).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : r.Pick(dates);
            string market = r.Next(2) == 0 ? "CEA" : r.Pick(markets), price = r.Next(3) == 0 ? "72.40" : r.Pick(prices), source = r.Next(2) == 0 ? "SEEE" : r.Pick(sources);
            bool dateOk = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
            bool marketOk = market.Length is >= 1 and <= 40 && market.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
            // Stated limits: a price in whole fen above 0 and at most 1,000,000 CNY per tonne.
            bool priceOk = decimal.TryParse(price.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p) && p > 0 && p <= 1_000_000m
                && decimal.Round(p, 2) == p;
            bool sourceOk = source.Trim().Length > 0 && source.Length <= 200 && !source.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format) && source != "\uD800";
            string file = suite.PathOf("prices.csv");
            File.WriteAllBytes(file, Encoding.UTF8.GetBytes(Csv("date,market,price_cny_per_t_co2e,source", $"{date},{Quote(market)},{Quote(price)},{Quote(source)}")));
            var state = Journal(db);
            string before = state();
            var result = suite.Case($"date '{date}', market '{Show(market)}', price '{price}', source '{Show(source)}'",
                ["price", "import", file, "--actor", "registry", "--db", db.Path], mustRefuse: !(dateOk && marketOk && priceOk && sourceOk),
                // A quote already recorded is skipped: an import of nothing new journals nothing, anything else journals its quotes.
                accept: r => (state() == before) == r.Out.Contains("0 new quotes", StringComparison.Ordinal) ? null
                    : state() == before ? "nothing was journaled" : "an import of nothing new was journaled");
            if (result.ExitCode == 2 && state() != before)
            {
                suite.Fail($"price '{price}'", "a refused import changed the journal");
            }
        }
        (string What, byte[] Bytes)[] files =
        [
            ("empty file", []),
            ("header only", Encoding.UTF8.GetBytes("date,market,price_cny_per_t_co2e,source\n")),
            ("a missing column", Encoding.UTF8.GetBytes(Csv("date,market,price_cny_per_t_co2e", "2025-06-01,CEA,70"))),
            ("an unknown column", Encoding.UTF8.GetBytes(Csv("date,market,price,source", "2025-06-01,CEA,70,x"))),
            ("an unclosed quote", Encoding.UTF8.GetBytes(Csv("date,market,price_cny_per_t_co2e,source", "2025-06-01,CEA,\"70,x"))),
            ("a byte that is not UTF-8", [.. Encoding.UTF8.GetBytes("date,market,price_cny_per_t_co2e,source\n2025-06-01,CEA,70,"), 0xB4, 0xBA, (byte)'\n']),
            ("the same quote twice", Encoding.UTF8.GetBytes(Csv("date,market,price_cny_per_t_co2e,source", "2025-06-02,CEA,70,x", "2025-06-02,CEA,71,x"))),
        ];
        foreach (var (what, bytes) in files)
        {
            string file = suite.PathOf("prices.csv");
            File.WriteAllBytes(file, bytes);
            suite.Case(what, ["price", "import", file, "--actor", "registry", "--db", db.Path], mustRefuse: true);
        }
        suite.AssertAllHeld();
    }

    private static string Show(string v) => v.Length > 30 ? $"{v.Length} × '{v[0]}'" : string.Concat(v.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    private static void Xinan(LedgerTestDb db)
    {
        db.Ok("ledger", "init");
        db.Ok("ledger", "participant", "add", "--id", "mee", "--role", "registry");
        db.Ok("ledger", "participant", "add", "--id", "zhejiang", "--role", "holder", "--actor", "mee");
        db.Ok("ledger", "participant", "add", "--id", "anhui", "--role", "holder", "--actor", "mee");
    }

    [Fact]
    public void Generated_sample_files_are_imported_right_or_refused_with_error_lines()
    {
        using var suite = new BadInputSuite("compensation samples import", 20261214, output);
        using var db = new LedgerTestDb();
        Xinan(db);
        db.Ok("compensation", "agreement", "create", "--id", "XINAN", "--spec", CliRunner.Repo("samples", "xinan", "agreement.json"), "--actor", "mee");
        db.Ok("compensation", "agreement", "sign", "--id", "XINAN", "--actor", "zhejiang");
        db.Ok("compensation", "agreement", "sign", "--id", "XINAN", "--actor", "anhui");
        db.Ok("compensation", "agreement", "activate", "--id", "XINAN", "--actor", "mee");
        var r = suite.Random;
        string[] values = ["1.72", "0", "0.0202", "-1", "1e3", "NaN", "0.123456789012345678901234567890", "99999999999999999999", "1e308", "", "1,5", "1000000000000000", "1000000000000001"];
        string[] labs = ["Huangshan_EMS", "黄山监测站", .. BadValues.Names];
        string[] dates = ["2024-03-01", "2024-03-01T09:30", "2024-02-30", "2023-12-31", "2024-03-01T25:00", "2024-3-1", ""];
        int minute = 0;
        for (int i = 0; i < 30; i++)
        {
            string value = r.Next(3) == 0 ? "1.72" : r.Pick(values), lab = r.Next(2) == 0 ? "Huangshan_EMS" : r.Pick(labs);
            string date = r.Next(2) == 0 ? $"2024-04-01T{minute / 60 % 24:00}:{minute++ % 60:00}" : r.Pick(dates);
            bool valueOk = decimal.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= 0
                && v <= 1e15m && value.Replace(".", "", StringComparison.Ordinal).TrimStart('0').Length <= 28;
            bool labOk = lab.Trim().Length > 0 && lab.Length <= 200 && !lab.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format) && lab != "\uD800";
            bool dateOk = DateTime.TryParseExact(date, ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) && at.Year == 2024;
            string file = suite.PathOf("samples.csv");
            File.WriteAllBytes(file, Encoding.UTF8.GetBytes(Csv("section,sampled_at,indicator,value,unit,lab,party", $"Jiekou,{date},CODMn,{Quote(value)},mg/L,{Quote(lab)},joint")));
            var state = Journal(db);
            string before = state();
            var result = suite.Case($"value '{value}', lab '{Show(lab)}', sampled_at '{date}'", ["compensation", "samples", "import", "--round", "XINAN_R1", file, "--actor", "anhui", "--db", db.Path],
                mustRefuse: !(valueOk && labOk && dateOk), accept: _ => state() == before ? "nothing was journaled" : null);
            if (result.ExitCode == 2 && state() != before)
            {
                suite.Fail($"sample value '{value}'", "a refused import changed the journal");
            }
        }
        (string What, string Text)[] files =
        [
            ("a duplicate sample", Csv("section,sampled_at,indicator,value,unit,lab,party", "Jiekou,2024-05-01,TP,0.02,mg/L,lab,joint", "Jiekou,2024-05-01,TP,0.03,mg/L,lab,joint")),
            ("a missing column", Csv("section,sampled_at,indicator,value,unit,lab", "Jiekou,2024-05-01,TP,0.02,mg/L,lab")),
            ("an unknown indicator", Csv("section,sampled_at,indicator,value,unit,lab,party", "Jiekou,2024-05-01,XX,0.02,mg/L,lab,joint")),
            ("another section", Csv("section,sampled_at,indicator,value,unit,lab,party", "Other,2024-05-01,TP,0.02,mg/L,lab,joint")),
            ("empty", ""),
        ];
        foreach (var (what, text) in files)
        {
            string file = suite.PathOf("samples.csv");
            File.WriteAllText(file, text);
            suite.Case(what, ["compensation", "samples", "import", "--round", "XINAN_R1", file, "--actor", "anhui", "--db", db.Path], mustRefuse: true);
        }
        suite.AssertAllHeld();
    }

    [Fact]
    public void Generated_agreement_specs_are_created_right_or_refused_with_error_lines()
    {
        using var suite = new BadInputSuite("compensation agreement create", 20261215, output);
        using var db = new LedgerTestDb();
        Xinan(db);
        string sample = File.ReadAllText(CliRunner.Repo("samples", "xinan", "agreement.json"));
        var r = suite.Random;
        (string Path, string Good)[] members =
        [
            ("rule.pay_if_met_fen", "10000000000"), ("rule.pay_if_not_met_fen", "10000000000"), ("rule.k0", "\"0.85\""), ("round_months", "12"),
            ("period_start", "\"2024-01-01\""), ("name", "\"Xin'an\""), ("funding.0.share", "80"), ("parties.0.weight", "1"), ("rule.indicators.0.baseline", "\"1.90\""),
        ];
        string[] hostile = ["-1", "0", "1e308", "1e400", "123456789012345678901234567890", "9223372036854775807", "9223372036854775808", "0.5", "\"\"", "\"NaN\"",
            "\"1e308\"", "\"0.123456789012345678901234567890\"", "null", "true", "[]", "{}", "\"a\\u0000b\"", "\"2024-02-30\"", "\"" + new string('x', 300) + "\""];
        for (int i = 0; i < 40; i++)
        {
            var spec = JsonNode.Parse(sample)!;
            var (path, _) = members[r.Next(members.Length)];
            string value = r.Pick(hostile);
            Set(spec, path, JsonNode.Parse(value));
            string file = suite.PathOf("spec.json");
            File.WriteAllText(file, spec.ToJsonString());
            // Which of these are acceptable depends on the member; the contract (0 or 2, never a crash, nothing written on 2) holds for all.
            Create(suite, db, $"{path} = {(value.Length > 40 ? value[..40] + "…" : value)}", file, refuse: null, i);
        }
        (string What, string Text)[] fixedCases =
        [
            ("valid", sample),
            ("an unknown member", sample.Replace("\"round_months\"", "\"round_monthz\"", StringComparison.Ordinal)),
            ("a duplicate member", sample.Replace("\"round_months\": 12,", "\"round_months\": 12, \"round_months\": 6,", StringComparison.Ordinal)),
            ("no rule", JsonNode.Parse(sample)!.AsObject().Also(o => o.Remove("rule")).ToJsonString()),
            ("an unknown rule kind", sample.Replace("water_quality_index", "water_quality_indx", StringComparison.Ordinal)),
            ("a party twice", sample.Replace("\"anhui\"", "\"zhejiang\"", StringComparison.Ordinal)),
            ("relative shares (81:15:5)", sample.Replace("\"share\": 80", "\"share\": 81", StringComparison.Ordinal)),
            ("not JSON", "rule: water"),
            ("empty", ""),
            ("an array", "[]"),
            ("a BOM", "\uFEFF" + sample),
        ];
        foreach (var (what, text) in fixedCases)
        {
            string file = suite.PathOf("spec.json");
            File.WriteAllText(file, text);
            Create(suite, db, what, file, refuse: what is not ("valid" or "a BOM" or "relative shares (81:15:5)"), suite.Tried);
        }
        suite.AssertAllHeld();

        static void Create(BadInputSuite suite, LedgerTestDb db, string what, string file, bool? refuse, int n)
        {
            var state = Journal(db);
            string before = state();
            var result = suite.Case(what, ["compensation", "agreement", "create", "--id", $"A{n}", "--spec", file, "--actor", "mee", "--db", db.Path], mustRefuse: refuse == true,
                accept: _ => refuse == false && state() == before ? "nothing was journaled" : null);
            if (result.ExitCode == 2 && state() != before)
            {
                suite.Fail(what, "a refused spec changed the journal");
            }
            if (refuse == false && result.ExitCode != 0)
            {
                suite.Fail(what, "a valid spec was refused: " + result.Err);
            }
        }
    }

    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        JsonNode node = root;
        foreach (var part in parts[..^1])
        {
            node = int.TryParse(part, out int k) ? node[k]! : node[part]!;
        }
        node[parts[^1]] = value;
    }

    [Fact]
    public void Generated_ledger_options_are_applied_right_or_refused_with_error_lines()
    {
        using var suite = new BadInputSuite("ledger options", 20261216, output);
        using var db = new LedgerTestDb();
        db.SeedFast();
        string[] quantities = ["1", "10", "0", "-1", "12.5", "1e3", "9223372036854775807", "9223372036854775808", "99999999999999999999", "NaN", "", "١٠", " 5", "0x10"];
        foreach (string q in quantities)
        {
            var state = Journal(db);
            string before = state();
            bool ok = q is "1" or "10" or " 5"; // surrounding spaces are not part of a number
            var result = suite.Case($"transfer --quantity '{q}'", ["ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", q, "--request-id", $"q{suite.Tried}", "--actor", "farm", "--db", db.Path],
                mustRefuse: !ok, accept: _ => state() == before ? "nothing was journaled" : null);
            if (result.ExitCode == 2 && state() != before)
            {
                suite.Fail($"--quantity '{q}'", "a refused transfer changed the journal");
            }
            if (ok && result.ExitCode != 0)
            {
                suite.Fail($"--quantity '{q}'", "a valid transfer was refused: " + result.Err);
            }
        }
        foreach (string actor in new[] { "", "nobody", "farm\0", "FARM", new string('f', 10_000), "\u001b[2J" })
        {
            suite.Case($"--actor '{Show(actor)}'", ["ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "1", "--request-id", $"a{suite.Tried}", "--actor", actor, "--db", db.Path], mustRefuse: true);
        }
        foreach (string id in new[] { "hh\0", "", new string('h', 300), "a b", "\u200bhh" })
        {
            suite.Case($"participant add --id '{Show(id)}'", ["ledger", "participant", "add", "--id", id, "--role", "holder", "--actor", "reg", "--db", db.Path], mustRefuse: true);
        }
        foreach (string year in new[] { "twenty", "-1", "0", "99999", "2147483648" })
        {
            string outDir = suite.PathOf("gep");
            string units = suite.PathOf("u.csv");
            File.WriteAllText(units, "unit_id,region,ecosystem,subtype,area_ha\nA,R,forest,,10\n");
            suite.Case($"gep compute --year {year}", ["gep", "compute", "--units", units, "--out", outDir, "--year", year], outDir, mustRefuse: true);
        }
        suite.AssertAllHeld();
    }
}

internal static class JsonObjectExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
