using EcoLedger.Ledger.Compensation;

namespace EcoLedger.Tests.Ledger.Compensation;

public sealed class SampleFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-samplefile-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string json)
    {
        string path = Path.Combine(_dir, "gep-summary.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Should_read_a_gep_summary_as_one_gep_total_sample_dated_the_last_day_of_its_year()
    {
        string path = Write("""{ "currency": "CNY", "year": 2024, "parameters_version": "2026.1", "total_cny": 52345678.90 }""");

        var (rows, problems) = SampleFile.Read(path, "region", "up");

        Assert.Empty(problems);
        var row = Assert.Single(rows);
        Assert.Equal(new SampleRow(1, "region", "2024-12-31", "gep_total", "52345678.9", "CNY@2026.1", "gep compute", "up"), row);
    }

    [Fact]
    public void Should_name_every_missing_or_mistyped_field_of_a_gep_summary()
    {
        string path = Write("""{ "year": null, "total_cny": "12" }""");

        var (rows, problems) = SampleFile.Read(path, "region", "up");

        Assert.Empty(rows);
        Assert.Equal(
        [
            $"{path}, field 'year': expected the accounting year (run 'gep compute' with --year YYYY); got null.",
            $"{path}, field 'parameters_version': expected the parameter table version; got nothing.",
            $"{path}, field 'total_cny': expected the GEP total in CNY; got \"12\".",
        ], problems);
        // `{ nope`: the n is the third character.
        Assert.Equal($"{path}: line 1, column 3: not valid JSON ('n' is an invalid start of a property name. Expected a '\"').",
            Assert.Single(SampleFile.Read(Write("{ nope"), "region", "up").Problems));
    }
}
