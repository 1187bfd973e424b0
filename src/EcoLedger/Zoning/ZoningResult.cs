using NetTopologySuite.Geometries;

namespace EcoLedger.Zoning;

/// <summary>The choices of one <c>zones mark</c> run.</summary>
/// <param name="Tiers">The density tiers (default: priority at ≥ 5,000,000 yuan/km²).</param>
/// <param name="Basis">Which GEP categories count (default: all).</param>
/// <param name="SnapMetres">Units of the same tier closer than this (in metres) join one zone; 0 = shared edges only.</param>
/// <param name="Crs">The declared CRS of the units, or null to use the file's or detect it.</param>
/// <param name="Fix">Repair invalid polygons with MakeValid instead of failing.</param>
public sealed record ZoningOptions(TierSet Tiers, ValueBasis Basis = ValueBasis.All, double SnapMetres = 0, LayerCrs? Crs = null, bool Fix = false)
{
    /// <summary>The defaults: one priority tier at 5,000,000 yuan/km², all categories, no snap, CRS detected, no fixing.</summary>
    public static ZoningOptions Default { get; } = new(TierSet.Default);
}

/// <summary>One unit with its measured area, GEP value, density and tier.</summary>
/// <param name="UnitId">The unit id.</param>
/// <param name="Region">Region code, when known.</param>
/// <param name="Ecosystem">Ecosystem type, when known.</param>
/// <param name="Geometry">The unit's polygon in the input CRS.</param>
/// <param name="Projected">The polygon in the equal-area plane (metres).</param>
/// <param name="AreaKm2">Equal-area area in km².</param>
/// <param name="ValueCny">GEP value on the run's basis, CNY.</param>
/// <param name="DensityCnyPerKm2">Value / area, yuan per km² (exact decimal division, not rounded).</param>
/// <param name="Tier">The tier reached, or null.</param>
/// <param name="ZoneId">The zone the unit belongs to, or null when it has no tier.</param>
public sealed record ClassifiedUnit(string UnitId, string? Region, string? Ecosystem, Geometry Geometry, Geometry Projected,
    double AreaKm2, decimal ValueCny, decimal DensityCnyPerKm2, Tier? Tier, string? ZoneId);

/// <summary>A dissolved zone: adjacent units of one tier.</summary>
/// <param name="ZoneId">Stable id: the tier name and the first 12 hex digits of the SHA-256 of the sorted member unit ids.</param>
/// <param name="Tier">The members' tier.</param>
/// <param name="Geometry">The dissolved, valid (Multi)Polygon in the input CRS.</param>
/// <param name="AreaKm2">Sum of the members' equal-area areas, km².</param>
/// <param name="ValueCny">Sum of the members' values, CNY.</param>
/// <param name="UnitIds">Member unit ids, sorted (ordinal).</param>
public sealed record Zone(string ZoneId, Tier Tier, Geometry Geometry, double AreaKm2, decimal ValueCny, IReadOnlyList<string> UnitIds)
{
    /// <summary>Mean density: value / area, yuan per km².</summary>
    public decimal DensityCnyPerKm2 => ZoningMath.Density(ValueCny, AreaKm2);
}

/// <summary>The outcome of <c>zones mark</c>: classified units, zones and totals.</summary>
public sealed record ZoningResult(ZoningOptions Options, LayerCrs Crs, IReadOnlyList<ClassifiedUnit> Units, IReadOnlyList<Zone> Zones,
    IReadOnlyList<string> Repairs, IReadOnlyList<InputFile> Inputs)
{
    /// <summary>Total area of all units, km².</summary>
    public double TotalAreaKm2 => Units.Sum(u => u.AreaKm2);

    /// <summary>Total value of all units on the run's basis, CNY.</summary>
    public decimal TotalValueCny => Units.Sum(u => u.ValueCny);

    /// <summary>Area of the top (priority) tier's zones, km².</summary>
    public double PriorityAreaKm2 => Zones.Where(z => z.Tier == Options.Tiers.Top).Sum(z => z.AreaKm2);

    /// <summary>Value of the top (priority) tier's zones, CNY.</summary>
    public decimal PriorityValueCny => Zones.Where(z => z.Tier == Options.Tiers.Top).Sum(z => z.ValueCny);
}

/// <summary>An input file recorded in the output: its name and SHA-256, so a run can be reproduced.</summary>
public sealed record InputFile(string Role, string Name, string Sha256);

internal static class ZoningMath
{
    /// <summary>Value / area in yuan per km²; zero area gives zero (never happens for validated units).</summary>
    public static decimal Density(decimal valueCny, double areaKm2) => areaKm2 > 0 ? valueCny / (decimal)areaKm2 : 0m;
}
