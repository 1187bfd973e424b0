using System.Buffers.Binary;
using System.Globalization;
using BitMiracle.LibTiff.Classic;
using EcoLedger.Spatial;

namespace EcoLedger.Rasters;

/// <summary>
/// A GeoTIFF opened for reading: its size, pixel type, layout, nodata value, georeferencing and CRS, and its bands read
/// block by block (a tile, or a strip) through a bounded cache. Striped and tiled layouts, uncompressed, LZW, Deflate
/// and PackBits compression, horizontal (2) and floating-point (3) predictors, classic TIFF and BigTIFF (COGs are
/// tiled GeoTIFFs whose first image is the full resolution one, which is what is read). Decoding is LibTiff.NET's.
/// </summary>
public sealed class GeoTiffRaster : IDisposable
{
    /// <summary>GeoTIFF and GDAL tags (not in LibTiff.NET's own table).</summary>
    internal const TiffTag ModelPixelScale = (TiffTag)33550, ModelTiepoint = (TiffTag)33922, ModelTransformation = (TiffTag)34264,
        GeoKeyDirectoryTag = (TiffTag)34735, GeoDoubleParams = (TiffTag)34736, GeoAsciiParams = (TiffTag)34737, GdalNoData = (TiffTag)42113,
        GdalMetadata = (TiffTag)42112;

    private readonly Tiff _tiff;
    private readonly int _samplesPerPixel;
    private readonly bool _separatePlanes;
    private readonly int _bytesPerSample;

    private GeoTiffRaster(Tiff tiff, string path, string displayName, SupportedCrs? declaredCrs)
    {
        _declaredCrs = declaredCrs;
        _tiff = tiff;
        Path = path;
        DisplayName = displayName;
        Width = Int(TiffTag.IMAGEWIDTH) ?? throw Unsupported("ImageWidth (256)", "absent");
        Height = Int(TiffTag.IMAGELENGTH) ?? throw Unsupported("ImageLength (257)", "absent");
        _samplesPerPixel = Int(TiffTag.SAMPLESPERPIXEL) ?? 1;
        int bits = Int(TiffTag.BITSPERSAMPLE) ?? 1;
        int format = Int(TiffTag.SAMPLEFORMAT) ?? 1;
        SampleType = (format, bits) switch
        {
            (1, 8) => RasterSampleType.UInt8,
            (2, 8) => RasterSampleType.Int8,
            (1, 16) => RasterSampleType.UInt16,
            (2, 16) => RasterSampleType.Int16,
            (1, 32) => RasterSampleType.UInt32,
            (2, 32) => RasterSampleType.Int32,
            (3, 32) => RasterSampleType.Float32,
            (3, 64) => RasterSampleType.Float64,
            _ => throw Unsupported(string.Create(CultureInfo.InvariantCulture, $"SampleFormat (339) = {format} with BitsPerSample (258)"), bits.ToString(CultureInfo.InvariantCulture),
                "expected unsigned or signed integers of 8, 16 or 32 bits, or IEEE floats of 32 or 64 bits"),
        };
        _bytesPerSample = bits / 8;
        int compression = Int(TiffTag.COMPRESSION) ?? 1;
        Compression = compression switch
        {
            1 => "none",
            5 => "LZW",
            8 or 32946 => "Deflate",
            32773 => "PackBits",
            _ => throw Unsupported("Compression (259)", compression.ToString(CultureInfo.InvariantCulture),
                "expected 1 (none), 5 (LZW), 8 or 32946 (Deflate) or 32773 (PackBits)"),
        };
        Predictor = Int(TiffTag.PREDICTOR) ?? 1;
        if (Predictor is not (1 or 2 or 3))
        {
            throw Unsupported("Predictor (317)", Predictor.ToString(CultureInfo.InvariantCulture), "expected 1 (none), 2 (horizontal) or 3 (floating point)");
        }
        _separatePlanes = (Int(TiffTag.PLANARCONFIG) ?? 1) == 2;
        IsTiled = tiff.IsTiled();
        if (IsTiled)
        {
            BlockWidth = Int(TiffTag.TILEWIDTH)!.Value;
            BlockHeight = Int(TiffTag.TILELENGTH)!.Value;
        }
        else
        {
            BlockWidth = Width;
            BlockHeight = Math.Min(Height, Int(TiffTag.ROWSPERSTRIP) ?? Height);
        }
        IsBigTiff = ReadsAsBigTiff(path);
        NoData = ReadNoData();
        var keys = ReadGeoKeys();
        Transform = ReadTransform(keys);
        Crs = ResolveCrs(keys);
    }

    /// <summary>The CRS the configuration declares for a file whose GeoKeys define it by parameters, or null.</summary>
    private readonly SupportedCrs? _declaredCrs;

    /// <summary>The file path.</summary>
    public string Path { get; }

    /// <summary>The name used in messages (as given in the configuration).</summary>
    public string DisplayName { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Number of bands (TIFF SamplesPerPixel).</summary>
    public int Bands => _samplesPerPixel;

    /// <summary>Pixel type of every band.</summary>
    public RasterSampleType SampleType { get; }

    /// <summary><c>none</c>, <c>LZW</c>, <c>Deflate</c> or <c>PackBits</c>.</summary>
    public string Compression { get; }

    /// <summary>TIFF predictor: 1 none, 2 horizontal differencing, 3 floating point.</summary>
    public int Predictor { get; }

    /// <summary>True for a tiled layout, false for strips.</summary>
    public bool IsTiled { get; }

    /// <summary>True for a BigTIFF (64-bit offsets) file.</summary>
    public bool IsBigTiff { get; }

    /// <summary>Width of one block (tile, or the whole row for strips).</summary>
    public int BlockWidth { get; }

    /// <summary>Height of one block (tile height, or rows per strip).</summary>
    public int BlockHeight { get; }

    /// <summary>The GDAL nodata value (tag 42113), or null when the file declares none. NaN is never a value either way.</summary>
    public double? NoData { get; }

    /// <summary>Pixel-to-CRS mapping.</summary>
    public GeoTransform Transform { get; }

    /// <summary>The CRS, from the GeoKey directory.</summary>
    public SupportedCrs Crs { get; }

    /// <summary>Bytes of one decoded block of one band as cached (8 bytes per value).</summary>
    public long BlockBytes => (long)BlockWidth * BlockHeight * sizeof(double);

    /// <summary>Opens a GeoTIFF and checks that EcoLedger can read it.</summary>
    /// <param name="path">The file.</param>
    /// <param name="displayName">The name for messages; the path when null.</param>
    /// <param name="declaredCrs">The CRS given in the configuration (<c>crs</c>: WKT or a .prj) for a GeoTIFF whose GeoKeys
    /// define a user-defined CRS (32767) or none; null when the file's EPSG code is to be used.</param>
    /// <exception cref="RasterInputException">Not a TIFF, an unsupported variant (naming the tag and value), no georeferencing, or a CRS EcoLedger cannot use.</exception>
    public static GeoTiffRaster Open(string path, string? displayName = null, SupportedCrs? declaredCrs = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string name = displayName ?? path;
        if (!File.Exists(path))
        {
            throw new RasterInputException($"{name}: file not found.");
        }
        LibTiffSetup.Ensure();
        LibTiffSetup.LastError = null;
        var tiff = Tiff.Open(path, "r");
        if (tiff is null)
        {
            throw new RasterInputException($"{name}: not a TIFF file ({(LibTiffSetup.LastError ?? "libtiff could not read its header").TrimEnd('.')}).");
        }
        try
        {
            return new GeoTiffRaster(tiff, path, name, declaredCrs);
        }
        catch
        {
            tiff.Dispose();
            throw;
        }
    }

    /// <summary>A reader of one band (1-based, as GDAL numbers them) keeping at most <paramref name="cacheBytes"/> of decoded blocks.</summary>
    /// <exception cref="RasterInputException">The band does not exist.</exception>
    public RasterBand Band(int band, long cacheBytes = RasterBand.DefaultCacheBytes)
    {
        if (band < 1 || band > Bands)
        {
            throw new RasterInputException(string.Create(CultureInfo.InvariantCulture,
                $"{DisplayName}: has {Bands} band{(Bands == 1 ? "" : "s")}; band {band} does not exist (bands are numbered from 1)."));
        }
        return new RasterBand(this, band, cacheBytes);
    }

    /// <summary>Decodes block (<paramref name="blockCol"/>, <paramref name="blockRow"/>) of a band into <paramref name="values"/> (BlockWidth × BlockHeight, row-major).</summary>
    internal void ReadBlock(int band, int blockCol, int blockRow, double[] values, ref byte[] buffer)
    {
        int x = blockCol * BlockWidth, y = blockRow * BlockHeight;
        short plane = (short)(_separatePlanes ? band - 1 : 0);
        int size, read;
        LibTiffSetup.LastError = null;
        if (IsTiled)
        {
            size = _tiff.TileSize();
            EnsureSize(ref buffer, size);
            read = _tiff.ReadEncodedTile(_tiff.ComputeTile(x, y, 0, plane), buffer, 0, size);
        }
        else
        {
            size = _tiff.StripSize();
            EnsureSize(ref buffer, size);
            read = _tiff.ReadEncodedStrip(_tiff.ComputeStrip(y, plane), buffer, 0, size);
        }
        if (read < 0)
        {
            throw new RasterInputException(string.Create(CultureInfo.InvariantCulture,
                $"{DisplayName}: the {(IsTiled ? "tile" : "strip")} at pixel ({x}, {y}) could not be decoded ({(LibTiffSetup.LastError ?? "libtiff returned an error").TrimEnd('.')}); the file is damaged or truncated."));
        }
        int stride = _separatePlanes ? 1 : _samplesPerPixel;
        int offsetSample = _separatePlanes ? 0 : band - 1;
        int rows = Math.Min(BlockHeight, read / (BlockWidth * stride * _bytesPerSample));
        int n = rows * BlockWidth;
        var span = buffer.AsSpan();
        // LibTiff.NET hands back the samples in the machine's byte order (it swaps big-endian files while decoding).
        bool little = BitConverter.IsLittleEndian;
        for (int i = 0; i < n; i++)
        {
            int at = (i * stride + offsetSample) * _bytesPerSample;
            values[i] = SampleType switch
            {
                RasterSampleType.UInt8 => span[at],
                RasterSampleType.Int8 => (sbyte)span[at],
                RasterSampleType.UInt16 => little ? BinaryPrimitives.ReadUInt16LittleEndian(span[at..]) : BinaryPrimitives.ReadUInt16BigEndian(span[at..]),
                RasterSampleType.Int16 => little ? BinaryPrimitives.ReadInt16LittleEndian(span[at..]) : BinaryPrimitives.ReadInt16BigEndian(span[at..]),
                RasterSampleType.UInt32 => little ? BinaryPrimitives.ReadUInt32LittleEndian(span[at..]) : BinaryPrimitives.ReadUInt32BigEndian(span[at..]),
                RasterSampleType.Int32 => little ? BinaryPrimitives.ReadInt32LittleEndian(span[at..]) : BinaryPrimitives.ReadInt32BigEndian(span[at..]),
                RasterSampleType.Float32 => little ? BinaryPrimitives.ReadSingleLittleEndian(span[at..]) : BinaryPrimitives.ReadSingleBigEndian(span[at..]),
                _ => little ? BinaryPrimitives.ReadDoubleLittleEndian(span[at..]) : BinaryPrimitives.ReadDoubleBigEndian(span[at..]),
            };
        }
        Array.Fill(values, double.NaN, n, values.Length - n);
    }

    // The TIFF header: byte order mark, then version 42 (classic) or 43 (BigTIFF); LibTiff.NET reads both but does not say which.
    private static bool ReadsAsBigTiff(string path)
    {
        Span<byte> header = stackalloc byte[4];
        using var s = File.OpenRead(path);
        s.ReadExactly(header);
        int version = header[0] == (byte)'I' ? header[2] | header[3] << 8 : header[2] << 8 | header[3];
        return version == 43;
    }

    private static void EnsureSize(ref byte[] buffer, int size)
    {
        if (buffer.Length < size)
        {
            buffer = new byte[size];
        }
    }

    private int? Int(TiffTag tag)
    {
        var v = _tiff.GetField(tag);
        return v is { Length: > 0 } ? v[0].ToInt() : null;
    }

    private RasterInputException Unsupported(string tag, string value, string? expected = null) =>
        new($"{DisplayName}: unsupported TIFF variant: {tag} = {value}{(expected is null ? "" : $"; {expected}")}.");

    private double? ReadNoData()
    {
        var v = _tiff.GetField(GdalNoData);
        string? text = v?.Select(f => f.Value).OfType<string>().FirstOrDefault()
            ?? v?.Select(f => f.Value).OfType<byte[]>().Select(b => System.Text.Encoding.ASCII.GetString(b)).FirstOrDefault();
        if (text is null)
        {
            return null;
        }
        text = text.Trim('\0', ' ');
        if (text.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
            ? d
            : throw new RasterInputException($"{DisplayName}: the GDAL_NODATA tag (42113) = '{text}' is not a number.");
    }

    private double[]? Doubles(TiffTag tag)
    {
        var v = _tiff.GetField(tag);
        if (v is null)
        {
            return null;
        }
        // With a pass-count field, LibTiff.NET returns [count, values].
        return v.Length >= 2 ? v[1].ToDoubleArray() : v[0].ToDoubleArray();
    }

    private GeoKeyDirectory? ReadGeoKeys()
    {
        var v = _tiff.GetField(GeoKeyDirectoryTag);
        if (v is null)
        {
            return null;
        }
        var shorts = (v.Length >= 2 ? v[1] : v[0]).ToShortArray();
        return GeoKeyDirectory.Parse(shorts.Select(s => (ushort)s).ToArray(), DisplayName);
    }

    private GeoTransform ReadTransform(GeoKeyDirectory? keys)
    {
        var c = CultureInfo.InvariantCulture;
        GeoTransform t;
        var matrix = Doubles(ModelTransformation);
        if (matrix is { Length: >= 16 })
        {
            // OGC GeoTIFF §7.3.3: a 4×4 row-major matrix; the top two rows map (col, row, 0, 1) to (x, y).
            t = new GeoTransform(matrix[3], matrix[0], matrix[1], matrix[7], matrix[4], matrix[5]);
        }
        else
        {
            var scale = Doubles(ModelPixelScale);
            var tie = Doubles(ModelTiepoint);
            if (scale is null || tie is null)
            {
                throw new RasterInputException(
                    $"{DisplayName}: not georeferenced: it has no ModelTransformation tag (34264) and no ModelPixelScale (33550) + ModelTiepoint (33922) pair{(scale is null && tie is null ? "" : scale is null ? " (ModelPixelScale is missing)" : " (ModelTiepoint is missing)")}.");
            }
            if (scale.Length < 2 || tie.Length < 6 || scale[0] <= 0 || scale[1] <= 0)
            {
                throw new RasterInputException(string.Create(c,
                    $"{DisplayName}: ModelPixelScale (33550) = [{string.Join(", ", scale)}] with ModelTiepoint (33922) = [{string.Join(", ", tie)}] is not a usable georeferencing (expected positive pixel sizes and one tiepoint)."));
            }
            if (tie.Length > 6)
            {
                throw Unsupported("ModelTiepoint (33922)", string.Create(c, $"{tie.Length / 6} tiepoints"), "expected one tiepoint with ModelPixelScale (rasters warped by several tiepoints are not read)");
            }
            // Tiepoint (I, J, K, X, Y, Z): raster point (I, J) sits at (X, Y); rows go south, hence −scaleY.
            t = new GeoTransform(tie[3] - tie[0] * scale[0], scale[0], 0, tie[4] + tie[1] * scale[1], 0, -scale[1]);
        }
        if (keys?.PixelIsPoint == true)
        {
            // RasterPixelIsPoint: the georeferenced point is the pixel's centre; shift half a pixel to the corner, as GDAL does.
            t = t with { X0 = t.X0 - 0.5 * (t.A + t.B), Y0 = t.Y0 - 0.5 * (t.D + t.E) };
        }
        if (t.Determinant == 0 || !double.IsFinite(t.Determinant))
        {
            throw new RasterInputException($"{DisplayName}: its georeferencing maps every pixel onto a line (a zero pixel size); expected a pixel size other than 0.");
        }
        return t;
    }

    private SupportedCrs ResolveCrs(GeoKeyDirectory? keys)
    {
        var c = CultureInfo.InvariantCulture;
        if (_declaredCrs is { } declared)
        {
            // The configuration speaks for a file that cannot name its CRS by code; a file that does must agree with it.
            int? stated = keys is null ? null : keys.ModelType == 2 ? keys.GeographicType : keys.ProjectedType ?? keys.GeographicType;
            if (stated is { } s && s != GeoKeyDirectory.UserDefined && !(declared.IsUserDefined is false && declared.Epsg == s))
            {
                throw new RasterInputException(string.Create(c,
                    $"{DisplayName}: the configuration gives crs {declared.Describe()}, but the GeoTIFF states EPSG:{s}; expected 'crs' only for a raster whose GeoKeys define no EPSG code (drop it, or fix the file)."));
            }
            return declared;
        }
        if (keys is null)
        {
            throw new RasterInputException($"{DisplayName}: has no GeoKeyDirectory tag (34735), so its CRS is unknown; expected a GeoTIFF in {SupportedCrs.SupportedText}.");
        }
        (string key, int? code) = keys.ModelType switch
        {
            1 => ("ProjectedCSTypeGeoKey (3072)", keys.ProjectedType),
            2 => ("GeographicTypeGeoKey (2048)", keys.GeographicType),
            null => keys.ProjectedType is not null ? ("ProjectedCSTypeGeoKey (3072)", keys.ProjectedType) : ("GeographicTypeGeoKey (2048)", keys.GeographicType),
            _ => throw new RasterInputException(string.Create(c,
                $"{DisplayName}: GTModelTypeGeoKey (1024) = {keys.ModelType} is not a map CRS; expected 1 (projected) or 2 (geographic) in {SupportedCrs.SupportedText}.")),
        };
        if (code is null)
        {
            throw new RasterInputException($"{DisplayName}: the GeoKey directory has no {key}, so its CRS is unknown; expected {SupportedCrs.SupportedText}.");
        }
        if (code == GeoKeyDirectory.UserDefined)
        {
            // A user-defined CRS is spelled out in further keys (datum, projection method and parameters); EcoLedger reads
            // CRSs by EPSG code only, so name what the file holds and say how to turn it into a code.
            string method = keys.CoordinateTransformation is { } ct
                ? string.Create(c, $", projected by ProjCoordTransGeoKey (3075) = {ct}{(GeoKeyDirectory.TransformationName(ct) is { } name ? $" ({name})" : "")}")
                : "";
            throw new RasterInputException(string.Create(c,
                $"{DisplayName}: {key} = 32767 (user-defined{method}): the CRS is defined by its parameters, not by an EPSG code; give it as WKT in the configuration (\"crs\": \"PROJCS[...]\" or \"crs\": \"file.prj\"), or reproject the raster to {SupportedCrs.SupportedText} (e.g. gdalwarp -t_srs EPSG:4490)."));
        }
        if (keys.ModelType != 2 && keys.LinearUnits is { } unit && unit != 9001)
        {
            throw new RasterInputException(string.Create(c, $"{DisplayName}: ProjLinearUnitsGeoKey (3076) = {unit}; expected 9001 (metre)."));
        }
        return SupportedCrs.Find(code.Value) ?? throw new RasterInputException(string.Create(c,
            $"{DisplayName}: {key} = {code}: EPSG:{code} is not a CRS EcoLedger can reproject; expected {SupportedCrs.SupportedText} (e.g. gdalwarp -t_srs EPSG:4490)."));
    }

    /// <inheritdoc/>
    public void Dispose() => _tiff.Dispose();
}
