using EcoLedger.Spatial;
using EcoLedger.Valuation.Files;

namespace EcoLedger.Tests.Valuation;

/// <summary>The CRS a GeoJSON units file states in its GeoJSON 2008 <c>crs</c> member, which gep prepare takes as the units' CRS.</summary>
public sealed class UnitFileCrsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-unit-crs-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private const string Feature =
        """{"type":"Feature","properties":{"unit_id":"U0","region":"R","ecosystem":"forest"},"geometry":{"type":"Polygon","coordinates":[[[429000,5262000],[430000,5262000],[430000,5263000],[429000,5263000],[429000,5262000]]]}}""";

    private UnitFileReader Read(string json)
    {
        string path = Path.Combine(_dir, "units.geojson");
        File.WriteAllText(path, json);
        var reader = new UnitFileReader(path, "units.geojson");
        Assert.Single(reader.Read().ToList());
        return reader;
    }

    [Theory]
    [InlineData("urn:ogc:def:crs:EPSG::4531", 4531)] // as GDAL writes it (RFC7946=NO)
    [InlineData("EPSG:4531", 4531)]
    public void A_crs_member_before_the_features_is_the_files_CRS(string name, int epsg)
    {
        var reader = Read($$$"""{"type":"FeatureCollection","name":"units","crs":{"type":"name","properties":{"name":"{{{name}}}"}},"features":[{{{Feature}}}]}""");

        Assert.Equal(epsg, reader.FileCrs?.Epsg);
        Assert.Equal(CoordinateKind.ProjectedMetres, reader.FileCrs?.Kind);
    }

    [Fact]
    public void A_file_without_a_crs_member_states_none()
    {
        Assert.Null(Read($$"""{"type":"FeatureCollection","features":[{{Feature}}]}""").FileCrs);
    }

    [Fact]
    public void A_crs_member_after_the_features_is_not_looked_for()
    {
        // Only the file's first mebibyte is read for it (the features of a large file follow), and GDAL writes it first
        Assert.Null(Read($$$$"""{"type":"FeatureCollection","features":[{{{{Feature}}}}],"crs":{"type":"name","properties":{"name":"EPSG:4531"}}}""").FileCrs);
    }
}
