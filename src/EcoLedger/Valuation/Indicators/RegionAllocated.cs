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
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Forest, Ecosystem.Shrub, Ecosystem.Grassland, Ecosystem.Wetland];
    public override string QuantityUnit => "";
    public override string Formula => "V = Σ Q_i × p_i per region (statistics), allocated to units by area of the supplying ecosystems";
    public override IReadOnlyList<string> ParameterKeys { get; } = [];
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
        new Recreation(),
    ];

    private static readonly string[] Codes = All.Select(i => i.Code).ToArray();

    /// <summary>Finds an indicator by code.</summary>
    public static GepIndicator ByCode(string code) => All.First(i => i.Code == code);

    /// <summary>
    /// The position of an indicator in <see cref="All"/>, or -1. Codes handed around by the engine are the indicators'
    /// own string instances, so a reference comparison finds them without hashing.
    /// </summary>
    public static int IndexOf(string code)
    {
        var codes = Codes;
        for (int i = 0; i < codes.Length; i++)
        {
            if (ReferenceEquals(codes[i], code))
            {
                return i;
            }
        }
        return Array.IndexOf(codes, code);
    }
}
