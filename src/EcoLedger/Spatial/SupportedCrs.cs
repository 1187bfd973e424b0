using System.Globalization;
using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace EcoLedger.Spatial;

/// <summary>
/// The coordinate reference systems EcoLedger accepts by EPSG code: WGS 84 (4326) and CGCS2000 (4490) geographic,
/// Beijing 1954 geographic (4214, read as lon/lat), and the CGCS2000 Gauss–Krüger zones that Chinese forestry data come
/// in: 6° zones 13–23 (4491–4501, zone number before the easting) and CM 75°E–135°E (4502–4512), 3° zones 25–45
/// (4513–4533, zone number before the easting) and CM 75°E–135°E (4534–4554). Gauss–Krüger coordinates are
/// reprojected to CGCS2000 lon/lat with ProjNET (Transverse Mercator, scale 1, false easting 500 km) before any
/// measuring; any other code is refused, since EcoLedger cannot know its projection.
/// </summary>
/// <remarks>
/// Definitions as in the EPSG registry (CGCS2000 ellipsoid a = 6,378,137 m, 1/f = 298.257222101; latitude of origin 0,
/// scale factor 1, false northing 0). A zone's area of use is its longitude band; coordinates more than
/// <see cref="BandMarginDegrees"/> outside it, or outside 0°–60°N, are refused as impossible for the declared CRS.
/// </remarks>
public sealed class SupportedCrs
{
    /// <summary>How far outside a Gauss–Krüger zone's longitude band a coordinate may lie (data often spill over a zone edge).</summary>
    public const double BandMarginDegrees = 1.0;

    /// <summary>CGCS2000 geographic, the target of every reprojection.</summary>
    public const int Cgcs2000 = 4490;

    /// <summary>EPSG code of Beijing 1954 lon/lat: up to about 100 m from CGCS2000/WGS 84, with no datum shift here, so it only matches itself.</summary>
    public const int Beijing1954 = 4214;

    /// <summary>The OGC WKT 1 definition of CGCS2000 geographic (EPSG:4490).</summary>
    public const string Cgcs2000Wkt =
        "GEOGCS[\"China Geodetic Coordinate System 2000\",DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101," +
        "AUTHORITY[\"EPSG\",\"1024\"]],AUTHORITY[\"EPSG\",\"1043\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]]," +
        "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4490\"]]";

    private readonly Lazy<MathTransform?> _toGeographic;

    private SupportedCrs(int epsg, string name, bool geographic, double centralMeridian = 0, int zoneWidth = 0, int? zone = null)
    {
        Epsg = epsg;
        Name = name;
        IsGeographic = geographic;
        CentralMeridian = centralMeridian;
        ZoneWidthDegrees = zoneWidth;
        Zone = zone;
        _toGeographic = new Lazy<MathTransform?>(CreateTransform);
    }

    private SupportedCrs(string wkt, string name, bool geographic, double centralMeridian, MathTransform? toGeographic)
    {
        Wkt = wkt;
        Name = name;
        IsGeographic = geographic;
        CentralMeridian = centralMeridian;
        _toGeographic = new Lazy<MathTransform?>(() => toGeographic);
    }

    /// <summary>The OGC WKT of a user-defined CRS (<see cref="FromWkt"/>); null for a CRS known by its EPSG code.</summary>
    public string? Wkt { get; }

    /// <summary>True for a CRS read from WKT rather than known by an EPSG code (<see cref="Epsg"/> is then 0).</summary>
    public bool IsUserDefined => Wkt is not null;

    /// <summary>How messages name the CRS: <c>EPSG:4527</c>, or <c>user-defined (NAME)</c> for one read from WKT.</summary>
    public string Code => IsUserDefined ? $"user-defined ({Name})" : string.Create(CultureInfo.InvariantCulture, $"EPSG:{Epsg}");

    /// <summary>True when both describe the same system: the same EPSG code, or the same WKT.</summary>
    public bool SameAs(SupportedCrs other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ReferenceEquals(this, other) || (IsUserDefined ? string.Equals(Wkt, other.Wkt, StringComparison.Ordinal) : !other.IsUserDefined && Epsg == other.Epsg);
    }

    private const double Cgcs2000InverseFlattening = 298.257222101, Wgs84InverseFlattening = 298.257223563;

    /// <summary>
    /// A CRS that has no EPSG code EcoLedger knows, defined by its OGC WKT 1 (as in a <c>.prj</c> file or GDAL's
    /// <c>gdalsrsinfo -o wkt1</c>), read with ProjNET: a <c>GEOGCS</c> in degrees, or a <c>PROJCS</c> on it (e.g. a CGCS2000
    /// Gauss–Krüger zone with a local false easting). Its datum must be CGCS2000 or WGS 84 (the same ellipsoid to within
    /// 0.1 mm at the pole): EcoLedger has no datum shift, so Beijing 1954 or Xi'an 1980 (other ellipsoids) are refused.
    /// </summary>
    /// <exception cref="FormatException">The text is not WKT ProjNET can read, or describes a CRS EcoLedger cannot reproject; the message says which.</exception>
    public static SupportedCrs FromWkt(string wkt)
    {
        ArgumentNullException.ThrowIfNull(wkt);
        string text = wkt.Trim();
        if (text.StartsWith("PROJCRS[", StringComparison.OrdinalIgnoreCase) || text.StartsWith("GEOGCRS[", StringComparison.OrdinalIgnoreCase) || text.StartsWith("BOUNDCRS[", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException("it is WKT 2, which ProjNET does not read; expected OGC WKT 1 (PROJCS[...] or GEOGCS[...], e.g. gdalsrsinfo -o wkt1 or an ESRI .prj)");
        }
        CoordinateSystem cs;
        try
        {
            cs = (CoordinateSystem)new CoordinateSystemFactory().CreateFromWkt(text);
        }
#pragma warning disable CA1031 // ProjNET reports malformed WKT with several exception types; each becomes the one message.
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw new FormatException($"it is not WKT that ProjNET can parse ({e.Message.TrimEnd('.')}); expected OGC WKT 1 (PROJCS[...] or GEOGCS[...])");
        }
        var geographic = cs switch
        {
            ProjectedCoordinateSystem p => p.GeographicCoordinateSystem,
            GeographicCoordinateSystem g => g,
            _ => throw new FormatException($"'{cs.Name}' is neither a GEOGCS nor a PROJCS; expected a geographic or projected CRS"),
        };
        var e0 = geographic.HorizontalDatum.Ellipsoid;
        double invF = e0.InverseFlattening;
        if (Math.Abs(e0.SemiMajorAxis * e0.AxisUnit.MetersPerUnit - 6_378_137d) > 0.5
            || (Math.Abs(invF - Cgcs2000InverseFlattening) > 1e-6 && Math.Abs(invF - Wgs84InverseFlattening) > 1e-6))
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                $"its ellipsoid '{e0.Name}' (a = {e0.SemiMajorAxis} m, 1/f = {invF}) is neither CGCS2000 nor WGS 84, and EcoLedger has no datum shift; reproject to CGCS2000 (e.g. gdalwarp -t_srs EPSG:4490)"));
        }
        if (Math.Abs(geographic.AngularUnit.RadiansPerUnit - Math.PI / 180) > 1e-12 || Math.Abs(geographic.PrimeMeridian.Longitude) > 1e-12)
        {
            throw new FormatException($"'{geographic.Name}' is not in degrees from Greenwich; expected longitude and latitude in degrees east of Greenwich");
        }
        if (cs is GeographicCoordinateSystem)
        {
            return new SupportedCrs(text, cs.Name, true, 0, null);
        }
        var projected = (ProjectedCoordinateSystem)cs;
        var cgcs = (GeographicCoordinateSystem)new CoordinateSystemFactory().CreateFromWkt(Cgcs2000Wkt);
        MathTransform transform;
        try
        {
            transform = new CoordinateTransformationFactory().CreateFromCoordinateSystems(projected, cgcs).MathTransform;
        }
#pragma warning disable CA1031 // an unsupported projection method surfaces as one of several exception types.
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw new FormatException($"ProjNET cannot project with '{projected.Projection.ClassName}' ({e.Message.TrimEnd('.')})");
        }
        double cm = projected.Projection.GetParameter("central_meridian")?.Value ?? projected.Projection.GetParameter("longitude_of_center")?.Value ?? 0;
        return new SupportedCrs(text, cs.Name, false, cm, transform);
    }

    /// <summary>The EPSG code.</summary>
    public int Epsg { get; }

    /// <summary>The EPSG name, e.g. <c>CGCS2000 / 3-degree Gauss-Kruger zone 39</c>.</summary>
    public string Name { get; }

    /// <summary>True for lon/lat degrees; false for a Gauss–Krüger projection in metres.</summary>
    public bool IsGeographic { get; }

    /// <summary>The Gauss–Krüger central meridian, degrees east (0 for geographic systems).</summary>
    public double CentralMeridian { get; }

    /// <summary>3 or 6 for Gauss–Krüger zones, 0 for geographic systems.</summary>
    public int ZoneWidthDegrees { get; }

    /// <summary>The zone number written before the easting (e.g. 39 in 39,500,000 m), or null when the easting has none.</summary>
    public int? Zone { get; }

    /// <summary>The false easting in metres: 500,000 plus the zone number in millions when the zone prefixes the easting.</summary>
    public double FalseEasting => 500_000d + (Zone ?? 0) * 1_000_000d;

    /// <summary>Every supported code, ascending.</summary>
    public static IReadOnlyList<SupportedCrs> All { get; } = Build();

    private static readonly Dictionary<int, SupportedCrs> ByCode = All.ToDictionary(c => c.Epsg);

    /// <summary>The supported codes in one phrase, for messages.</summary>
    public const string SupportedText =
        "EPSG:4326 or EPSG:4490 (lon/lat), EPSG:4491–4512 (CGCS2000 6° Gauss–Krüger) or EPSG:4513–4554 (CGCS2000 3° Gauss–Krüger)";

    /// <summary>The supported CRS with this code, or null.</summary>
    public static SupportedCrs? Find(int epsg) => ByCode.GetValueOrDefault(epsg);

    /// <summary>A short description, e.g. <c>CGCS2000 3° Gauss–Krüger zone 39 (CM 117°E)</c>.</summary>
    public string Describe() => IsUserDefined
        ? $"{Name} (user-defined, from WKT)"
        : IsGeographic
        ? Name
        : string.Create(CultureInfo.InvariantCulture,
            $"CGCS2000 {ZoneWidthDegrees}° Gauss–Krüger {(Zone is { } z ? $"zone {z} " : "")}(CM {CentralMeridian:0.#}°E)");

    /// <summary>
    /// Why <paramref name="x"/>, <paramref name="y"/> cannot be a coordinate of this CRS, or null when it can: lon/lat
    /// outside ±180°/±90°; an easting without this zone's number in front (or with another's); a point that falls
    /// outside the zone's longitude band (± <see cref="BandMarginDegrees"/>) or outside 0°–60°N.
    /// </summary>
    public string? WhyImpossible(double x, double y)
    {
        var c = CultureInfo.InvariantCulture;
        if (IsUserDefined && !IsGeographic)
        {
            // A user-defined projection has no zone band to check against: only that the point lands on the globe.
            var (ulon, ulat) = ToLonLat(x, y);
            return double.IsFinite(ulon) && double.IsFinite(ulat) && ulon is >= -180 and <= 180 && ulat is >= -90 and <= 90
                ? null
                : string.Create(c, $"({x:0.###}, {y:0.###}) does not project to a longitude and latitude in {Name}");
        }
        if (IsGeographic)
        {
            return x is >= -180 and <= 180 && y is >= -90 and <= 90
                ? null
                : string.Create(c, $"({x:0.###}, {y:0.###}) is outside ±180° longitude / ±90° latitude");
        }
        if (Zone is { } zone && Math.Floor(x / 1_000_000d) != zone)
        {
            return string.Create(c,
                $"easting {x:0.###} does not start with the zone number {zone} that EPSG:{Epsg} puts before it (expected {zone},000,000–{zone},999,999 m)");
        }
        var (lon, lat) = ToLonLat(x, y);
        double half = ZoneWidthDegrees / 2d + BandMarginDegrees;
        if (!double.IsFinite(lon) || !double.IsFinite(lat) || Math.Abs(lon - CentralMeridian) > half || lat is < 0 or > 60)
        {
            return string.Create(c,
                $"({x:0.###}, {y:0.###}) lies at {lon:0.###}°E, {lat:0.###}°N, outside the zone's band {CentralMeridian - half:0.#}°E–{CentralMeridian + half:0.#}°E, 0°–60°N");
        }
        return null;
    }

    /// <summary>A Gauss–Krüger coordinate as CGCS2000 lon/lat degrees (geographic systems return it unchanged).</summary>
    public (double Lon, double Lat) ToLonLat(double x, double y) =>
        _toGeographic.Value is { } t ? t.Transform(x, y) : (x, y);

    /// <summary>
    /// The mapping of CGCS2000 lon/lat degrees into this CRS, point by point (geographic systems: the identity): the same
    /// arithmetic as <see cref="FromGeographic"/> applies to each vertex, without a copy of the geometry.
    /// </summary>
    public Func<double, double, (double X, double Y)> FromLonLat()
    {
        if (_toGeographic.Value is not { } t)
        {
            return static (lon, lat) => (lon, lat);
        }
        var inverse = t.Inverse();
        return (lon, lat) => inverse.Transform(lon, lat);
    }

    /// <summary>A copy of <paramref name="geometry"/> in CGCS2000 lon/lat degrees (geographic systems return it unchanged).</summary>
    public Geometry ToGeographic(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (_toGeographic.Value is not { } t)
        {
            return geometry;
        }
        var copy = geometry.Copy();
        copy.Apply(new Reproject(t));
        copy.GeometryChanged();
        copy.SRID = Cgcs2000;
        return copy;
    }

    /// <summary>A copy of <paramref name="lonLat"/> (CGCS2000 lon/lat degrees) in this CRS (geographic systems return it unchanged).</summary>
    public Geometry FromGeographic(Geometry lonLat)
    {
        ArgumentNullException.ThrowIfNull(lonLat);
        if (_toGeographic.Value is not { } t)
        {
            return lonLat;
        }
        var copy = lonLat.Copy();
        copy.Apply(new Reproject(t.Inverse()));
        copy.GeometryChanged();
        copy.SRID = Epsg;
        return copy;
    }

    private MathTransform? CreateTransform()
    {
        if (IsGeographic)
        {
            return null;
        }
        var factory = new CoordinateSystemFactory();
        var geographic = (GeographicCoordinateSystem)factory.CreateFromWkt(Cgcs2000Wkt);
        string wkt = string.Create(CultureInfo.InvariantCulture,
            $"PROJCS[\"{Name}\",{Cgcs2000Wkt},PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0]," +
            $"PARAMETER[\"central_meridian\",{CentralMeridian}],PARAMETER[\"scale_factor\",1],PARAMETER[\"false_easting\",{FalseEasting}]," +
            $"PARAMETER[\"false_northing\",0],UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]],AUTHORITY[\"EPSG\",\"{Epsg}\"]]");
        var projected = (ProjectedCoordinateSystem)factory.CreateFromWkt(wkt);
        return new CoordinateTransformationFactory().CreateFromCoordinateSystems(projected, geographic).MathTransform;
    }

    private static List<SupportedCrs> Build()
    {
        var list = new List<SupportedCrs>
        {
            new(Beijing1954, "Beijing 1954", true),
            new(4326, "WGS 84", true),
            new(Cgcs2000, "China Geodetic Coordinate System 2000", true),
        };
        for (int i = 0; i < 11; i++)
        {
            int zone = 13 + i, cm = 75 + 6 * i;
            list.Add(new(4491 + i, $"CGCS2000 / Gauss-Kruger zone {zone}", false, cm, 6, zone));
            list.Add(new(4502 + i, $"CGCS2000 / Gauss-Kruger CM {cm}E", false, cm, 6));
        }
        for (int i = 0; i < 21; i++)
        {
            int zone = 25 + i, cm = 75 + 3 * i;
            list.Add(new(4513 + i, $"CGCS2000 / 3-degree Gauss-Kruger zone {zone}", false, cm, 3, zone));
            list.Add(new(4534 + i, $"CGCS2000 / 3-degree Gauss-Kruger CM {cm}E", false, cm, 3));
        }
        return list.OrderBy(c => c.Epsg).ToList();
    }

    /// <summary>Replaces every coordinate by its lon/lat.</summary>
    private sealed class Reproject(MathTransform transform) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                var (lon, lat) = transform.Transform(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, lon);
                seq.SetY(i, lat);
            }
        }
    }
}
