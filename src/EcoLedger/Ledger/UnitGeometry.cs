using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace EcoLedger.Ledger;

/// <summary>
/// The outline of one accounting unit of a project, as registered: a valid (multi)polygon in CGCS2000 lon/lat
/// (<paramref name="Srid"/> 4490, <see cref="Spatial.UnitsInArea.Srid"/>; one CRS for every stored outline, so that PostGIS can
/// type the column and index it, and a query never mixes datums), as ISO WKB. It travels in the <c>project.created</c> event,
/// so the replay rebuilds it byte for byte.
/// </summary>
/// <param name="Unit">The unit id (one of the project's units).</param>
/// <param name="Srid">EPSG code of the coordinates.</param>
/// <param name="Wkb">The polygon or multipolygon as ISO WKB (2D, little-endian as NTS writes it).</param>
public sealed record UnitGeometry(string Unit, int Srid, byte[] Wkb)
{
    /// <summary>Builds a unit outline from an NTS polygon.</summary>
    /// <exception cref="LedgerException">Not a non-empty valid polygon or multipolygon, or no SRID.</exception>
    public static UnitGeometry From(string unit, int srid, Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var g = geometry.Copy();
        g.SRID = 0;
        var outline = new UnitGeometry(unit, srid, new WKBWriter(ByteOrder.LittleEndian, handleSRID: false, emitZ: false, emitM: false).Write(g));
        outline.Validate();
        return outline;
    }

    /// <summary>The geometry, with <see cref="Geometry.SRID"/> set.</summary>
    public Geometry ToGeometry()
    {
        var g = new WKBReader().Read(Wkb);
        g.SRID = Srid;
        return g;
    }

    /// <summary>Extended WKB (PostGIS's EWKB: the SRID inside), the form stored in <c>project_units.geometry_wkb</c>.</summary>
    public byte[] ToEwkb() => ToEwkb(ToGeometry());

    /// <summary>Extended WKB of a geometry with its SRID.</summary>
    public static byte[] ToEwkb(Geometry geometry) =>
        new WKBWriter(ByteOrder.LittleEndian, handleSRID: true, emitZ: false, emitM: false).Write(geometry);

    /// <summary>Reads a stored <c>geometry_wkb</c> (EWKB) back, SRID included.</summary>
    public static Geometry FromEwkb(byte[] ewkb) => new WKBReader(NetTopologySuite.NtsGeometryServices.Instance) { HandleSRID = true }.Read(ewkb);

    /// <summary>Checks the outline: a polygon or multipolygon, non-empty, valid (OGC), in EPSG:4490.</summary>
    /// <exception cref="LedgerException">Names the unit and what is wrong.</exception>
    public void Validate()
    {
        if (Srid != Spatial.UnitsInArea.Srid)
        {
            throw new LedgerException($"Unit '{Unit}': its geometry is in EPSG:{Srid}; unit outlines are stored in CGCS2000 lon/lat (EPSG:{Spatial.UnitsInArea.Srid}).");
        }
        Geometry g;
        try
        {
            g = new WKBReader().Read(Wkb);
        }
        catch (Exception e) when (e is ParseException or ArgumentException or IOException)
        {
            throw new LedgerException($"Unit '{Unit}': its geometry is not readable WKB ({e.Message.TrimEnd('.')}).");
        }
        if (g is not (Polygon or MultiPolygon) || g.IsEmpty)
        {
            throw new LedgerException($"Unit '{Unit}': expected a Polygon or MultiPolygon, found {(g.IsEmpty ? "an empty geometry" : g.GeometryType)}.");
        }
        if (!g.IsValid)
        {
            var error = new NetTopologySuite.Operation.Valid.IsValidOp(g).ValidationError;
            throw new LedgerException($"Unit '{Unit}': invalid polygon: {error?.Message ?? "not valid"}.");
        }
    }

    /// <summary>The outlines by unit id, each validated, each naming one of <paramref name="units"/> at most once.</summary>
    /// <exception cref="LedgerException">An outline of a unit the project does not cover, a unit outlined twice, or an invalid outline.</exception>
    internal static Dictionary<string, UnitGeometry> ByUnit(IReadOnlyList<UnitGeometry>? geometries, IEnumerable<string> units)
    {
        var result = new Dictionary<string, UnitGeometry>(StringComparer.Ordinal);
        if (geometries is null)
        {
            return result;
        }
        var covered = units.ToHashSet(StringComparer.Ordinal);
        foreach (var g in geometries)
        {
            if (!covered.Contains(g.Unit))
            {
                throw new LedgerException($"Unit '{g.Unit}' has a geometry but is not one of the project's units.");
            }
            if (!result.TryAdd(g.Unit, g))
            {
                throw new LedgerException($"Unit '{g.Unit}' has two geometries.");
            }
            g.Validate();
        }
        return result;
    }
}
