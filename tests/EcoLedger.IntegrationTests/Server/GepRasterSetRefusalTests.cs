using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EcoLedger.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static EcoLedger.IntegrationTests.Server.GepJobTests;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// A refused raster set leaves nothing in the upload store: the parts it stored are taken back, except bytes that an accepted set, another
/// upload or a run also has (the store keeps each content once), and the removal is in the security log.
/// </summary>
public sealed class GepRasterSetRefusalTests : IDisposable
{
    private static readonly string RasterDir = GepRasterJobTests.RasterDir;
    private static readonly string Config = GepRasterJobTests.Config;

    // The sample raster set, as GepRasterJobTests uploads it.
    private static readonly (string Path, string File)[] SampleFiles = GepRasterJobTests.SampleFiles;

    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-raster-refusal-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string FileOf(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The names of the upload store's files (SHA-256 and SHA-256.name), without temporary files.</summary>
    private static string[] Store(Jobs jobs) =>
        [.. Directory.GetFiles(Path.Combine(jobs.Root, "inputs")).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).Order(StringComparer.Ordinal)!];

    [Fact]
    public void A_refused_set_takes_back_the_parts_only_it_stored_and_logs_the_removal()
    {
        using var server = new ServerTestHost(settings: new Dictionary<string, string> { ["EcoLedger:MaxRasterUploadMegabytes"] = "1" });
        string bureau = server.TokenOf("bureau");
        var jobs = server.Services.GetRequiredService<Jobs>();

        // Given an accepted set (the sample) and a file uploaded on its own as a GEP input
        Assert.Equal(HttpStatusCode.Created, GepRasterJobTests.UploadSet(server, bureau, File.ReadAllBytes(Config), SampleFiles).Status);
        byte[] alone = Encoding.UTF8.GetBytes("a file the bureau uploaded on its own, " + Guid.NewGuid());
        var aloneInput = Upload(server, bureau, FileOf("alone.csv", alone), "alone.csv");
        string aloneName = jobs.StoredPath(Sha(aloneInput)) + ".name";
        var aloneWritten = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc); // the date retention counts from
        File.SetLastWriteTimeUtc(aloneName, aloneWritten);
        var before = Store(jobs);

        // When a set is refused (its precipitation raster is missing) that brings a configuration of its own, a new file twice (two paths,
        // the same bytes), five of the accepted set's files and the file uploaded on its own
        byte[] config = Encoding.UTF8.GetBytes(File.ReadAllText(Config).Replace("Yichun sample", "Yichun sample, edited", StringComparison.Ordinal));
        byte[] fresh = Encoding.UTF8.GetBytes("bytes only the refused set has, " + Guid.NewGuid());
        string freshFile = FileOf("fresh.tif", fresh);
        var refused = GepRasterJobTests.UploadSet(server, bureau, config,
            [.. SampleFiles.Where(f => f.Path != "precipitation_mm.tif"), ("extra/fresh.tif", freshFile), ("extra/copy.tif", freshFile), ("extra/renamed.csv", FileOf("renamed.csv", alone))]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);

        // Then the store is as it was: the refused set's configuration and new file are gone, what others uploaded stays
        Assert.Equal(before, Store(jobs));
        Assert.False(File.Exists(jobs.StoredPath(Sha256(config))));
        Assert.False(File.Exists(jobs.StoredPath(Sha256(fresh))));
        Assert.True(File.Exists(jobs.StoredPath(Sha(aloneInput))));
        // the lone upload keeps its name and date: a refused set's part names are not "the name last given", nor do they put off retention
        Assert.Equal("alone.csv", jobs.Input(Sha(aloneInput), "units")!.Name);
        Assert.Equal(aloneWritten, File.GetLastWriteTimeUtc(aloneName));
        Assert.All(SampleFiles, f => Assert.True(File.Exists(jobs.StoredPath(Sha256(File.ReadAllBytes(f.File)))), f.Path));
        // and the security log names who uploaded what was removed, and why the set was refused
        var entry = Assert.Single(server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray(), e => e!["kind"]!.GetValue<string>() == "gep.uploads_removed")!;
        Assert.Equal("token:" + bureau.Split('_')[1], entry["principal"]!.GetValue<string>());
        var detail = JsonNode.Parse(entry["detail"]!.GetValue<string>())!;
        Assert.Equal($"rasters.json:{Sha256(config)}:{config.Length},extra/fresh.tif:{Sha256(fresh)}:{fresh.Length}", detail["files"]!.GetValue<string>());
        // 9 parts: the configuration and the new file (both its paths) removed; the bytes of the 5 sample files and the lone upload kept
        Assert.Equal("6", detail["kept"]!.GetValue<string>());
        Assert.StartsWith("raster set refused: 400 Invalid raster set: 1 problem in rasters.json; no set was kept: rasters.json: fields.precipitation_mm: precipitation_mm.tif: file not found.",
            detail["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        // And a set refused part-way, beyond the endpoint's limit, takes back the parts it had stored before the one too large
        byte[] early = Encoding.UTF8.GetBytes("stored before the part that is too large, " + Guid.NewGuid());
        var tooLarge = GepRasterJobTests.UploadSet(server, bureau, null,
            [("early.tif", FileOf("early.tif", early)), ("big.tif", FileOf("big.tif", new byte[(1024 * 1024) + 1]))]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
        Assert.Equal(before, Store(jobs));
        Assert.Equal(2, server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray().Count(e => e!["kind"]!.GetValue<string>() == "gep.uploads_removed"));
        Assert.True(server.Ok("auditor", HttpMethod.Get, "/api/security-log/verify")!["verified"]!.GetValue<bool>());
    }
}
