using System.Globalization;
using BitMiracle.LibTiff.Classic;
using EcoLedger.Spatial;

namespace EcoLedger.Rasters;

/// <summary>
/// Writes a single-band, north-up GeoTIFF (tiled 256 × 256, Deflate; float32 with the floating-point predictor,
/// int16 or uint8 with the horizontal one), georeferenced by ModelPixelScale + ModelTiepoint with a GeoKey directory naming the
/// EPSG code: what the sample rasters and the tests need, readable by GDAL.
/// </summary>
public static class GeoTiffWriter
{
    private const int Tile = 256;

    /// <summary>Writes <paramref name="values"/> (rows × columns) as float32.</summary>
    /// <param name="path">The new file.</param>
    /// <param name="values">Values, [row, column]; row 0 is the northern edge.</param>
    /// <param name="transform">North-up georeferencing (B = D = 0, E &lt; 0).</param>
    /// <param name="crs">The CRS written to the GeoKeys.</param>
    /// <param name="noData">GDAL nodata value, or null.</param>
    public static void WriteFloat32(string path, float[,] values, GeoTransform transform, SupportedCrs crs, double? noData = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        Write(path, values.GetLength(1), values.GetLength(0), transform, crs, noData, 32, SampleFormat.IEEEFP, Predictor.FLOATINGPOINT,
            (row, col, buf, at) => BitConverter.TryWriteBytes(buf.AsSpan(at, 4), values[row, col]));
    }

    /// <summary>Writes <paramref name="values"/> (rows × columns) as int16 (scaled products such as MODIS NPP).</summary>
    public static void WriteInt16(string path, short[,] values, GeoTransform transform, SupportedCrs crs, double? noData = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        Write(path, values.GetLength(1), values.GetLength(0), transform, crs, noData, 16, SampleFormat.INT, Predictor.HORIZONTAL,
            (row, col, buf, at) => BitConverter.TryWriteBytes(buf.AsSpan(at, 2), values[row, col]));
    }

    /// <summary>Writes <paramref name="values"/> (rows × columns) as uint8 (class codes).</summary>
    public static void WriteByte(string path, byte[,] values, GeoTransform transform, SupportedCrs crs, double? noData = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        Write(path, values.GetLength(1), values.GetLength(0), transform, crs, noData, 8, SampleFormat.UINT, Predictor.HORIZONTAL,
            (row, col, buf, at) => buf[at] = values[row, col]);
    }

    private static void Write(string path, int width, int height, GeoTransform t, SupportedCrs crs, double? noData, int bits, SampleFormat format,
        Predictor predictor, Action<int, int, byte[], int> put)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(crs);
        if (t.B != 0 || t.D != 0 || t.E >= 0)
        {
            throw new ArgumentException("Only north-up rasters are written (B = D = 0, E < 0).", nameof(t));
        }
        LibTiffSetup.Ensure();
        using var tiff = Tiff.Open(path, "w") ?? throw new IOException($"{path}: cannot be created ({LibTiffSetup.LastError}).");
        tiff.SetField(TiffTag.IMAGEWIDTH, width);
        tiff.SetField(TiffTag.IMAGELENGTH, height);
        tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
        tiff.SetField(TiffTag.BITSPERSAMPLE, bits);
        tiff.SetField(TiffTag.SAMPLEFORMAT, format);
        tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
        tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        tiff.SetField(TiffTag.COMPRESSION, Compression.ADOBE_DEFLATE);
        tiff.SetField(TiffTag.PREDICTOR, predictor);
        tiff.SetField(TiffTag.TILEWIDTH, Tile);
        tiff.SetField(TiffTag.TILELENGTH, Tile);
        tiff.SetField(GeoTiffRaster.ModelPixelScale, 3, new[] { t.A, -t.E, 0d });
        tiff.SetField(GeoTiffRaster.ModelTiepoint, 6, new[] { 0d, 0d, 0d, t.X0, t.Y0, 0d });
        // GeoKeys (OGC GeoTIFF 1.1 §7.1): header 1.1.0 with 3 keys; model type, raster type (pixel is area), EPSG code.
        short model = (short)(crs.IsGeographic ? 2 : 1);
        short codeKey = (short)(crs.IsGeographic ? GeoKeyDirectory.GeographicTypeKey : GeoKeyDirectory.ProjectedTypeKey);
        short[] keys = [1, 1, 0, 3, GeoKeyDirectory.ModelTypeKey, 0, 1, model, GeoKeyDirectory.RasterTypeKey, 0, 1, 1, codeKey, 0, 1, (short)crs.Epsg];
        tiff.SetField(GeoTiffRaster.GeoKeyDirectoryTag, keys.Length, keys);
        if (noData is { } nd)
        {
            tiff.SetField(GeoTiffRaster.GdalNoData, nd.ToString("R", CultureInfo.InvariantCulture));
        }
        int bytes = bits / 8;
        var buffer = new byte[Tile * Tile * bytes];
        for (int ty = 0; ty < height; ty += Tile)
        {
            for (int tx = 0; tx < width; tx += Tile)
            {
                Array.Clear(buffer);
                for (int r = 0; r < Tile && ty + r < height; r++)
                {
                    for (int c = 0; c < Tile && tx + c < width; c++)
                    {
                        put(ty + r, tx + c, buffer, (r * Tile + c) * bytes);
                    }
                }
                if (tiff.WriteTile(buffer, tx, ty, 0, 0) < 0)
                {
                    throw new IOException($"{path}: tile ({tx}, {ty}) could not be written ({LibTiffSetup.LastError}).");
                }
            }
        }
    }
}
