using System.Text;
using EcoLedger.Zoning;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Esri;
using static EcoLedger.Tests.Zoning.ZoningFixture;

namespace EcoLedger.Tests.Zoning;

/// <summary>
/// The encoding of a Shapefile's attribute text. Chinese GIS software usually writes GBK, declared by a .cpg (GDAL writes
/// "CP936", ArcGIS "936"), by the .dbf's language driver byte (0x4D), or by nothing at all.
/// </summary>
public class ShapefileTextTests
{
    private const string LonLatPrj = "GEOGCS[\"China Geodetic Coordinate System 2000\",DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101]]," +
        "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433],AUTHORITY[\"EPSG\",\"4490\"]]";

    static ShapefileTextTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// Two compartments of 伊春 with Chinese ids and a Chinese field name, written in GBK; then the .cpg is replaced by
    /// <paramref name="cpg"/> (deleted when null) and the language driver byte set to <paramref name="driver"/>.
    /// </summary>
    private static string WriteGbk(ZoningFixture fx, string? cpg, byte driver)
    {
        string path = fx.PathOf("林班.shp");
        var features = new[] { ("带岭林场1", "带岭"), ("乌马河林场2", "乌马河") }.Select((f, i) => (IFeature)new Feature(
            Read($"POLYGON (({128 + i * 0.1} 47, {128.1 + i * 0.1} 47, {128.1 + i * 0.1} 47.1, {128 + i * 0.1} 47.1, {128 + i * 0.1} 47))"),
            new AttributesTable { { "unit_id", f.Item1 }, { "林场", f.Item2 } }));
        Shapefile.WriteAllFeatures(features, path, LonLatPrj, Encoding.GetEncoding(936));
        string cpgPath = Path.ChangeExtension(path, ".cpg");
        File.Delete(cpgPath);
        if (cpg is not null)
        {
            File.WriteAllText(cpgPath, cpg);
        }
        using var dbf = File.OpenWrite(Path.ChangeExtension(path, ".dbf"));
        dbf.Position = 29;
        dbf.WriteByte(driver);
        return path;
    }

    [Theory]
    [InlineData("CP936", 0x00)] // as GDAL writes it
    [InlineData("936", 0x00)] // as ArcGIS writes it
    [InlineData("GBK\r\n", 0x00)]
    [InlineData("ANSI 936", 0x57)]
    [InlineData(null, 0x4D)] // no .cpg: the language driver byte says Chinese GBK
    public void A_GBK_shapefile_declared_by_its_cpg_or_its_language_driver_reads_its_Chinese_ids_and_field_names(string? cpg, byte driver)
    {
        using var fx = new ZoningFixture();
        string path = WriteGbk(fx, cpg, driver);

        var layer = FeatureLayerReader.Read(path, "unit_id");

        Assert.Equal(["带岭林场1", "乌马河林场2"], layer.Features.Select(f => f.Id));
        Assert.Equal(["带岭", "乌马河"], layer.Features.Select(f => f.Attributes["林场"]));
    }

    [Fact]
    public void GBK_text_that_nothing_declares_is_refused_with_how_to_declare_it()
    {
        using var fx = new ZoningFixture();
        string path = WriteGbk(fx, cpg: null, driver: 0x00);

        var e = Assert.Throws<ZoningInputException>(() => FeatureLayerReader.Read(path, "unit_id"));

        Assert.Equal("林班.dbf: holds text that is not UTF-8, and no .cpg file or language driver byte says its encoding. Chinese GIS software " +
            "usually writes GBK: put a .cpg file containing 936 next to the .shp (65001 if it is UTF-8), or convert the layer with ogr2ogr -lco ENCODING=UTF-8.",
            e.Message);
    }

    [Fact]
    public void GBK_text_under_a_cpg_that_says_UTF_8_is_refused_naming_the_cpg()
    {
        using var fx = new ZoningFixture();
        string path = WriteGbk(fx, "UTF-8", driver: 0x00);

        var e = Assert.Throws<ZoningInputException>(() => FeatureLayerReader.Read(path, "unit_id"));

        Assert.Equal("林班.dbf: holds text that is not valid UTF-8, the encoding 林班.cpg states; put the right code page in a .cpg file (936 for GBK, 65001 for UTF-8), " +
            "or convert the layer with ogr2ogr -lco ENCODING=UTF-8.", e.Message);
    }

    [Fact]
    public void UTF_8_text_under_a_language_driver_byte_that_says_GBK_is_refused_naming_the_byte()
    {
        // Given a UTF-8 layer whose .cpg was lost and whose language driver byte says Chinese GBK (0x4D). "乌" in UTF-8 is E4 B9 8C: E4 B9
        // reads as one GBK character, then 8C opens a pair that the field's padding space (0x20) cannot close, so the decoding fails
        using var fx = new ZoningFixture();
        string path = fx.PathOf("u.shp");
        Shapefile.WriteAllFeatures([new Feature(Read("POLYGON ((128 47, 128.1 47, 128.1 47.1, 128 47.1, 128 47))"), new AttributesTable { { "unit_id", "乌" } })],
            path, LonLatPrj);
        File.Delete(Path.ChangeExtension(path, ".cpg"));
        using (var dbf = File.OpenWrite(Path.ChangeExtension(path, ".dbf")))
        {
            dbf.Position = 29;
            dbf.WriteByte(0x4D);
        }

        var e = Assert.Throws<ZoningInputException>(() => FeatureLayerReader.Read(path, "unit_id"));

        Assert.Equal("u.dbf: holds text that is not valid code page 936, the encoding its language driver byte 0x4D states; put the right code page in a .cpg file " +
            "(936 for GBK, 65001 for UTF-8), or convert the layer with ogr2ogr -lco ENCODING=UTF-8.", e.Message);
    }

    [Fact]
    public void A_cpg_naming_an_unknown_encoding_is_refused()
    {
        using var fx = new ZoningFixture();
        string path = WriteGbk(fx, "Klingon", driver: 0x4D);

        var e = Assert.Throws<ZoningInputException>(() => FeatureLayerReader.Read(path, "unit_id"));

        Assert.Equal("林班.cpg: names the encoding 'Klingon', which is not known; expected a code page such as 936 (GBK), 65001 or UTF-8.", e.Message);
    }

    [Fact]
    public void A_UTF_8_shapefile_with_an_upper_case_CPG_reads_as_before()
    {
        using var fx = new ZoningFixture();
        string path = fx.PathOf("u.shp");
        Shapefile.WriteAllFeatures([new Feature(Read("POLYGON ((128 47, 128.1 47, 128.1 47.1, 128 47.1, 128 47))"), new AttributesTable { { "unit_id", "林1" } })],
            path, LonLatPrj);
        File.Move(Path.ChangeExtension(path, ".cpg"), Path.ChangeExtension(path, ".CPG"));

        Assert.Equal("林1", FeatureLayerReader.Read(path, "unit_id").Features.Single().Id);
        Assert.Equal("UTF-8", File.ReadAllText(Path.ChangeExtension(path, ".CPG")));
    }
}
