namespace EcoLedger.Valuation.Indicators;

/// <summary>
/// An indicator valued at region level from the region statistics and allocated to the region's units so that the
/// unit values add up exactly to the region total (see <see cref="EcoLedger.Money.ProportionalAllocator"/>).
/// </summary>
public abstract class RegionAllocatedIndicator : GepIndicator
{
    /// <inheritdoc />
    public override IReadOnlyList<MonitoringField> Inputs => [];
}

/// <summary>Material products (物质产品): outputs of agriculture, forestry, husbandry, fishery, water supply and hydropower
/// at market value, allocated to units by the area of the ecosystems that supply them.</summary>
/// <remarks>V_region = Σ Q_i × p_i (each item rounded to the fen); unit share = V_item × A_unit / A_supplying ecosystems.
/// Source: G17 (prices), 生态产品总值核算规范 2022. See methodology/indicators/material_products.md.</remarks>
public sealed class MaterialProducts : RegionAllocatedIndicator
{
    public override string Code => "material_products";
    public override string NameEn => "Material products";
    public override string NameZh => "物质产品";
    public override ServiceCategory Category => ServiceCategory.Provisioning;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Forest, Ecosystem.Shrub, Ecosystem.Grassland, Ecosystem.Wetland, Ecosystem.Other];
    public override string QuantityUnit => "";
    public override string Formula => "V = Σ Q_i × p_i per region (statistics), allocated to units by area of the supplying ecosystems (supplied_by; natural ecosystems when empty, other only when named)";
    public override IReadOnlyList<string> ParameterKeys { get; } = [];

    /// <inheritdoc />
    public override string InputGroups => "region statistics rows kind material_product: quantity and price_cny_per_unit required, supplied_by optional";

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } = ["生态产品总值核算规范（试行） (2022), 物质供给", "G17: 白玛卓嘎 et al. 2017, 生态学报 37(19) (water and hydropower prices)"];
}

/// <summary>Recreation (休闲旅游): visits valued by the travel-cost method, allocated to units by their visits, or by area
/// when no unit of the region records visits.</summary>
/// <remarks>V_region = N × (travel expense + time cost) per visit. Source: J17 (52.47 + 343.33 CNY/visit).
/// See methodology/indicators/recreation.md.</remarks>
public sealed class Recreation : RegionAllocatedIndicator
{
    public override string Code => "recreation";
    public override string NameEn => "Recreation";
    public override string NameZh => "休闲旅游";
    public override ServiceCategory Category => ServiceCategory.Cultural;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Forest, Ecosystem.Shrub, Ecosystem.Grassland, Ecosystem.Wetland];
    public override string QuantityUnit => "visits";
    public override string Formula => "V = N × travel cost per visit per region, allocated to units by visits_per_year (else by area)";
    public override IReadOnlyList<string> ParameterKeys { get; } = ["recreation_cost_cny_per_visit"];
    public override IReadOnlyList<MonitoringField> Inputs => [MonitoringField.VisitsPerYear];

    /// <inheritdoc />
    public override string InputGroups => "region statistics row kind recreation (visits) required, price optional; visits_per_year per unit optional (allocation weights, else area)";

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } = ["J17: 江波 et al. 2017, 生态学报 37(8) (52.47 + 343.33 CNY/visit)"];
}

/// <summary>Landscape value (景观价值 / 景观增值): the rise in value of land or housing next to an ecosystem, valued by hedonic
/// pricing from region statistics, allocated to the units of the ecosystems that provide the landscape by area.</summary>
/// <remarks>V_region = Σ A_i (m² of land or floor area benefiting) × premium_i (CNY/m²), each row rounded to the fen;
/// unit share = V_i × A_unit / A_providing ecosystems. No default premium exists: every figure comes from the region
/// statistics (kind <c>landscape_premium</c>). Sources: 陆地生态系统生产总值（GEP）核算技术指南 (2020) and 生态产品总值核算规范
/// （试行） (2022), cultural services; methodology/REFERENCE.md ("floor area benefiting × hedonic price premium").
/// See methodology/indicators/landscape_value.md.</remarks>
public sealed class LandscapeValue : RegionAllocatedIndicator
{
    public override string Code => "landscape_value";
    public override string NameEn => "Landscape value";
    public override string NameZh => "景观价值";
    public override ServiceCategory Category => ServiceCategory.Cultural;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Forest, Ecosystem.Shrub, Ecosystem.Grassland, Ecosystem.Wetland];
    public override string QuantityUnit => "m2";
    public override string Formula => "V = Σ A_benefiting,i (m²) × premium_i (CNY/m²) per region (statistics, kind landscape_premium), allocated by area of the providing ecosystems (supplied_by)";
    public override IReadOnlyList<string> ParameterKeys { get; } = [];

    /// <inheritdoc />
    public override string InputGroups =>
        "region statistics rows kind landscape_premium: quantity = benefiting land or floor area in m2, price_cny_per_unit = premium in CNY/m2 (both required), supplied_by = providing ecosystems (optional; natural ecosystems when empty)";

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } =
        ["陆地生态系统生产总值（GEP）核算技术指南 (2020), 景观增值", "生态产品总值核算规范（试行） (2022), 景观价值", "methodology/REFERENCE.md, landscape value row"];
}

/// <summary>The indicator catalogue in reporting order.</summary>
public static class GepIndicators
{
    /// <summary>Every indicator: provisioning, regulating, cultural.</summary>
    public static IReadOnlyList<GepIndicator> All { get; } =
    [
        new MaterialProducts(),
        new WaterConservation(),
        new SoilRetention(),
        new FloodRegulation(),
        new SandFixation(),
        new CarbonSequestration(),
        new OxygenRelease(),
        new AirPurification(),
        new WaterPurification(),
        new ClimateRegulation(),
        new PestControl(),
        new SpeciesConservation(),
        new NegativeAirIons(),
        new VegetationFloodStorage(),
        new MarshSoilStorage(),
        new Recreation(),
        new LandscapeValue(),
    ];

    private static readonly string[] Codes = All.Select(i => i.Code).ToArray();

    /// <summary>Finds an indicator by code.</summary>
    public static GepIndicator ByCode(string code) => All.First(i => i.Code == code);

    /// <summary>
    /// The position of an indicator in <see cref="All"/>, or -1. Codes handed around by the engine are the indicators'
    /// own string instances, so a reference comparison finds them without hashing.
    /// </summary>
    public static int IndexOf(string code) => ByReference.TryGet(code, out int i) ? i : Array.IndexOf(Codes, code);

    // Filled once, then only read (the engine's threads look codes up concurrently).
    private static readonly IO.StringSlots<int> ByReference = IndexCodes();

    private static IO.StringSlots<int> IndexCodes()
    {
        var slots = new IO.StringSlots<int>();
        for (int i = Codes.Length - 1; i >= 0; i--)
        {
            slots.Set(Codes[i], i);
        }
        return slots;
    }
}
