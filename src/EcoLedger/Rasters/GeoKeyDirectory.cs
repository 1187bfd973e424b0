using System.Globalization;

namespace EcoLedger.Rasters;

/// <summary>
/// The GeoKey directory of a GeoTIFF (tag 34735, with the double and ASCII parameters of tags 34736 and 34737) reduced
/// to what EcoLedger needs: the model type, the raster type (pixel is area or point) and the EPSG code of the CRS.
/// </summary>
/// <remarks>
/// Written by hand because no served .NET package parses GeoKeys: LibTiff.NET returns the raw SHORT array and leaves
/// the GeoTIFF layer (libgeotiff in C) out. The layout is fixed by OGC GeoTIFF 1.1 (OGC 19-008r4, §7.1): a header of
/// four SHORTs (KeyDirectoryVersion = 1, KeyRevision, MinorRevision, NumberOfKeys) followed by NumberOfKeys entries of
/// four SHORTs (KeyID, TIFFTagLocation, Count, Value_Offset); a key whose TIFFTagLocation is 0 holds its value in
/// Value_Offset, which is all the keys read here use.
/// </remarks>
public sealed record GeoKeyDirectory(int? ModelType, int? RasterType, int? GeographicType, int? ProjectedType, int? LinearUnits)
{
    /// <summary>ProjCoordTransGeoKey: the projection method of a user-defined projected CRS (e.g. 11 Albers equal-area).</summary>
    public const int CoordinateTransformationKey = 3075;

    /// <summary>ProjCoordTransGeoKey's value, when the directory has one (a user-defined projected CRS).</summary>
    public int? CoordinateTransformation { get; init; }

    /// <summary>The name GeoTIFF 1.1 (OGC 19-008r4, Annex C) gives a ProjCoordTransGeoKey value, or null for one not listed here.</summary>
    public static string? TransformationName(int code) => code switch
    {
        1 => "Transverse Mercator",
        7 => "Mercator",
        8 => "Lambert conformal conic (2SP)",
        9 => "Lambert conformal conic (1SP)",
        10 => "Lambert azimuthal equal-area",
        11 => "Albers equal-area",
        17 => "equirectangular",
        _ => null,
    };

    /// <summary>GTModelTypeGeoKey: 1 projected, 2 geographic, 3 geocentric.</summary>
    public const int ModelTypeKey = 1024;

    /// <summary>GTRasterTypeGeoKey: 1 RasterPixelIsArea, 2 RasterPixelIsPoint.</summary>
    public const int RasterTypeKey = 1025;

    /// <summary>GeodeticCRSGeoKey (GeographicTypeGeoKey in GeoTIFF 1.0): the EPSG code of a geographic CRS.</summary>
    public const int GeographicTypeKey = 2048;

    /// <summary>ProjectedCRSGeoKey (ProjectedCSTypeGeoKey in GeoTIFF 1.0): the EPSG code of a projected CRS.</summary>
    public const int ProjectedTypeKey = 3072;

    /// <summary>ProjLinearUnitsGeoKey: 9001 is the metre.</summary>
    public const int LinearUnitsKey = 3076;

    /// <summary>The code GeoTIFF uses for "user-defined" (the CRS is spelled out in other keys, not an EPSG code).</summary>
    public const int UserDefined = 32767;

    /// <summary>Parses the SHORT values of tag 34735; <paramref name="file"/> names the raster in messages.</summary>
    /// <exception cref="RasterInputException">The directory is shorter than its header says, or of another version.</exception>
    public static GeoKeyDirectory Parse(IReadOnlyList<ushort> values, string file)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 4 || values[0] != 1)
        {
            throw new RasterInputException(string.Create(CultureInfo.InvariantCulture,
                $"{file}: the GeoKeyDirectory tag (34735) is not a GeoTIFF 1.x key directory (expected KeyDirectoryVersion 1 and a 4-value header, found {values.Count} values{(values.Count > 0 ? $" starting with {values[0]}" : "")})."));
        }
        int keys = values[3];
        if (values.Count < 4 + 4 * keys)
        {
            throw new RasterInputException(string.Create(CultureInfo.InvariantCulture,
                $"{file}: the GeoKeyDirectory tag (34735) declares {keys} keys but holds only {values.Count} values (expected {4 + 4 * keys})."));
        }
        int? model = null, raster = null, geographic = null, projected = null, linear = null, transformation = null;
        for (int k = 0; k < keys; k++)
        {
            int at = 4 + 4 * k;
            int id = values[at], location = values[at + 1];
            if (location != 0)
            {
                // Keys stored in the double or ASCII parameter tags (citations, ellipsoid parameters) are not needed.
                continue;
            }
            int value = values[at + 3];
            switch (id)
            {
                case ModelTypeKey: model = value; break;
                case RasterTypeKey: raster = value; break;
                case GeographicTypeKey: geographic = value; break;
                case ProjectedTypeKey: projected = value; break;
                case LinearUnitsKey: linear = value; break;
                case CoordinateTransformationKey: transformation = value; break;
            }
        }
        return new GeoKeyDirectory(model, raster, geographic, projected, linear) { CoordinateTransformation = transformation };
    }

    /// <summary>True when GTRasterTypeGeoKey says RasterPixelIsPoint (the tiepoint is a pixel centre, not its corner).</summary>
    public bool PixelIsPoint => RasterType == 2;
}
