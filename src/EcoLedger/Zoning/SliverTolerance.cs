using System.Globalization;

namespace EcoLedger.Zoning;

/// <summary>
/// How small an overlap between a site and a zone's unit is a sliver (digitising noise along a shared edge) rather than
/// a real overlap: below <see cref="MinSquareMetres"/>, or below <see cref="SiteShare"/> of the smaller of the two polygons
/// (the site and the unit), whichever is larger. A sliver counts as touching: no overlap area, no value at risk.
/// </summary>
/// <remarks>
/// The relative part scales with the polygons whose shared edge makes the noise, and is capped by the unit: measured on the site
/// alone, a plan area of 13,581 km² would hide overlaps up to 1.36 km², whole zones among them. Capped by the unit it overlaps,
/// what is hidden of a zone is below <see cref="SiteShare"/> of each of its units, so below that share of the zone (Σ over its units),
/// or 1 m² per unit where that is larger; an overlap that is a meaningful share of the zone is never hidden, and a site that contains
/// a whole zone overlaps each of its units completely, far above the share (methodology/zoning.md, "Site screening").
/// </remarks>
/// <param name="MinSquareMetres">Absolute tolerance, m² (default 1 m²).</param>
/// <param name="SiteShare">Relative tolerance, as a share of the smaller of the site's and the unit's area (default 0.0001, i.e. 0.01 %).</param>
public sealed record SliverTolerance(double MinSquareMetres = 1, double SiteShare = 0.0001)
{
    /// <summary>1 m² or 0.01 % of the smaller of the site and the unit.</summary>
    public static SliverTolerance Default { get; } = new();

    /// <summary>The tolerance for an overlap of a site of <paramref name="siteSquareMetres"/> with a unit of <paramref name="unitSquareMetres"/>, m².</summary>
    public double For(double siteSquareMetres, double unitSquareMetres) =>
        Math.Max(MinSquareMetres, Math.Min(siteSquareMetres, unitSquareMetres) * SiteShare);

    /// <summary>
    /// The sentence the screening output states, e.g. <c>Overlaps below 1 m² or 0.01 % of the smaller of the site and the zone's unit
    /// are slivers: counted as touching, not as overlap.</c>
    /// </summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Overlaps below {MinSquareMetres:0.###} m² or {SiteShare * 100:0.####} % of the smaller of the site and the zone's unit are slivers: counted as touching, not as overlap.");

    /// <summary>Checks the values: both finite and not negative, the share below 1.</summary>
    /// <exception cref="ZoningInputException">A negative, infinite or too large tolerance.</exception>
    public SliverTolerance Validated()
    {
        if (!double.IsFinite(MinSquareMetres) || MinSquareMetres < 0)
        {
            throw new ZoningInputException("--sliver-m2", null, string.Create(CultureInfo.InvariantCulture,
                $"{MinSquareMetres} is not a tolerance; expected square metres ≥ 0 (default 1)."));
        }
        if (!double.IsFinite(SiteShare) || SiteShare is < 0 or >= 1)
        {
            throw new ZoningInputException("--sliver-pct", null, string.Create(CultureInfo.InvariantCulture,
                $"{SiteShare * 100} is not a tolerance; expected a percentage of the smaller of the site's and the unit's area from 0 to below 100 (default 0.01)."));
        }
        return this;
    }
}
