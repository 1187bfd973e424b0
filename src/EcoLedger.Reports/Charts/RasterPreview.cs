using System.Globalization;
using EcoLedger.Rasters;
using SkiaSharp;

namespace EcoLedger.Reports.Charts;

/// <summary>A downsampled picture of one raster band for the report's map section.</summary>
/// <param name="Png">The PNG (no-data pixels transparent).</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Step">Every <paramref name="Step"/>-th raster pixel in each direction was sampled.</param>
/// <param name="Legend">Colour and label of each legend entry: the classes of a categorical band (labelled by the caller's class names,
/// else by code), values along the ramp otherwise.</param>
/// <param name="Categorical">True when the band holds classes: a land cover whose class colours were given, or few integer values (drawn with distinct colours).</param>
public sealed record RasterPreviewImage(byte[] Png, int Width, int Height, int Step, IReadOnlyList<(string Colour, string Label)> Legend, bool Categorical)
{
    /// <summary>For a categorical band, the class codes of <see cref="Legend"/>'s entries, in the same order; empty otherwise.</summary>
    public IReadOnlyList<long> Classes { get; init; } = [];
}

/// <summary>
/// Draws one raster band as a small PNG: the pixel at the centre of every step × step block (nearest neighbour, so a
/// land-cover class is never averaged into a class that does not exist), coloured by a continuous ramp between the
/// smallest and largest sampled value, or, for an integer band of classes, one colour per class: the colour its class
/// table gives (a land cover: the producer's legend colour, else its ecosystem's, see <see cref="EcosystemPalette"/>), or
/// a generic palette for an integer band of at most <see cref="MaxClasses"/> values and no class colours. The legend is
/// built from the same colour function as the pixels, so legend and PNG always agree. Rows are read one by one through
/// the band's block cache, so memory is the preview itself plus one row of blocks whatever the raster's size.
/// </summary>
/// <remarks>
/// The PNG is encoded by SkiaSharp, which the report already loads for its charts (through ScottPlot), so no encoder is
/// written here. <see cref="Render(string, int, int, Func{long, string?}, Func{long, RgbColour?})"/> draws the raster's own grid; <see cref="RenderInPlane"/> resamples the same
/// samples into the zone map's equal-area plane so the map draws it as its base layer (<see cref="ZoneMap"/>).
/// </remarks>
public static class RasterPreview
{
    /// <summary>The longest side of a preview, in pixels.</summary>
    public const int MaxSide = 480;

    /// <summary>At most this many distinct integer values make a band categorical when no class colours are given.</summary>
    public const int MaxClasses = 16;

    /// <summary>At most this many distinct values make a band with class colours (a land cover) categorical; more is not a
    /// land cover (a continuous quantity stored as integers) and is drawn with the ramp.</summary>
    public const int MaxTableClasses = 256;

    // A perceptually ordered ramp (viridis stops) for continuous values.
    private static readonly SKColor[] Ramp =
    [
        new(0x44, 0x01, 0x54), new(0x3b, 0x52, 0x8b), new(0x21, 0x91, 0x8c), new(0x5e, 0xc9, 0x62), new(0xfd, 0xe7, 0x25),
    ];

    // Distinct colours for an integer band without class colours (Tableau 20 order, first 16): which class is which is
    // read from the legend only; a land cover is drawn in its table's colours instead.
    private static readonly SKColor[] Palette =
    [
        new(0x1f, 0x77, 0xb4), new(0xff, 0x7f, 0x0e), new(0x2c, 0xa0, 0x2c), new(0xd6, 0x27, 0x28), new(0x94, 0x67, 0xbd),
        new(0x8c, 0x56, 0x4b), new(0xe3, 0x77, 0xc2), new(0x7f, 0x7f, 0x7f), new(0xbc, 0xbd, 0x22), new(0x17, 0xbe, 0xcf),
        new(0xae, 0xc7, 0xe8), new(0xff, 0xbb, 0x78), new(0x98, 0xdf, 0x8a), new(0xff, 0x98, 0x96), new(0xc5, 0xb0, 0xd5),
        new(0xc4, 0x9c, 0x94),
    ];

    /// <summary>Draws band <paramref name="band"/> of the GeoTIFF at <paramref name="path"/>.</summary>
    /// <param name="path">The GeoTIFF.</param>
    /// <param name="band">Band number, from 1.</param>
    /// <param name="maxSide">Longest side of the preview in pixels.</param>
    /// <param name="className">For a categorical band, the legend label of a class code (null for an unnamed class, which shows its code).</param>
    /// <param name="classColour">For a land cover, the colour of a class code (null for a code its table does not list, drawn
    /// <see cref="EcosystemPalette.Unlisted"/>); given, the band is categorical up to <see cref="MaxTableClasses"/> values.</param>
    /// <exception cref="RasterInputException">The file is not a readable GeoTIFF or has no such band.</exception>
    public static RasterPreviewImage Render(string path, int band, int maxSide = MaxSide, Func<long, string?>? className = null, Func<long, RgbColour?>? classColour = null) =>
        RenderCore(path, band, maxSide, null, className, classColour);

    /// <summary>
    /// Draws band <paramref name="band"/> resampled into a map's plane: a <paramref name="widthPx"/> × <paramref name="heightPx"/> picture of
    /// <paramref name="extent"/> (plane metres, north up), each pixel the nearest preview sample of the raster at the pixel's centre taken
    /// back to lon/lat by <paramref name="toLonLat"/> (the map projection's inverse) and into the raster's CRS. Outside the raster, or on
    /// no-data, the pixel is transparent. The same sampling and colours as <see cref="Render(string, int, int, Func{long, string?}, Func{long, RgbColour?})"/>, so the legend is the same.
    /// </summary>
    /// <exception cref="RasterInputException">The file is not a readable GeoTIFF or has no such band.</exception>
    public static RasterPreviewImage RenderInPlane(string path, int band, NetTopologySuite.Geometries.Envelope extent, int widthPx, int heightPx,
        Func<double, double, (double Lon, double Lat)> toLonLat, Func<long, string?>? className = null, Func<long, RgbColour?>? classColour = null) =>
        RenderCore(path, band, MaxSide, new Plane(extent, widthPx, heightPx, toLonLat), className, classColour);

    private sealed record Plane(NetTopologySuite.Geometries.Envelope Extent, int Width, int Height, Func<double, double, (double Lon, double Lat)> ToLonLat);

    private static RasterPreviewImage RenderCore(string path, int band, int maxSide, Plane? plane, Func<long, string?>? className, Func<long, RgbColour?>? classColour)
    {
        using var raster = GeoTiffRaster.Open(path);
        if (band < 1 || band > raster.Bands)
        {
            throw new RasterInputException($"{path}: band {band} does not exist; the raster has {raster.Bands} band{(raster.Bands == 1 ? "" : "s")}.");
        }
        // One row of blocks fits the cache, so each block is decoded once as the sampled rows walk down the raster.
        long blocksAcross = (raster.Width + raster.BlockWidth - 1) / raster.BlockWidth;
        var reader = raster.Band(band, Math.Max(RasterBand.DefaultCacheBytes, blocksAcross * raster.BlockBytes));
        int step = Math.Max(1, (Math.Max(raster.Width, raster.Height) + maxSide - 1) / maxSide);
        int w = (raster.Width + step - 1) / step, h = (raster.Height + step - 1) / step;
        var values = new double[w * h];
        var row = new double[raster.Width];
        for (int y = 0; y < h; y++)
        {
            reader.ReadRow(Math.Min(raster.Height - 1, y * step + step / 2), 0, row);
            for (int x = 0; x < w; x++)
            {
                double v = row[Math.Min(raster.Width - 1, x * step + step / 2)];
                values[y * w + x] = reader.IsValid(v) ? v : double.NaN;
            }
        }

        var valid = values.Where(v => !double.IsNaN(v)).ToArray();
        // Classes are stored as integers; a float band (NPP, precipitation) is a quantity even when its values look whole.
        bool integerBand = raster.SampleType is not (RasterSampleType.Float32 or RasterSampleType.Float64);
        int maxClasses = classColour is null ? MaxClasses : MaxTableClasses;
        var classes = integerBand ? valid.Distinct().Order().Take(maxClasses + 1).ToArray() : [];
        bool categorical = classes.Length > 0 && classes.Length <= maxClasses;
        var classColours = categorical
            ? classes.Select((v, i) => classColour is null ? Palette[i] : ToSk(classColour((long)v) ?? EcosystemPalette.Unlisted)).ToArray()
            : [];
        double min = valid.Length > 0 ? valid.Min() : 0, max = valid.Length > 0 ? valid.Max() : 0;

        SKColor ColourOf(double v)
        {
            if (categorical)
            {
                return classColours[Array.BinarySearch(classes, v)];
            }
            double t = max > min ? (v - min) / (max - min) : 0.5;
            double pos = t * (Ramp.Length - 1);
            int i = Math.Min(Ramp.Length - 2, (int)pos);
            double f = pos - i;
            byte Mix(byte a, byte b) => (byte)Math.Round(a + (b - a) * f);
            return new SKColor(Mix(Ramp[i].Red, Ramp[i + 1].Red), Mix(Ramp[i].Green, Ramp[i + 1].Green), Mix(Ramp[i].Blue, Ramp[i + 1].Blue));
        }

        int outW = plane?.Width ?? w, outH = plane?.Height ?? h;
        var sampled = plane is null ? values : Drape(plane, raster, values, w, h, step);
        using var bitmap = new SKBitmap(new SKImageInfo(outW, outH, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < outH; y++)
        {
            for (int x = 0; x < outW; x++)
            {
                double v = sampled[y * outW + x];
                bitmap.SetPixel(x, y, double.IsNaN(v) ? SKColors.Transparent : ColourOf(v));
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);

        static string Hex(SKColor c) => $"#{c.Red:x2}{c.Green:x2}{c.Blue:x2}";
        var c = CultureInfo.InvariantCulture;
        var legend = categorical
            ? classes.Select(v => (Hex(ColourOf(v)), className?.Invoke((long)v) ?? v.ToString("0", c))).ToList()
            : Enumerable.Range(0, 5).Select(i => min + (max - min) * i / 4).Select(v => (Hex(ColourOf(v)), v.ToString("G4", c))).ToList();
        return new RasterPreviewImage(data.ToArray(), outW, outH, step, legend, categorical) { Classes = categorical ? [.. classes.Select(v => (long)v)] : [] };
    }

    private static SKColor ToSk(RgbColour c) => new(c.Red, c.Green, c.Blue);

    /// <summary>The preview samples at the centres of a map's pixels (nearest sample; NaN outside the raster).</summary>
    private static double[] Drape(Plane plane, GeoTiffRaster raster, double[] values, int w, int h, int step)
    {
        var lonLat = new NetTopologySuite.Geometries.Coordinate[plane.Width * plane.Height];
        for (int y = 0; y < plane.Height; y++)
        {
            for (int x = 0; x < plane.Width; x++)
            {
                double px = plane.Extent.MinX + (x + 0.5) / plane.Width * plane.Extent.Width;
                double py = plane.Extent.MaxY - (y + 0.5) / plane.Height * plane.Extent.Height;
                var (lon, lat) = plane.ToLonLat(px, py);
                lonLat[y * plane.Width + x] = new NetTopologySuite.Geometries.Coordinate(lon, lat);
            }
        }
        // Into the raster's CRS in one call (a Gauss–Krüger raster is projected with ProjNET; lon/lat is taken as it is).
        var world = raster.Crs.IsGeographic ? lonLat
            : raster.Crs.FromGeographic(new NetTopologySuite.Geometries.GeometryFactory().CreateMultiPointFromCoords(lonLat)).Coordinates;
        var result = new double[world.Length];
        for (int i = 0; i < world.Length; i++)
        {
            var (col, row) = raster.Transform.ToPixel(world[i].X, world[i].Y);
            int sx = (int)Math.Floor(col / step), sy = (int)Math.Floor(row / step);
            result[i] = col < 0 || row < 0 || col >= raster.Width || row >= raster.Height || sx >= w || sy >= h ? double.NaN : values[sy * w + sx];
        }
        return result;
    }
}
