using System.Globalization;

namespace EcoLedger.Zoning;

/// <summary>
/// How small an overlap between a site and a zone's unit is a sliver (digitising noise along a shared edge) rather than
/// a real overlap: below <see cref="MinSquareMetres"/> or below <see cref="SiteShare"/> of the site's area, whichever is
/// larger. A sliver counts as touching: no overlap area, no value at risk.
/// </summary>
/// <param name="MinSquareMetres">Absolute tolerance, m² (default 1 m²).</param>
/// <param name="SiteShare">Relative tolerance, as a share of the site's area (default 0.0001, i.e. 0.01 %).</param>
public sealed record SliverTolerance(double MinSquareMetres = 1, double SiteShare = 0.0001)
{
    /// <summary>1 m² or 0.01 % of the site.</summary>
    public static SliverTolerance Default { get; } = new();

    /// <summary>The tolerance for a site of <paramref name="siteSquareMetres"/>, m².</summary>
    public double For(double siteSquareMetres) => Math.Max(MinSquareMetres, siteSquareMetres * SiteShare);

    /// <summary>The sentence the screening output states, e.g. <c>Overlaps below 1 m² or 0.01 % of the site's area are slivers: counted as touching, not as overlap.</c></summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Overlaps below {MinSquareMetres:0.###} m² or {SiteShare * 100:0.####} % of the site's area are slivers: counted as touching, not as overlap.");

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
                $"{SiteShare * 100} is not a tolerance; expected a percentage of the site's area from 0 to below 100 (default 0.01)."));
        }
        return this;
    }
}
