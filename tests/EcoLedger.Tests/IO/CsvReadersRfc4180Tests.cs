using System.Text;
using EcoLedger.IO;
using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;
using EcoLedger.Pricing;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Files;
using EcoLedger.Zoning;

namespace EcoLedger.Tests.IO;

/// <summary>
/// Every CSV reader users feed takes RFC 4180 in full: a byte order mark, CRLF line ends, quoted fields holding commas,
/// doubled quotes and line breaks; a problem after a quoted line break names the spreadsheet row and the physical line.
/// </summary>
public sealed class CsvReadersRfc4180Tests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-rfc4180-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Writes <paramref name="lines"/> joined by CRLF, as UTF-8 with a byte order mark (what Excel's "CSV UTF-8" saves).</summary>
    private string Write(string name, params string[] lines)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Join("\r\n", lines) + "\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        return path;
    }

    private static StringReader Text(params string[] lines) => new("\uFEFF" + string.Join("\r\n", lines) + "\r\n");

    [Fact]
    public void Unit_file_reads_quoted_commas_quotes_and_line_breaks_and_names_row_and_line_of_a_later_problem()
    {
        // A line break is parsed as part of the field; a name may not hold one (a control character), so that row is refused too.
        string path = Write("units.csv",
            "unit_id,region,ecosystem,subtype,area_ha",
            "\"YC,001\",\"伊春 \"\"north\"\"\",forest,,12.5",
            "YC-002,\"Yichun\r\nforest farm\",forest,,3",
            "YC-003,Yichun,forest,,-1",
            "YC-004,Yichun,forest,,2");
        var reader = new UnitFileReader(path, "units.csv");

        var units = reader.Read().ToList();

        Assert.Equal(["YC,001", "YC-004"], units.Select(u => u.UnitId));
        Assert.Equal(["伊春 \"north\"", "Yichun"], units.Select(u => u.Region));
        Assert.Equal(12.5, units[0].Area.Hectares, 12);
        Assert.Equal(
        [
            "units.csv: row 3, unit 'YC-002', field 'region': expected a region name with no control, invisible or replacement characters, found U+000D at character 7.",
            "units.csv: row 4 (line 5), unit 'YC-003', field 'area_ha': expected a number of hectares greater than 0, got '-1'.",
        ], reader.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Unit_file_reports_an_unclosed_quote_as_a_problem_not_an_exception()
    {
        string path = Write("units.csv", "unit_id,region,ecosystem,subtype,area_ha", "A,R,forest,,1", "\"B,R,forest,,2", "C,R,forest,,3");
        var reader = new UnitFileReader(path, "units.csv");

        var units = reader.Read().ToList();

        Assert.Equal(["A"], units.Select(u => u.UnitId));
        Assert.Equal("units.csv: row 3: a quoted field is not closed; expected a closing quote \" (a quote inside a field is written as \"\" and the field enclosed in quotes).",
            Assert.Single(reader.Problems).ToString());
    }

    [Fact]
    public void Region_statistics_read_a_quoted_item_with_a_comma_and_refuse_one_with_a_line_break()
    {
        string path = Write("stats.csv",
            "region,kind,item,quantity,quantity_unit,price_cny_per_unit,supplied_by",
            "伊春,material_product,\"timber, \"\"sawn\"\"\",100,m3,500,forest",
            "伊春,material_product,\"nuts\r\n(pine)\",2,t,8000,forest",
            "伊春,material_product,berries,-1,t,10,forest");
        var problems = new List<InputProblem>();

        var stats = RegionStatistics.Read(path, "stats.csv", problems);

        Assert.Equal(["timber, \"sawn\""], stats.Of("伊春", RegionStatKind.MaterialProduct).Select(r => r.Item));
        Assert.Equal(
        [
            "stats.csv: row 3, field 'item': expected an item name with no control, invisible or replacement characters, found U+000D at character 5.",
            "stats.csv: row 4 (line 5), field 'quantity': expected a number from 0 to 1e12 with at most 28 digits, got '-1'.",
        ], problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Sample_file_reads_a_quoted_lab_with_a_comma_refuses_one_with_a_line_break_and_reports_physical_lines()
    {
        string path = Write("samples.csv",
            SampleFile.Header,
            "S1,2025-06-01,cod_mg_l,12.5,mg/L,\"Harbin lab, \"\"North\"\"\",up",
            "S1,2025-06-02,cod_mg_l,13,mg/L,\"Harbin\r\nlab\",up",
            "S1,2025-06-03,cod_mg_l,13,mg/L,lab",
            "S1,2025-06-01,cod_mg_l,12.5,mg/L,\"Harbin lab, \"\"North\"\"\",up");

        var (rows, problems) = SampleFile.Read(path, "S1", "up");

        // The line break is read as part of the field, and a lab's name may not hold one.
        Assert.Equal(["Harbin lab, \"North\""], rows.Select(r => r.Lab));
        Assert.Equal([2], rows.Select(r => r.Line));
        Assert.Equal(
        [
            $"{path}, line 3, field 'lab': expected text with no control, invisible or replacement characters, found U+000D at character 7.",
            $"{path}, line 5: expected 7 fields; got 6.",
            $"{path}, line 6: duplicate sample of line 2 (same section, sampled_at, indicator, lab and party); expected each sample once (a changed value is a correction: give 'corrects' and 'reason').",
        ], problems);
    }

    [Fact]
    public void Price_file_reads_a_quoted_source_refuses_one_with_a_line_break_and_names_row_and_line_of_a_later_problem()
    {
        var (quotes, problems) = PriceCsv.Read("prices.csv", Text(
            PriceCsv.Header,
            "2025-01-02,CEA,\"98.50\",\"SEEE, \"\"daily\"\" close\"",
            "2025-01-03,CEA,99,\"SEEE\r\nclose\"",
            "2025-01-04,CEA,0,SEEE"));

        Assert.Equal([(9850L, "SEEE, \"daily\" close")], quotes.Select(q => (q.FenPerTonne, q.Source)));
        Assert.Equal(
        [
            "prices.csv: row 3, field 'source': Expected the source of the quote with no control, invisible or replacement characters, found U+000D at character 5.",
            "prices.csv: row 4 (line 5), field 'price_cny_per_t_co2e': Expected a positive price in CNY per t CO2e; found '0'.",
        ], problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Contributions_file_reads_a_quoted_unit_id_with_a_comma_and_refuses_one_with_a_line_break()
    {
        var (rows, problems) = ContributionsCsv.Read("c.csv", Text(
            ContributionsCsv.Header,
            "\"YC,001\",hh_01,lease,10,2.5,100.00",
            "\"YC\r\n002\",hh_02,custody,5,1,0",
            "YC-003,hh_03,rent,5,1,0"));

        Assert.Equal(["YC,001"], rows.Select(r => r.UnitId));
        Assert.Equal(
        [
            "c.csv: row 3, field 'unit_id': Expected a unit id with no control, invisible or replacement characters, found U+000D at character 3; found 'YC\\u000D\\u000A002'.",
            "c.csv: row 4 (line 5), field 'mode': Expected custody, lease or buyout; found 'rent'.",
        ], problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Vintage_discounts_read_quoted_numbers_and_ignore_a_note_with_a_line_break()
    {
        var (table, problems) = VintageDiscounts.Read("v.csv", Text("age_years,factor,note", "\"2\",\"0.9\",\"two years,\r\nten percent\"", "5,0.75,\"five \"\"years\"\"\""));

        Assert.Empty(problems);
        Assert.Equal([(2, 0.9m), (5, 0.75m)], table!.Rows);
    }

    [Fact]
    public void Price_curve_and_schedule_read_quoted_fields_and_name_row_and_line_of_a_bad_record()
    {
        var curve = CurvePath.Read("curve.csv", Text("year,price_cny_per_t_co2e,note", "2026,\"80\",\"base, \"\"low\"\"\"", "2027,90,\"rise\r\nexpected\""));
        var e = Assert.Throws<LedgerException>(() => ForwardValuation.ReadSchedule("s.csv", Text("year,tonnes,note", "2026,10,\"a\r\nb\"", "2027,x,c"),
            new DateOnly(2020, 1, 1), new DateOnly(2049, 12, 31)));

        Assert.Equal([(2026, 80m), (2027, 90m)], curve.Prices.Select(kv => (kv.Key, kv.Value)));
        Assert.Equal("s.csv, row 3 (line 4): field 'tonnes': 'x' is not a number; expected a quantity in tonnes, 0 or more.", e.Message);
    }

    [Fact]
    public void Gep_units_file_reads_quoted_unit_ids_and_regions()
    {
        string path = Write("gep-units.csv",
            GepOutputWriter.UnitsHeader,
            "\"YC,001\",\"伊春, \"\"north\"\"\",forest,carbon_sequestration,12.5,t CO2,1000.00",
            "YC-002,\"Yichun\r\nfarm\",forest,recreation,,,250.50");

        var rows = GepUnitsFile.Read(path).ToList();
        var values = GepUnitValues.Read(_dir);

        Assert.Equal([("YC,001", "伊春, \"north\"", 1000.00m, 2L), ("YC-002", "Yichun\r\nfarm", 250.50m, 3L)], rows.Select(r => (r.UnitId, r.Region, r.ValueCny, r.Line)));
        Assert.Equal(1000.00m, values["YC,001"].RegulatingCny);
        Assert.Equal(250.50m, values["YC-002"].TotalCny);
    }
}
