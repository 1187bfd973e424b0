using System.Buffers.Binary;
using EcoLedger.Rasters;

namespace EcoLedger.Tests.Rasters;

public sealed class GeoTiffRasterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-geotiff-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Gdal(string name, string specJson)
    {
        string path = Path.Combine(_dir, name);
        ReferencePython.Run(ReferencePython.WriteVariant, path, specJson);
        return path;
    }

    /// <summary>The value ReferencePython.WriteVariant stores at (row, col) of a band.</summary>
    private static double Expected(string dtype, int width, int row, int col, int band = 1)
    {
        double v = (row * width + col) % 251 + 1000 * (band - 1);
        if (dtype is "int16" or "int32")
        {
            v -= 100;
        }
        return dtype.StartsWith("float", StringComparison.Ordinal) ? v * 0.5 : v;
    }

    [Theory]
    [InlineData("uint8", false, null, null, false)]
    [InlineData("uint8", true, "lzw", 2, false)]
    [InlineData("int16", false, "deflate", 2, false)]
    [InlineData("uint16", true, "packbits", null, false)]
    [InlineData("int32", true, "lzw", null, true)]
    [InlineData("float32", true, "deflate", 3, false)]
    [InlineData("float32", false, "lzw", 3, true)]
    [InlineData("float64", true, "deflate", 3, false)]
    [InlineData("float64", false, null, null, false)]
    public void Should_read_every_pixel_GDAL_wrote_whatever_the_layout_compression_predictor_and_type(string dtype, bool tiled, string? compress, int? predictor, bool bigTiff)
    {
        // Given a 37 × 29 raster (not a multiple of the 16 × 16 tiles or 3-row strips, so edge blocks are partial)
        string spec = $$"""{"height":29,"width":37,"dtype":"{{dtype}}","crs":"EPSG:4490","x0":128.5,"y0":47.9,"px":0.01,"py":0.02,"tiled":{{(tiled ? "true" : "false")}},"compress":{{(compress is null ? "null" : $"\"{compress}\"")}},"predictor":{{predictor?.ToString() ?? "null"}},"bigtiff":{{(bigTiff ? "true" : "false")}}}""";
        string path = Gdal($"{dtype}-{tiled}-{compress}-{predictor}-{bigTiff}.tif", spec);

        // When
        using var raster = GeoTiffRaster.Open(path);
        var band = raster.Band(1, cacheBytes: 1); // a one-block cache: every block boundary is crossed and re-read
        var row = new double[37];

        // Then
        Assert.Equal((37, 29, 1, 4490, bigTiff, tiled), (raster.Width, raster.Height, raster.Bands, raster.Crs.Epsg, raster.IsBigTiff, raster.IsTiled));
        Assert.Equal(new GeoTransform(128.5, 0.01, 0, 47.9, 0, -0.02), raster.Transform);
        for (int r = 0; r < 29; r++)
        {
            band.ReadRow(r, 0, row);
            for (int c = 0; c < 37; c++)
            {
                Assert.Equal(Expected(dtype, 37, r, c), row[c]);
            }
        }
        Assert.Equal(1, band.CacheBlocks);
    }

    [Theory]
    [InlineData("pixel")]
    [InlineData("band")]
    public void Should_read_the_band_asked_for_in_pixel_and_band_interleaved_files(string interleave)
    {
        string path = Gdal($"three-{interleave}.tif",
            $$"""{"height":20,"width":18,"count":3,"dtype":"uint16","crs":"EPSG:4527","x0":39500000,"y0":5300000,"px":30,"py":30,"tiled":true,"compress":"deflate","interleave":"{{interleave}}"}""");
        using var raster = GeoTiffRaster.Open(path);
        var values = new double[5];

        raster.Band(3).ReadRow(17, 11, values);

        // band 3 adds 2 × 1000: ((17·18 + 11) mod 251) + 2000 = (317 mod 251) + 2000 = 66 + 2000 = 2066, then 2067…2070
        Assert.Equal([2066, 2067, 2068, 2069, 2070], values);
        Assert.Equal(4527, raster.Crs.Epsg);
        Assert.Equal(new GeoTransform(39500000, 30, 0, 5300000, 0, -30), raster.Transform);
    }

    [Fact]
    public void Should_treat_the_GDAL_nodata_value_as_no_value()
    {
        string path = Gdal("nodata.tif", """{"height":4,"width":4,"dtype":"float32","crs":"EPSG:4326","x0":0,"y0":4,"px":1,"py":1,"nodata":-9999,"tiled":false}""");
        using var raster = GeoTiffRaster.Open(path);
        var band = raster.Band(1);
        var values = new double[2];
        band.ReadRow(0, 0, values);

        Assert.Equal(-9999, raster.NoData);
        Assert.False(band.IsValid(values[0]));
        Assert.True(band.IsValid(values[1]));
        Assert.Equal(0.5, values[1]);
    }

    [Fact]
    public void Should_read_back_what_GeoTiffWriter_wrote()
    {
        string path = Path.Combine(_dir, "written.tif");
        var values = new float[300, 270];
        for (int r = 0; r < 300; r++)
        {
            for (int c = 0; c < 270; c++)
            {
                values[r, c] = r * 0.25f - c;
            }
        }
        var t = new GeoTransform(39_600_000, 30, 0, 5_280_000, 0, -30);
        GeoTiffWriter.WriteFloat32(path, values, t, EcoLedger.Spatial.SupportedCrs.Find(4527)!, -9999);

        using var raster = GeoTiffRaster.Open(path);
        var row = new double[270];
        raster.Band(1).ReadRow(299, 0, row);

        Assert.Equal((270, 300, 4527, -9999d, "Deflate", 3), (raster.Width, raster.Height, raster.Crs.Epsg, raster.NoData, raster.Compression, raster.Predictor));
        Assert.Equal(t, raster.Transform);
        Assert.Equal(299 * 0.25 - 269, row[269]);
        // GDAL reads it too, with the same georeferencing and CRS.
        string gdal = ReferencePython.Run("import sys, rasterio\nd = rasterio.open(sys.argv[1])\nprint(d.crs.to_epsg(), d.transform.c, d.transform.f, d.nodata, d.read(1)[299, 269])", path);
        Assert.Equal("4527 39600000.0 5280000.0 -9999.0 -194.25", gdal.Trim());
    }

    [Fact]
    public void Should_refuse_an_unsupported_compression_naming_the_tag_and_value()
    {
        string path = Gdal("jpeg.tif", """{"height":16,"width":16,"dtype":"uint8","crs":"EPSG:4490","x0":120,"y0":40,"px":0.01,"py":0.01,"tiled":true,"compress":"jpeg"}""");

        var e = Assert.Throws<RasterInputException>(() => GeoTiffRaster.Open(path, "lc.tif"));

        Assert.Equal("lc.tif: unsupported TIFF variant: Compression (259) = 7; expected 1 (none), 5 (LZW), 8 or 32946 (Deflate) or 32773 (PackBits).", e.Message);
    }

    [Fact]
    public void Should_refuse_an_unsupported_predictor_naming_the_tag_and_value()
    {
        // GDAL refuses to write a predictor other than 1, 2 or 3, so a valid LZW file with predictor 2 is written and the
        // Predictor entry of its first IFD is patched to 5 (a value no TIFF revision defines).
        string path = Gdal("predictor.tif", """{"height":16,"width":16,"dtype":"uint8","crs":"EPSG:4490","x0":120,"y0":40,"px":0.01,"py":0.01,"tiled":true,"compress":"lzw","predictor":2}""");
        PatchShortTag(path, tag: 317, expectedBefore: 2, value: 5);

        var e = Assert.Throws<RasterInputException>(() => GeoTiffRaster.Open(path, "lc.tif"));

        Assert.Equal("lc.tif: unsupported TIFF variant: Predictor (317) = 5; expected 1 (none), 2 (horizontal) or 3 (floating point).", e.Message);
    }

    /// <summary>
    /// Overwrites the value of a SHORT entry of the first IFD of a little-endian classic TIFF in place. An IFD entry is
    /// 12 bytes: tag (u16), type (u16, 3 = SHORT), count (u32) and, for one SHORT, the value in the first 2 of 4 bytes
    /// (TIFF 6.0, section 2).
    /// </summary>
    private static void PatchShortTag(string path, ushort tag, ushort expectedBefore, ushort value)
    {
        byte[] b = File.ReadAllBytes(path);
        Assert.Equal("II*\0", System.Text.Encoding.ASCII.GetString(b, 0, 4)); // little-endian, classic (not BigTIFF)
        int ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4));
        int entries = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(ifd));
        for (int i = 0; i < entries; i++)
        {
            int at = ifd + 2 + i * 12;
            if (BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at)) == tag)
            {
                Assert.Equal(((ushort)3, 1u, expectedBefore), (BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at + 2)), BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at + 4)), BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at + 8))));
                BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at + 8), value);
                File.WriteAllBytes(path, b);
                return;
            }
        }
        Assert.Fail($"{path}: the first IFD has no tag {tag}.");
    }

    [Fact]
    public void Should_refuse_complex_samples_naming_the_sample_format_and_bits()
    {
        // GDAL's CFloat32 is stored as SampleFormat 6 (complex IEEE float) with 64 bits per sample (two 32-bit floats).
        string path = Gdal("complex.tif", """{"height":4,"width":4,"dtype":"complex64","crs":"EPSG:4490","x0":120,"y0":40,"px":0.01,"py":0.01}""");

        var e = Assert.Throws<RasterInputException>(() => GeoTiffRaster.Open(path, "npp.tif"));

        Assert.Equal("npp.tif: unsupported TIFF variant: SampleFormat (339) = 6 with BitsPerSample (258) = 64; expected unsigned or signed integers of 8, 16 or 32 bits, or IEEE floats of 32 or 64 bits.", e.Message);
    }

    [Fact]
    public void Should_refuse_a_CRS_that_EcoLedger_cannot_reproject()
    {
        string path = Gdal("utm.tif", """{"height":4,"width":4,"dtype":"float32","crs":"EPSG:32650","x0":500000,"y0":5300000,"px":30,"py":30}""");

        var e = Assert.Throws<RasterInputException>(() => GeoTiffRaster.Open(path, "npp.tif"));

        Assert.Equal("npp.tif: ProjectedCSTypeGeoKey (3072) = 32650: EPSG:32650 is not a CRS EcoLedger can reproject; expected "
            + "EPSG:4326 or EPSG:4490 (lon/lat), EPSG:4491–4512 (CGCS2000 6° Gauss–Krüger) or EPSG:4513–4554 (CGCS2000 3° Gauss–Krüger) (e.g. gdalwarp -t_srs EPSG:4490).", e.Message);
    }

    [Fact]
    public void Should_refuse_a_user_defined_CRS_naming_the_GeoKey_and_the_projection_method()
    {
        // GDAL writes a PROJ string without an EPSG code as ProjectedCSTypeGeoKey = 32767 with ProjCoordTransGeoKey = 11.
        string path = Gdal("albers.tif", """{"height":4,"width":4,"dtype":"float32","crs":"+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs","x0":1000000,"y0":5000000,"px":30,"py":30}""");

        var e = Assert.Throws<RasterInputException>(() => GeoTiffRaster.Open(path, "npp.tif"));

        Assert.Equal("npp.tif: ProjectedCSTypeGeoKey (3072) = 32767 (user-defined, projected by ProjCoordTransGeoKey (3075) = 11 (Albers equal-area)): the CRS is defined by its parameters, not by an EPSG code; give it as WKT in the configuration (\"crs\": \"PROJCS[...]\" or \"crs\": \"file.prj\"), or reproject the raster to "
            + "EPSG:4326 or EPSG:4490 (lon/lat), EPSG:4491–4512 (CGCS2000 6° Gauss–Krüger) or EPSG:4513–4554 (CGCS2000 3° Gauss–Krüger) (e.g. gdalwarp -t_srs EPSG:4490).", e.Message);
    }

    [Fact]
    public void Should_refuse_a_TIFF_without_georeferencing()
    {
        string path = Path.Combine(_dir, "plain.tif");
        ReferencePython.Run("import sys, numpy as np, rasterio\nwith rasterio.open(sys.argv[1], 'w', driver='GTiff', width=2, height=2, count=1, dtype='uint8') as d: d.write(np.zeros((2, 2), 'uint8'), 1)", path);

        var e = Assert.Throws<RasterInputException>(() => GeoTiffRaster.Open(path, "plain.tif"));

        Assert.Equal("plain.tif: not georeferenced: it has no ModelTransformation tag (34264) and no ModelPixelScale (33550) + ModelTiepoint (33922) pair.", e.Message);
    }

    [Fact]
    public void Should_refuse_a_band_the_raster_does_not_have()
    {
        string path = Gdal("one.tif", """{"height":4,"width":4,"dtype":"uint8","crs":"EPSG:4490","x0":120,"y0":40,"px":0.01,"py":0.01}""");
        using var raster = GeoTiffRaster.Open(path, "one.tif");

        var e = Assert.Throws<RasterInputException>(() => raster.Band(2));

        Assert.Equal("one.tif: has 1 band; band 2 does not exist (bands are numbered from 1).", e.Message);
    }

    [Fact]
    public void Should_say_a_file_that_is_not_a_TIFF_is_not_one()
    {
        string path = Path.Combine(_dir, "notes.tif");
        File.WriteAllText(path, "hello, not a tiff");

        var e = Assert.Throws<RasterInputException>(() => GeoTiffRaster.Open(path, "notes.tif"));

        Assert.StartsWith("notes.tif: not a TIFF file (", e.Message, StringComparison.Ordinal);
    }
}
