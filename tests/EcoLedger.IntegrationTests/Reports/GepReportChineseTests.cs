using EcoLedger.Reports;
using EcoLedger.Reports.Gep;
using EcoLedger.Reports.Html;

namespace EcoLedger.IntegrationTests.Reports;

/// <summary>A Chinese GEP report says its methods and not-computed reasons in Chinese, and names files a reader can find.</summary>
public sealed class GepReportChineseTests(GepReportFixture fx) : IClassFixture<GepReportFixture>
{
    [Fact]
    public void Should_give_the_valuation_method_in_chinese()
    {
        var water = fx.Files.Report.Indicators.Single(i => i.Code == "water_conservation");

        Assert.Equal("影子工程法：涵养的水量按建设同等库容水库的成本估价。", water.Method);
        string html = File.ReadAllText(fx.Files.Html);
        int start = html.IndexOf("id=\"table-indicators\"", StringComparison.Ordinal);
        string table = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
        Assert.Contains("影子工程法：涵养的水量按建设同等库容水库的成本估价。", table, StringComparison.Ordinal);
        Assert.DoesNotContain("Shadow engineering", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_give_the_methodology_appendix_in_chinese_and_name_the_english_documents()
    {
        string html = File.ReadAllText(fx.Files.Html);
        int start = html.IndexOf("<section id=\"methodology\"", StringComparison.Ordinal);
        string appendix = html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];

        Assert.Contains("<h2>附录 A　核算方法</h2>", appendix, StringComparison.Ordinal);
        Assert.Contains("<article id=\"method-water_conservation\"><h3>水源涵养（<code>water_conservation</code>）</h3>", appendix, StringComparison.Ordinal);
        Assert.Contains("<p>核算方法：影子工程法：涵养的水量按建设同等库容水库的成本估价。</p>", appendix, StringComparison.Ordinal);
        Assert.Contains("完整方法文档（英文）：methodology/indicators/water_conservation.md", appendix, StringComparison.Ordinal);
        // The English documents' prose is not copied into the Chinese report.
        Assert.DoesNotContain("What it measures", appendix, StringComparison.Ordinal);
        Assert.DoesNotContain("as implemented", appendix, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_table_writes_units_in_chinese_and_values_with_thousands_separators()
    {
        string html = File.ReadAllText(fx.Files.Html);
        int start = html.IndexOf("id=\"table-parameters\"", StringComparison.Ordinal);
        string table = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];

        Assert.Contains("<td><code>p_cost_cny_per_t</code></td><td class=\"num\">2,800</td><td>元/t</td>", table, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">0.00108</td><td>占土壤质量的比例</td>", table, StringComparison.Ordinal);
        Assert.DoesNotContain("of precipitation", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("region '吕梁': air_purification counts dust as capacity × area (6,184,596.685 t) without a cap: the region statistics have no emission_cap row for dust",
        "地区“吕梁”：空气净化按“净化能力 × 面积”计入粉尘（6,184,596.685 t），未设上限：地区统计表中没有粉尘的 emission_cap 行。")]
    [InlineData("region '吕梁': air_purification does not count nox: no unit of the region has a nox_capacity_kg_per_ha value and the region statistics have no emission_cap row for it",
        "地区“吕梁”：空气净化未计入NOₓ：该地区没有单元设置其净化能力（*_capacity_kg_per_ha）取值，地区统计表中也没有其 emission_cap 行。")]
    [InlineData("region '吕梁': air_purification does not count nox, so2: the region statistics have no emission_cap row for them",
        "地区“吕梁”：空气净化未计入NOₓ、SO₂：地区统计表中没有其 emission_cap 行。")]
    public void Should_say_the_region_air_purification_warnings_in_chinese(string english, string chinese) =>
        Assert.Equal(chinese, new Labels(ReportLanguage.Zh).Warning(english));

    [Fact]
    public void Should_give_the_landscape_value_method_in_chinese() =>
        Assert.Equal("享乐价格法：生态系统周边土地或房产的溢价 × 受益面积。", new Labels(ReportLanguage.Zh).Method("landscape_value", "Hedonic pricing (享乐价格法): the premium."));

    [Fact]
    public void Should_say_the_nox_warning_in_chinese() =>
        Assert.Equal("空气净化：参数表中没有森林的 nox_capacity_kg_per_ha 取值，因此森林单元的 NOₓ 未计入（可用 --parameters 设置）。",
            new Labels(ReportLanguage.Zh).Warning("air_purification: nox is not counted for forest units: the parameter table has no " +
                "nox_capacity_kg_per_ha value for them (set one with --parameters)."));

    [Theory]
    [InlineData("visits", "人次")]
    [InlineData("CNY/visit", "元/人次")]
    [InlineData("% of precipitation", "% 降水量")]
    [InlineData("dimensionless", "无量纲")]
    [InlineData("t CO2 per t dry matter", "t CO₂/t 干物质")]
    [InlineData("CNY/m3", "元/m³")]
    public void Should_write_units_in_chinese(string unit, string chinese) => Assert.Equal(chinese, new Labels(ReportLanguage.Zh).Unit(unit));

    [Fact]
    public void Should_name_indicators_in_chinese_only_in_the_indicator_table()
    {
        string html = File.ReadAllText(fx.Files.Html);
        int start = html.IndexOf("id=\"table-indicators\"", StringComparison.Ordinal);
        string table = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];

        Assert.Contains("水源涵养<br>", table, StringComparison.Ordinal);
        Assert.DoesNotContain("Water conservation", table, StringComparison.Ordinal);
        Assert.DoesNotContain("of precipitation", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_keep_the_english_method_in_an_english_report() =>
        Assert.Equal("Shadow engineering (影子工程法): x.", new Labels(ReportLanguage.En).Method("water_conservation", "Shadow engineering (影子工程法): x."));

    [Theory]
    [InlineData("missing wind_erosion_potential_t_per_ha, wind_erosion_actual_t_per_ha", "缺少输入：wind_erosion_potential_t_per_ha, wind_erosion_actual_t_per_ha")]
    [InlineData("no capacity value for forest in so2_capacity_kg_per_ha.*", "缺少参数：参数表中没有森林的 so2_capacity_kg_per_ha.* 取值（可用 --parameters 设置）。")]
    [InlineData("missing canopy_interception_mm, litter_stock_t_per_ha", "缺少输入：canopy_interception_mm, litter_stock_t_per_ha")]
    [InlineData("missing soil_depth_m, soil_bulk_density_t_per_m3, soil_saturated_water_g_per_kg, soil_water_g_per_kg",
        "缺少输入：soil_depth_m, soil_bulk_density_t_per_m3, soil_saturated_water_g_per_kg, soil_water_g_per_kg")]
    [InlineData("missing nep_t_c_per_ha, or npp_t_c_per_ha with heterotrophic_respiration_t_c_per_ha, or biomass_increment_t_dm_per_ha",
        "缺少输入：nep_t_c_per_ha；或 npp_t_c_per_ha 及 heterotrophic_respiration_t_c_per_ha；或 biomass_increment_t_dm_per_ha")]
    [InlineData("missing soil_erosion_potential_t_per_ha and soil_erosion_actual_t_per_ha, or the RUSLE factors rusle_r, rusle_k, rusle_ls, rusle_c, rusle_p",
        "缺少输入：soil_erosion_potential_t_per_ha 和 soil_erosion_actual_t_per_ha；或 RUSLE 因子 rusle_r, rusle_k, rusle_ls, rusle_c, rusle_p")]
    [InlineData("missing transpiration_mm_hot_days and evapotranspiration_mm (no transpiration_heat_kj_per_m2_day value is set for the ecosystem)",
        "缺少输入：transpiration_mm_hot_days 和 evapotranspiration_mm（该生态系统没有 transpiration_heat_kj_per_m2_day 取值）")]
    [InlineData("missing lake_region (one of tibetan_plateau, eastern_plain): the lake regression's coefficients differ by region",
        "缺少输入：lake_region（取值为 tibetan_plateau、eastern_plain 之一；湖泊回归系数因湖区而异）")]
    [InlineData("missing subtype: flood regulation needs a wetland subtype of lake, reservoir or marsh", "缺少输入：subtype（洪水调蓄需要湿地子类型 lake、reservoir 或 marsh）")]
    [InlineData("missing storm_runoff_mm and no value for runoff_coefficient.forest", "缺少输入：storm_runoff_mm，且参数表中没有 runoff_coefficient.forest 的取值")]
    [InlineData("no value for negative_ion_lifetime_min, negative_ion_threshold_per_cm3: the LY/T 1721-2008 constants could not be confirmed from a source; set them",
        "缺少参数：参数表中没有 negative_ion_lifetime_min, negative_ion_threshold_per_cm3 的取值（LY/T 1721-2008 中的常数未能从出处核实，可用 --parameters 设置）。")]
    [InlineData("no value for species_conservation_cny_per_ha.h_2_to_3: the per-class values of LY/T 1721-2008 are not in the table; set them",
        "缺少参数：参数表中没有 species_conservation_cny_per_ha.h_2_to_3 的取值（LY/T 1721-2008 的分级单价不在参数表中，可用 --parameters 设置）。")]
    [InlineData("no --region-stats given", "未核算：未提供地区统计表（--region-stats）。")]
    [InlineData("no --region-stats given and no wetland purification capacities in the parameters", "未核算：未提供地区统计表（--region-stats），参数表中也没有湿地的净化能力取值。")]
    [InlineData("no discharge_cap rows for region '伊春' and no wetland purification capacities in the parameters",
        "未核算：地区统计表中没有地区“伊春”的 discharge_cap 行，参数表中也没有湿地的净化能力取值。")]
    [InlineData("no emission_cap rows for region '伊春' (the emissions method values each pollutant's emission)",
        "未核算：地区统计表中没有地区“伊春”的 emission_cap 行（排放量法按各污染物的排放量估价）。")]
    [InlineData("no value for pest_control_cost_cny_per_ha.forest", "缺少参数：参数表中没有 pest_control_cost_cny_per_ha.forest 的取值（可用 --parameters 设置）。")]
    [InlineData("no landscape_premium rows for region '伊春' in the region statistics", "未核算：地区统计表中没有地区“伊春”的 landscape_premium 行。")]
    [InlineData("missing transpiration_mm_hot_days (no transpiration_heat_kj_per_m2_day value is set for the ecosystem and the evapotranspiration fallback is not allowed)",
        "缺少输入：transpiration_mm_hot_days（该生态系统没有 transpiration_heat_kj_per_m2_day 取值，且不允许以蒸散量替代）")]
    [InlineData("no value for lake_regression_a.northeast_plain_mountain and lake_regression_b.northeast_plain_mountain: no sourced coefficients for this lake region are in the table; set them",
        "缺少参数：参数表中没有 lake_regression_a.northeast_plain_mountain 和 lake_regression_b.northeast_plain_mountain 的取值（该湖区没有有出处的系数，可用 --parameters 设置）。")]
    public void Should_introduce_a_not_computed_reason_in_chinese(string english, string chinese) =>
        Assert.Equal(chinese, new Labels(ReportLanguage.Zh).Reason(english));

    [Fact]
    public void Should_name_the_methodology_readme_by_its_repository_path_not_a_broken_relative_link()
    {
        // The English report carries the methodology documents as written.
        string html = GepReportHtml.Render(GepReport.Build(new GepReportRequest(fx.GepDir, fx.ZonesDir, fx.PreviousDir, fx.OutDir, ReportLanguage.En, Population: 100_000),
            GepReportFixture.Generated));
        Assert.Contains("What it measures", html, StringComparison.Ordinal);

        Assert.DoesNotContain("../README.md", html, StringComparison.Ordinal);
        Assert.Contains("methodology/README.md", html, StringComparison.Ordinal);
        Assert.Equal("methodology/README.md", Methodology.RepositoryPath("methodology/indicators", "../README.md#worked-example-set"));
        Assert.Equal("samples/README.md", Methodology.RepositoryPath("methodology", "../samples/README.md"));
    }
    [Theory]
    [InlineData("constant", 2024, new string[0], "2024年不变价")]
    [InlineData("current", 2024, new string[0], "当年价（2024年，核算年）")]
    [InlineData(null, null, new[] { "2010", "2011", "2025" }, "原公布价格（价格年份 2010、2011、2025）")]
    public void Should_word_the_price_basis_as_a_statistics_bureau_does(string? basis, int? priceYear, string[] published, string chinese)
    {
        Assert.Equal(chinese, new Labels(ReportLanguage.Zh).PriceBasis(basis, priceYear, published, "constant 2024 prices"));
        Assert.Equal("constant 2024 prices", new Labels(ReportLanguage.En).PriceBasis(basis, priceYear, published, "constant 2024 prices"));
    }

    [Fact]
    public void Should_give_the_price_basis_of_a_constant_price_change_account_in_chinese_only()
    {
        // Given the fixture's two years at 2023 prices (the later one is then at current prices) and their change account
        string fixture = CliRunner.Repo("tests", "EcoLedger.IntegrationTests", "Reports", "Fixture");
        string root = Path.Combine(fx.Root, "constant-prices"), from = Path.Combine(root, "gep-2022"), to = Path.Combine(root, "gep-2023");
        foreach (var (units, year, dir) in new[] { ("units-previous.geojson", "2022", from), ("units.geojson", "2023", to) })
        {
            var run = CliRunner.Run("gep", "compute", "--units", Path.Combine(fixture, units), "--region-stats", Path.Combine(fixture, "region-stats.csv"),
                "--year", year, "--price-year", "2023", "--out", dir);
            Assert.True(run.ExitCode == 0, run.Err);
        }
        Assert.Equal(0, CliRunner.Run("gep", "compare", "--from", from, "--to", to, "--out", Path.Combine(root, "compare")).ExitCode);

        // When the Chinese report is written with the change account
        var files = GepReport.Write(new GepReportRequest(to, null, null, Path.Combine(root, "report"), ReportLanguage.Zh, ChangeDir: Path.Combine(root, "compare")),
            new GepReportFixture.FixedClock(GepReportFixture.Generated));

        // Then both price sentences are Chinese and no English price label is left
        string html = File.ReadAllText(files.Html);
        Assert.Contains("价格基础：当年价（2023年，核算年）；各参数价格已按价格指数换算到同一价格年份，见 methodology/price-conversion.md。", html, StringComparison.Ordinal);
        Assert.Contains("价格基础：2023年不变价。变化 = 数量效应 + 价格效应", html, StringComparison.Ordinal);
        Assert.Contains("alt=\"GEP 变化 2022—2023（2023年不变价）\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("constant 2023 prices", html, StringComparison.Ordinal);
        Assert.DoesNotContain("current prices", html, StringComparison.Ordinal);
        Assert.DoesNotContain("the accounting year", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_give_each_runs_price_basis_in_chinese_when_a_change_account_mixes_them()
    {
        // Given a change account from a run at prices as published (2010, 2011, 2025) to one at current 2024 prices
        string dir = Path.Combine(fx.Root, "mixed-prices");
        Directory.CreateDirectory(dir);
        const string line = "{\"value_from_cny\":0,\"value_to_cny\":0,\"change_cny\":0,\"quantity_effect_cny\":0,\"price_effect_cny\":0,\"not_decomposed_cny\":0}";
        File.WriteAllText(Path.Combine(dir, EcoLedger.Reports.Inputs.ChangeAccountFolder.SummaryFile),
            "{\"from\":{\"year\":2023,\"prices\":\"prices as published (price years 2010, 2011, 2025)\",\"price_year\":null,\"price_years\":[\"2010\",\"2011\",\"2025\"]}," +
            "\"to\":{\"year\":2024,\"prices\":\"current prices (2024, the accounting year)\",\"price_year\":2024,\"price_years\":[\"2024\"]}," +
            "\"prices\":\"prices as published (price years 2010, 2011, 2025) → current prices (2024, the accounting year)\",\"by_indicator\":{},\"total\":" + line + "}");

        // When it is read back
        var ca = EcoLedger.Reports.Inputs.ChangeAccountFolder.Read(dir);

        // Then Chinese names both bases from their parts, and English keeps the label gep compare wrote
        Assert.Equal("原公布价格（价格年份 2010、2011、2025） → 当年价（2024年，核算年）", ca.PricesIn(new Labels(ReportLanguage.Zh)));
        Assert.Equal("prices as published (price years 2010, 2011, 2025) → current prices (2024, the accounting year)", ca.PricesIn(new Labels(ReportLanguage.En)));
    }

    [Fact]
    public void Should_break_a_chart_title_too_wide_for_the_chart_before_its_first_bracket()
    {
        // 20 CJK characters at 15 px are 300 px: wider than 250, so the price basis goes to a second line; 400 px fit on one.
        string title = "一二三四五六七八九十一二三四五（2024年不变价）";
        Assert.Equal("一二三四五六七八九十一二三四五\n（2024年不变价）", EcoLedger.Reports.Charts.ChartFactory.FitTitle(title, 250));
        Assert.Equal(title, EcoLedger.Reports.Charts.ChartFactory.FitTitle(title, 400));
        Assert.Equal("GEP change 2023–2024\n(prices as published (price years 2010, 2011) → constant 2024 prices)",
            EcoLedger.Reports.Charts.ChartFactory.FitTitle("GEP change 2023–2024 (prices as published (price years 2010, 2011) → constant 2024 prices)", 640));
    }
}
