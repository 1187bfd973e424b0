using EcoLedger.Ledger;
using EcoLedger.Spatial;
using NetTopologySuite.Geometries;

namespace EcoLedger.Storage;

public sealed partial class LedgerDatabase
{
    /// <summary>
    /// "Units in a polygon": the project units whose registered outline intersects <paramref name="area"/> (CGCS2000 lon/lat,
    /// SRID 4490), with each unit's area and the area it shares with the polygon, ordered by project and unit. Runs in PostGIS
    /// (GiST index on <c>project_units.geom</c>) on PostgreSQL, in memory with NTS on SQLite; the results are the same.
    /// </summary>
    /// <exception cref="LedgerException">The area is not a valid (multi)polygon in EPSG:4490.</exception>
    public IReadOnlyList<UnitOverlap> UnitsIntersecting(Geometry area, string? projectId = null)
    {
        ArgumentNullException.ThrowIfNull(area);
        try
        {
            UnitsInArea.RequireArea(area);
        }
        catch (ArgumentException e)
        {
            throw new LedgerException(e.Message.Split(" (Parameter", 2)[0]);
        }
        return InReadSnapshot(() => _provider.UnitsIntersecting(_connection, area, projectId));
    }

    /// <summary>This store's polygon overlay (PostGIS on PostgreSQL, NTS in memory on SQLite), on this database's connection.</summary>
    public IPolygonOverlay Overlay() => _provider.Overlay(_connection);
}
