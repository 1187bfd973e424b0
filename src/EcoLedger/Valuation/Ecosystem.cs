namespace EcoLedger.Valuation;

/// <summary>The ecosystem type of an accounting unit.</summary>
public enum Ecosystem
{
    /// <summary>Forest (乔木林).</summary>
    Forest,

    /// <summary>Shrubland (灌丛).</summary>
    Shrub,

    /// <summary>Grassland (草地).</summary>
    Grassland,

    /// <summary>Wetland (湿地), including open water.</summary>
    Wetland,

    /// <summary>
    /// Other land of the accounting region (其他: farmland, urban and built-up land, bare land), so that the units' area
    /// reconciles with the region's official land area. Only the indicators that list it apply (material products that
    /// name it in <c>supplied_by</c>); no regulating or cultural service is computed for it.
    /// </summary>
    Other,
}

/// <summary>Optional finer type: forest coniferous/broadleaf/mixed; wetland marsh/lake/river/reservoir; other farmland/urban/bare_land.</summary>
public enum EcosystemSubtype
{
    /// <summary>No subtype given.</summary>
    None,

    /// <summary>Coniferous forest.</summary>
    Coniferous,

    /// <summary>Broadleaf forest.</summary>
    Broadleaf,

    /// <summary>Mixed coniferous–broadleaf forest.</summary>
    Mixed,

    /// <summary>Marsh (沼泽).</summary>
    Marsh,

    /// <summary>Lake (湖泊).</summary>
    Lake,

    /// <summary>River (河流).</summary>
    River,

    /// <summary>Reservoir (水库).</summary>
    Reservoir,

    /// <summary>Farmland (耕地), of <see cref="Ecosystem.Other"/>.</summary>
    Farmland,

    /// <summary>Urban and built-up land (城镇建设用地), of <see cref="Ecosystem.Other"/>.</summary>
    Urban,

    /// <summary>Bare land (裸地), of <see cref="Ecosystem.Other"/>.</summary>
    BareLand,
}

/// <summary>The three GEP service categories.</summary>
public enum ServiceCategory
{
    /// <summary>Material (provisioning) products.</summary>
    Provisioning,

    /// <summary>Regulating services.</summary>
    Regulating,

    /// <summary>Cultural services.</summary>
    Cultural,
}

/// <summary>Codes as they appear in input and output files.</summary>
public static class EcosystemCodes
{
    private static readonly Dictionary<string, Ecosystem> Ecosystems = new(StringComparer.Ordinal)
    {
        ["forest"] = Ecosystem.Forest,
        ["shrub"] = Ecosystem.Shrub,
        ["grassland"] = Ecosystem.Grassland,
        ["wetland"] = Ecosystem.Wetland,
        ["other"] = Ecosystem.Other,
    };

    private static readonly Dictionary<string, EcosystemSubtype> Subtypes = new(StringComparer.Ordinal)
    {
        ["coniferous"] = EcosystemSubtype.Coniferous,
        ["broadleaf"] = EcosystemSubtype.Broadleaf,
        ["mixed"] = EcosystemSubtype.Mixed,
        ["marsh"] = EcosystemSubtype.Marsh,
        ["lake"] = EcosystemSubtype.Lake,
        ["river"] = EcosystemSubtype.River,
        ["reservoir"] = EcosystemSubtype.Reservoir,
        ["farmland"] = EcosystemSubtype.Farmland,
        ["urban"] = EcosystemSubtype.Urban,
        ["bare_land"] = EcosystemSubtype.BareLand,
    };

    /// <summary>All ecosystems in reporting order.</summary>
    public static IReadOnlyList<Ecosystem> All { get; } = [Ecosystem.Forest, Ecosystem.Shrub, Ecosystem.Grassland, Ecosystem.Wetland, Ecosystem.Other];

    /// <summary>The natural ecosystems (all but <see cref="Ecosystem.Other"/>): a material product without <c>supplied_by</c> is allocated over them.</summary>
    public static IReadOnlyList<Ecosystem> Natural { get; } = [Ecosystem.Forest, Ecosystem.Shrub, Ecosystem.Grassland, Ecosystem.Wetland];

    /// <summary>The file code (<c>forest</c>, <c>shrub</c>, <c>grassland</c>, <c>wetland</c>, <c>other</c>).</summary>
    public static string Code(this Ecosystem e) => e switch
    {
        Ecosystem.Forest => "forest",
        Ecosystem.Shrub => "shrub",
        Ecosystem.Grassland => "grassland",
        Ecosystem.Wetland => "wetland",
        Ecosystem.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Unknown ecosystem."),
    };

    /// <summary>The file code of a subtype; empty for <see cref="EcosystemSubtype.None"/>.</summary>
    public static string Code(this EcosystemSubtype s) => s switch
    {
        EcosystemSubtype.None => "",
        EcosystemSubtype.Coniferous => "coniferous",
        EcosystemSubtype.Broadleaf => "broadleaf",
        EcosystemSubtype.Mixed => "mixed",
        EcosystemSubtype.Marsh => "marsh",
        EcosystemSubtype.Lake => "lake",
        EcosystemSubtype.River => "river",
        EcosystemSubtype.Reservoir => "reservoir",
        EcosystemSubtype.Farmland => "farmland",
        EcosystemSubtype.Urban => "urban",
        EcosystemSubtype.BareLand => "bare_land",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, "Unknown subtype."),
    };

    /// <summary>Parses an ecosystem code (exact, lower case).</summary>
    public static bool TryParseEcosystem(string text, out Ecosystem ecosystem) => Ecosystems.TryGetValue(text, out ecosystem);

    /// <summary>Parses a subtype code (exact, lower case).</summary>
    public static bool TryParseSubtype(string text, out EcosystemSubtype subtype) => Subtypes.TryGetValue(text, out subtype);

    /// <summary>The subtypes allowed for an ecosystem (forest: coniferous, broadleaf, mixed; wetland: marsh, lake, river, reservoir; other: farmland, urban, bare_land).</summary>
    public static IReadOnlyList<EcosystemSubtype> AllowedSubtypes(Ecosystem e) => e switch
    {
        Ecosystem.Forest => ForestSubtypes,
        Ecosystem.Wetland => WetlandSubtypes,
        Ecosystem.Other => OtherSubtypes,
        _ => [],
    };

    // Built once: the reader asks for every unit.
    private static readonly EcosystemSubtype[] ForestSubtypes = [EcosystemSubtype.Coniferous, EcosystemSubtype.Broadleaf, EcosystemSubtype.Mixed];
    private static readonly EcosystemSubtype[] WetlandSubtypes = [EcosystemSubtype.Marsh, EcosystemSubtype.Lake, EcosystemSubtype.River, EcosystemSubtype.Reservoir];
    private static readonly EcosystemSubtype[] OtherSubtypes = [EcosystemSubtype.Farmland, EcosystemSubtype.Urban, EcosystemSubtype.BareLand];

    /// <summary>The valid ecosystem codes, for messages.</summary>
    public static string ValidEcosystemList => "forest, shrub, grassland, wetland, other";

    /// <summary>
    /// The code a user probably meant by <paramref name="text"/>, which is not one: the code in other letter case (<c>Forest</c>), or
    /// the ecosystem's Chinese name (<c>森林</c>, as the reports print it; <c>其他</c> for other land); null when there is none. For
    /// messages only: codes stay exact, so that one file never spells one ecosystem two ways.
    /// </summary>
    public static string? MeantCode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (ChineseNames.TryGetValue(trimmed, out var e))
        {
            return e.Code();
        }
        foreach (var x in All)
        {
            if (string.Equals(x.Code(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return x.Code();
            }
        }
        return null;
    }

    /// <summary><c>got '森林'</c> with the code meant, when there is one (<see cref="MeantCode"/>): <c> (森林 is written forest)</c>; else empty.</summary>
    public static string MeantHint(string text) => MeantCode(text) is { } code ? $" ({text.Trim()} is written {code})" : "";

    private static readonly Dictionary<string, Ecosystem> ChineseNames = new(StringComparer.Ordinal)
    {
        ["森林"] = Ecosystem.Forest,
        ["灌丛"] = Ecosystem.Shrub,
        ["草地"] = Ecosystem.Grassland,
        ["湿地"] = Ecosystem.Wetland,
        ["其他"] = Ecosystem.Other,
        ["其它"] = Ecosystem.Other,
    };
}
