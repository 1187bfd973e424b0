using System.CommandLine;
using EcoLedger.Reports;
using EcoLedger.Valuation.Indicators;

namespace EcoLedger.Cli.Hosting;

/// <summary>
/// Labels of the CLI's own tables in English (the default) or Chinese (<c>--lang zh</c>). English output keeps the codes
/// scripts read (indicator and category codes); Chinese output names indicators from the indicator catalogue
/// (<see cref="GepIndicator.NameZh"/>) and categories and ecosystems from the report label table.
/// </summary>
public sealed class CliLabels
{
    private static readonly Dictionary<string, (string Zh, string En)> Table = new(StringComparer.Ordinal)
    {
        ["gep.title"] = ("GEP 核算：{0} 个单元，{1} km²", "GEP of {0} units, {1} km²"),
        ["indicator"] = ("指标", "indicator"),
        ["category"] = ("类别", "category"),
        ["quantity"] = ("实物量", "quantity"),
        ["unit"] = ("单位", "unit"),
        ["value_yi"] = ("价值（亿元）", "value (亿 CNY)"),
        ["share"] = ("占比", "share"),
        ["not_computed"] = ("未核算", "not computed"),
        ["not_applicable"] = ("不适用", "not applicable"),
        ["units"] = ("个单元", "units"),
        ["yi"] = ("亿元", "亿 CNY"),
        ["value_wan"] = ("价值（万元）", "value (万 CNY)"),
        ["wan"] = ("万元", "万 CNY"),
        ["density"] = ("价值密度", "density"),
        ["not_computed_line"] = ("未核算：{0} 个单元 × 指标（{1} 种原因，见 gep-not-computed.csv）", "not computed: {0} unit × indicator ({1} reason{2}; see gep-not-computed.csv)"),
        ["written"] = ("已写入 {0}", "written to {0}"),
        ["method_line"] = ("核算规范：{1}（{2}；配置 {0}）", "method: {0} ({1}, {2})"),
        ["opted_in"] = ("；另计入：{0}", "; opted in: {0}"),
        ["prices_line"] = ("价格基础：{0}（{1} 指数；换算系数见 gep-summary.json 的 prices）", "prices: {0} ({1}; factors in gep-summary.json under prices)"),
        ["interval_line"] = ("GEP 90% 区间：{0} – {1} {2}（P5–P95，{3} 次抽样，种子 {4}；见 gep-uncertainty.csv）", "GEP 90% interval: {0} – {1} {2} (P5–P95 of {3} draws, seed {4}; gep-uncertainty.csv)"),
        ["price_years_line"] = ("价格年份：{0}", "price years: {0}"),
        ["price_years_mixed"] = ("（混用：本核算加总了不同年份的价格，尚未换算到同一价格年，见 gep-summary.json 的 price_years）", " (mixed: the account adds prices of different years; see price_years in gep-summary.json)"),
        ["parameters"] = ("参数", "parameters"),
        ["method"] = ("方法", "method"),
        ["project"] = ("项目", "project"),
        ["vintage"] = ("年份", "vintage"),
        ["issued"] = ("签发", "issued"),
        ["buffer"] = ("缓冲池", "buffer"),
        ["active"] = ("可用", "active"),
        ["pledged"] = ("质押", "pledged"),
        ["frozen"] = ("冻结", "frozen"),
        ["retired"] = ("注销", "retired"),
        ["cancelled"] = ("作废", "cancelled"),
        ["check"] = ("核对", "check"),
        ["holder"] = ("持有人", "holder"),
        ["total"] = ("合计", "total"),
        ["posted"] = ("过账余额", "posted"),
    };

    private readonly Labels _report;

    /// <summary>Labels in one language.</summary>
    public CliLabels(ReportLanguage language)
    {
        Language = language;
        _report = new Labels(language);
    }

    /// <summary>English labels (the CLI's default).</summary>
    public static CliLabels En { get; } = new(ReportLanguage.En);

    /// <summary>The language.</summary>
    public ReportLanguage Language { get; }

    /// <summary>True for Chinese.</summary>
    public bool IsZh => Language == ReportLanguage.Zh;

    /// <summary>Every key (tests check both languages are filled in).</summary>
    public static IEnumerable<string> Keys => Table.Keys;

    /// <summary>The <c>--lang</c> option of a CLI command (default en).</summary>
    public static Option<string> LangOption()
    {
        var lang = new Option<string>("--lang") { Description = "Language of the table: en (default) or zh.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "zh");
        return lang;
    }

    /// <summary>The labels for a parsed <c>--lang</c> value.</summary>
    public static CliLabels For(string? lang) => lang == "zh" ? new CliLabels(ReportLanguage.Zh) : En;

    /// <summary>The label for a key.</summary>
    public string this[string key] => IsZh ? Table[key].Zh : Table[key].En;

    /// <summary>The label with its placeholders filled.</summary>
    public string Format(string key, params object[] args) => string.Format(System.Globalization.CultureInfo.InvariantCulture, this[key], args);

    /// <summary>A run's price basis: the run's English label, or in Chinese the report's wording (<see cref="Labels.PriceBasis"/>).</summary>
    public string PriceBasis(string? basis, int? priceYear, string english) => _report.PriceBasis(basis, priceYear, [], english);

    /// <summary>An indicator as the table shows it: its code in English, its Chinese name in Chinese.</summary>
    public string Indicator(GepIndicator i) => IsZh ? i.NameZh : i.Code;

    /// <summary>A service category: its code in English, its Chinese name in Chinese.</summary>
    public string Category(string code) => IsZh ? _report.Category(code) : code;

    /// <summary>An ecosystem: its code in English, its Chinese name in Chinese.</summary>
    public string Ecosystem(string code) => IsZh ? _report.Ecosystem(code) : code;
}
