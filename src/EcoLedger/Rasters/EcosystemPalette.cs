using EcoLedger.Valuation;

namespace EcoLedger.Rasters;

/// <summary>
/// EcoLedger's own colours for the ecosystem a land-cover class is accounted as: what a preview shows for a class whose
/// table gives no colour (no producer legend could be cited, or a bureau's own table without a <c>colour</c> column).
/// They are a fixed convention, not a producer's legend; methodology/parameters/landcover/README.md lists them.
/// </summary>
/// <remarks>
/// Forest dark green, shrub olive, grassland light green, wetland blues (a river, lake or reservoir darker than a marsh, so
/// a river is seen inside its marsh), farmland wheat, built-up red, bare land sand, and light grey for a class that is not
/// accounted (sea, no data). A forest subtype keeps the forest colour: the shipped products do not split forest.
/// </remarks>
public static class EcosystemPalette
{
    /// <summary>A pixel value the class table does not list (mid grey, darker than the not-accounted grey).</summary>
    public static readonly RgbColour Unlisted = new(0x80, 0x80, 0x80);

    /// <summary>The colour of an ecosystem and subtype; <paramref name="ecosystem"/> null is a class that is not accounted.</summary>
    public static RgbColour For(Ecosystem? ecosystem, EcosystemSubtype subtype) => (ecosystem, subtype) switch
    {
        (null, _) => new(0xd9, 0xd9, 0xd9),
        (Ecosystem.Forest, _) => new(0x1b, 0x5e, 0x20),
        (Ecosystem.Shrub, _) => new(0x8a, 0x9a, 0x2b),
        (Ecosystem.Grassland, _) => new(0xa5, 0xd6, 0x7a),
        (Ecosystem.Wetland, EcosystemSubtype.Marsh) => new(0x4d, 0xb6, 0xac),
        (Ecosystem.Wetland, EcosystemSubtype.River) => new(0x1e, 0x88, 0xe5),
        (Ecosystem.Wetland, EcosystemSubtype.Lake) => new(0x15, 0x65, 0xc0),
        (Ecosystem.Wetland, EcosystemSubtype.Reservoir) => new(0x28, 0x35, 0x93),
        (Ecosystem.Wetland, _) => new(0x42, 0x7a, 0xc8),
        (Ecosystem.Other, EcosystemSubtype.Farmland) => new(0xf3, 0xd2, 0x6b),
        (Ecosystem.Other, EcosystemSubtype.Urban) => new(0xd3, 0x2f, 0x2f),
        (Ecosystem.Other, EcosystemSubtype.BareLand) => new(0xd7, 0xc2, 0x9e),
        (Ecosystem.Other, _) => new(0xbd, 0xbd, 0xbd),
        _ => throw new ArgumentOutOfRangeException(nameof(ecosystem), ecosystem, "expected an Ecosystem value or null"),
    };
}
