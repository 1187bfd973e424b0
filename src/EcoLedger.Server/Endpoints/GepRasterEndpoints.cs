using EcoLedger.Server.Auth;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using static EcoLedger.Server.Auth.ServerRoles;

namespace EcoLedger.Server.Endpoints;

/// <summary>What <c>POST /api/gep/raster-sets</c> answers: the set's id (a run names it as <c>rasters</c>) and its files.</summary>
/// <param name="Sha256">The set's id: SHA-256 of its manifest (the configuration's name and every file's path and SHA-256).</param>
/// <param name="Config">The configuration's name as uploaded.</param>
/// <param name="Files">Every file with the path the configuration names it by, its SHA-256 and size.</param>
/// <param name="Bytes">All files' bytes.</param>
public sealed record RasterSetUpload(string Sha256, string Config, IReadOnlyList<RasterSetFile> Files, long Bytes);

/// <summary>
/// Rasters for GEP runs (<c>gep compute --rasters</c>): the raster configuration and the files it names arrive as one
/// <c>multipart/form-data</c> upload, streamed part by part to disk (never held whole in memory) under their own size limit
/// (<see cref="ServerOptions.MaxRasterUploadMegabytes"/>), checked as the CLI checks them, and kept as a set a run names.
/// </summary>
public static class GepRasterEndpoints
{
    /// <summary>The multipart field that carries the configuration (its file name is the configuration's name, e.g. rasters.json).</summary>
    public const string ConfigField = "config";

    /// <summary>Maps <c>POST /api/gep/raster-sets</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/gep/raster-sets", Upload).WithTags("gep").Roles(Bureau)
            .WithSummary("Upload a raster configuration and the files it names (multipart/form-data: the part 'config' is rasters.json; every other part is named " +
                "by its path as rasters.json names it, e.g. npp.tif or ../classes/cnlucc.csv, or is a part 'files' whose file name is that path). Streamed to disk " +
                "under EcoLedger:MaxRasterUploadMegabytes; checked as gep compute --rasters checks it. 201 with the set's id, which a run names as rasters.")
            .Produces<RasterSetUpload>(StatusCodes.Status201Created).Accepts<IFormFile>("multipart/form-data");
    }

    /// <summary>
    /// Receives the set; when it is refused (or the request breaks off), the parts it stored are taken back from the upload store
    /// (<see cref="Jobs.RemoveRefusedParts"/>: only bytes nothing else uploaded or names), so a refused set leaves nothing behind.
    /// </summary>
    private static async Task<IResult> Upload(HttpContext http, Jobs jobs, Microsoft.Extensions.Options.IOptions<ServerOptions> options)
    {
        var saved = new List<(string Path, StoredUpload Stored)>();
        IResult? answer = null;
        try
        {
            answer = await Receive(http, jobs, options, saved).ConfigureAwait(false);
            return answer;
        }
        finally
        {
            if (saved.Count > 0 && answer is not IStatusCodeHttpResult { StatusCode: StatusCodes.Status201Created })
            {
                string why = answer is ProblemHttpResult problem ? $"{problem.StatusCode} {problem.ProblemDetails.Title}: {problem.ProblemDetails.Detail}" : "the request broke off";
                jobs.RemoveRefusedParts(saved, Caller.Of(http.User), why.Length > 1000 ? why[..1000] + "…" : why);
            }
        }
    }

    private static async Task<IResult> Receive(HttpContext http, Jobs jobs, Microsoft.Extensions.Options.IOptions<ServerOptions> options,
        List<(string Path, StoredUpload Stored)> saved)
    {
        long max = (long)options.Value.MaxRasterUploadMegabytes * 1024 * 1024;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return Problems.BadInput("body", "Expected a multipart/form-data body: the part 'config' with the raster configuration, and one part per file it names.");
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max + (1024 * 1024); // this endpoint only; the part headers and boundaries get a MiB beside the files
        }
        if (http.Request.ContentLength > max + (1024 * 1024))
        {
            return TooLarge(max);
        }
        var files = new List<RasterSetFile>();
        string? config = null;
        long total = 0;
        var reader = new MultipartReader(boundary, http.Request.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
        try
        {
            while (await reader.ReadNextSectionAsync(http.RequestAborted).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
                {
                    return Problems.BadInput("body", "Every part must be a file (Content-Disposition: form-data; name=\"…\"; filename=\"…\").");
                }
                string field = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                string fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                string path = field == ConfigField || field is "files" or "file" ? fileName : field;
                if (field == ConfigField)
                {
                    if (config is not null)
                    {
                        return Problems.BadInput(ConfigField, "Only one part may be the configuration ('config').");
                    }
                    if (path.Length is 0 or > 128 || path.IndexOfAny(['/', '\\']) >= 0 || path.StartsWith('.') || !path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                    {
                        return Problems.BadInput(ConfigField, $"The configuration's file name '{path}': expected a .json file name without folders, e.g. rasters.json.");
                    }
                    config = path;
                }
                else if (RasterSet.PathProblem(path) is { } why)
                {
                    return Problems.BadInput(field, $"Part '{field}' names the file '{path}': {why}.");
                }
                if (files.Any(f => f.Path == path))
                {
                    return Problems.BadInput(field, $"'{path}' is uploaded twice; each file the configuration names is one part.");
                }
                var stored = await jobs.SaveUploadAsync(path.Split('/')[^1], section.Body, max - total, http.RequestAborted).ConfigureAwait(false);
                if (stored is null)
                {
                    return TooLarge(max);
                }
                saved.Add((path, stored));
                var input = stored.Input;
                total += input.Bytes;
                files.Add(new RasterSetFile(path, input.Sha256, input.Bytes));
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(max);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            // a body cut short or a malformed multipart stream
            return Problems.BadInput("body", $"The multipart body could not be read to its end ({e.Message.TrimEnd('.')}); nothing was kept as a set.");
        }
        if (config is null)
        {
            return Problems.BadInput(ConfigField, "No part 'config': send the raster configuration (rasters.json) as the part named config, and each file it names as a part named by its path.");
        }
        var set = new RasterSet("", config, files);
        var problems = Check(set, jobs);
        if (problems.Count > 0)
        {
            return Problems.Problem(StatusCodes.Status400BadRequest, "Invalid raster set",
                $"{problems.Count} problem{(problems.Count == 1 ? "" : "s")} in {config}; no set was kept: " + string.Join(" ", problems), "bad-input", [ConfigField]);
        }
        var manifest = jobs.SaveRasterSet(config, files);
        return Results.Created($"/api/gep/raster-sets/{manifest.Sha256}", new RasterSetUpload(manifest.Sha256, config, [.. RasterSet.Read(manifest.Sha256,
            File.ReadAllBytes(jobs.StoredPath(manifest.Sha256))).Files], total));
    }

    /// <summary>Lays the set out with links to the stored uploads (no copy) in a scratch folder and checks it as a run would read it.</summary>
    private static IReadOnlyList<string> Check(RasterSet set, Jobs jobs)
    {
        string scratch = Directory.CreateTempSubdirectory("ecoledger-raster-set-").FullName;
        try
        {
            string configPath = set.LayOut(scratch, (sha, path) => File.CreateSymbolicLink(path, jobs.StoredPath(sha)));
            return set.Check(configPath);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static IResult TooLarge(long max) => Problems.Problem(StatusCodes.Status413PayloadTooLarge, "Upload too large",
        $"The raster set is larger than {max / (1024 * 1024)} MiB, the largest this server takes (EcoLedger:MaxRasterUploadMegabytes); no set was kept.", "too-large", ["body"]);
}
