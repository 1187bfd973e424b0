namespace EcoLedger.Valuation.Accounting;

/// <summary>
/// A named accounting method: the guide a bureau follows, with the indicators it counts. The profile and its version
/// are recorded in <c>gep-summary.json</c>. The indicator lists and their differences are tabled, with what is and is not
/// verified, in <c>methodology/profiles.md</c>.
/// </summary>
public sealed class MethodProfile
{
    private readonly HashSet<string> _indicators;

    private MethodProfile(string code, string title, string version, string issuer, IEnumerable<string> indicators)
    {
        Code = code;
        Title = title;
        Version = version;
        Issuer = issuer;
        _indicators = new HashSet<string>(indicators, StringComparer.Ordinal);
    }

    /// <summary>The code given to <c>--method</c>, e.g. <c>spec-2022</c>.</summary>
    public string Code { get; }

    /// <summary>The document's title.</summary>
    public string Title { get; }

    /// <summary>The document's version or number.</summary>
    public string Version { get; }

    /// <summary>Who issued it.</summary>
    public string Issuer { get; }

    /// <summary>The indicator codes the profile counts.</summary>
    public IReadOnlyCollection<string> Indicators => _indicators;

    /// <summary>True when the profile counts the indicator.</summary>
    public bool Includes(string indicatorCode) => _indicators.Contains(indicatorCode);

    /// <summary>
    /// 生态产品总值核算规范（试行）, NDRC and the National Bureau of Statistics, 发改基础〔2022〕481号 (2022): carbon
    /// sequestration without a separate oxygen release item. The default profile.
    /// </summary>
    public static MethodProfile Spec2022 { get; } = new(
        "spec-2022", "生态产品总值核算规范（试行）", "2022 (发改基础〔2022〕481号)", "NDRC; National Bureau of Statistics",
        ["material_products", "water_conservation", "soil_retention", "flood_regulation", "sand_fixation", "carbon_sequestration",
         "air_purification", "water_purification", "climate_regulation", "recreation", "landscape_value"]);

    /// <summary>
    /// 陆地生态系统生产总值（GEP）核算技术指南, Ministry of Ecology and Environment (2020): counts oxygen release
    /// (氧气提供) as well as carbon sequestration.
    /// </summary>
    public static MethodProfile Guide2020 { get; } = new(
        "guide-2020", "陆地生态系统生产总值（GEP）核算技术指南", "2020", "Ministry of Ecology and Environment",
        ["material_products", "water_conservation", "soil_retention", "flood_regulation", "sand_fixation", "carbon_sequestration",
         "oxygen_release", "air_purification", "water_purification", "climate_regulation", "recreation", "landscape_value"]);

    /// <summary>Every profile, default first.</summary>
    public static IReadOnlyList<MethodProfile> All { get; } = [Spec2022, Guide2020];

    /// <summary>The default: the 2022 specification.</summary>
    public static MethodProfile Default => Spec2022;

    /// <summary>Finds a profile by code.</summary>
    public static bool TryParse(string code, out MethodProfile profile)
    {
        profile = All.FirstOrDefault(p => p.Code == code)!;
        return profile is not null;
    }

    /// <summary>The valid codes, for messages.</summary>
    public static string ValidCodes => string.Join(", ", All.Select(p => p.Code));
}

/// <summary>How air purification counts a pollutant.</summary>
public enum AirPurificationMethod
{
    /// <summary>
    /// Capacity × area, capped by the region's emission where an <c>emission_cap</c> row is given (min of the two); a
    /// pollutant with an emission row but no capacity for any unit of the region is counted as the emission; a pollutant
    /// with neither is not computed. The default.
    /// </summary>
    CapacityCapped,

    /// <summary>The purified amount of each pollutant is the region's emission (G17); a pollutant without an emission row is not computed.</summary>
    Emissions,
}

/// <summary>The method choices of one run.</summary>
/// <param name="Profile">The guide followed.</param>
/// <param name="AllowEtFallback">Let climate regulation derive transpiration heat from all of ET (EPP = ET/365 × latent heat) when a
/// unit has no transpiration input; each such unit carries a warning.</param>
/// <param name="AirMethod">How air purification counts pollutants.</param>
public sealed record GepOptions(MethodProfile Profile, bool AllowEtFallback = false, AirPurificationMethod AirMethod = AirPurificationMethod.CapacityCapped)
{
    /// <summary>The default choices: the 2022 specification, no ET fallback, capacity capped by emissions.</summary>
    public static GepOptions Default { get; } = new(MethodProfile.Default);

    /// <summary>
    /// Indicators counted on the user's explicit request (<c>gep compute --include</c>) in addition to the profile's: the
    /// items no profile counts because we could not confirm that its guide lists them (<see cref="OptInIndicators"/>).
    /// Recorded under <c>method.opted_in</c> in the summary.
    /// </summary>
    public IReadOnlyList<string> OptIn { get; init; } = [];

    /// <summary>True when the run counts the indicator: the profile counts it or the user opted in.</summary>
    public bool Counts(string indicatorCode) => Profile.Includes(indicatorCode) || OptIn.Contains(indicatorCode, StringComparer.Ordinal);

    /// <summary>
    /// The indicators that can be counted only by opt-in (methodology/profiles.md): species conservation and negative air
    /// ions (LY/T 1721-2008 forest items), pest and disease control (G17), and vegetation flood storage and marsh soil
    /// storage (formulas from the literature, not from the guides' texts).
    /// </summary>
    public static IReadOnlyList<string> OptInIndicators { get; } =
        ["pest_control", "species_conservation", "negative_air_ions", "vegetation_flood_storage", "marsh_soil_storage"];

    /// <summary>The file code of the air method.</summary>
    public static string Code(AirPurificationMethod m) => m switch
    {
        AirPurificationMethod.CapacityCapped => "capacity-capped",
        AirPurificationMethod.Emissions => "emissions",
        _ => throw new ArgumentOutOfRangeException(nameof(m), m, "Unknown air purification method."),
    };
}
