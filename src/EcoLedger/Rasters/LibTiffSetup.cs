using BitMiracle.LibTiff.Classic;

namespace EcoLedger.Rasters;

/// <summary>
/// Process-wide LibTiff.NET settings: the GeoTIFF and GDAL tags registered (so LibTiff.NET reads them without printing
/// "unknown field with tag 34735" warnings to stderr) and an error handler that keeps the last error for our messages
/// instead of writing it to the console.
/// </summary>
internal static class LibTiffSetup
{
    private static readonly Lock Gate = new();
    private static bool _done;
    private static Tiff.TiffExtendProc? _parent;

    /// <summary>The last error LibTiff.NET reported on this thread, or null.</summary>
    [ThreadStatic]
    internal static string? LastError;

    /// <summary>Installs the tag extender and the error handler once.</summary>
    internal static void Ensure()
    {
        lock (Gate)
        {
            if (_done)
            {
                return;
            }
            _parent = Tiff.SetTagExtender(Extend);
            Tiff.SetErrorHandler(new Handler());
            _done = true;
        }
    }

    private static void Extend(Tiff tiff)
    {
        // readCount −1 (TIFF_VARIABLE) with passCount: LibTiff.NET returns [count, values] for these array tags.
        TiffFieldInfo[] fields =
        [
            new(GeoTiffRaster.ModelPixelScale, -1, -1, TiffType.DOUBLE, FieldBit.Custom, true, true, "ModelPixelScale"),
            new(GeoTiffRaster.ModelTiepoint, -1, -1, TiffType.DOUBLE, FieldBit.Custom, true, true, "ModelTiepoint"),
            new(GeoTiffRaster.ModelTransformation, -1, -1, TiffType.DOUBLE, FieldBit.Custom, true, true, "ModelTransformation"),
            new(GeoTiffRaster.GeoKeyDirectoryTag, -1, -1, TiffType.SHORT, FieldBit.Custom, true, true, "GeoKeyDirectory"),
            new(GeoTiffRaster.GeoDoubleParams, -1, -1, TiffType.DOUBLE, FieldBit.Custom, true, true, "GeoDoubleParams"),
            new(GeoTiffRaster.GeoAsciiParams, -1, -1, TiffType.ASCII, FieldBit.Custom, true, false, "GeoAsciiParams"),
            new(GeoTiffRaster.GdalMetadata, -1, -1, TiffType.ASCII, FieldBit.Custom, true, false, "GDALMetadata"),
            new(GeoTiffRaster.GdalNoData, -1, -1, TiffType.ASCII, FieldBit.Custom, true, false, "GDALNoData"),
        ];
        tiff.MergeFieldInfo(fields, fields.Length);
        _parent?.Invoke(tiff);
    }

    private sealed class Handler : TiffErrorHandler
    {
        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) =>
            LastError = args.Length > 0 ? string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args) : format;

        public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
        }

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
        {
            // Warnings (unknown private tags of other software, for instance) do not stop reading; they are not printed.
        }

        public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
        }
    }
}
