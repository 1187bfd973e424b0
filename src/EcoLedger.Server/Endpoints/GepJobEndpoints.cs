using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.Ledger;
using EcoLedger.Pricing;
using EcoLedger.Server.Auth;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Files;
using EcoLedger.Zoning;
using Microsoft.AspNetCore.Http.Features;
using static EcoLedger.Server.Auth.ServerRoles;

namespace EcoLedger.Server.Endpoints;

/// <summary>Starts a GEP run (<c>gep compute</c>): inputs by the SHA-256 an upload answered; options as the CLI's.</summary>
/// <param name="Units">The units file (CSV, GeoJSON or GeoPackage), as <c>--units</c>.</param>
/// <param name="RegionStats">Region statistics CSV, as <c>--region-stats</c>.</param>
/// <param name="Parameters">Parameter overrides JSON, as <c>--parameters</c>.</param>
/// <param name="Year">Accounting year, as <c>--year</c>.</param>
/// <param name="Method">Method profile code, as <c>--method</c>.</param>
/// <param name="Include">Opt-in indicators, as <c>--include</c>.</param>
/// <param name="AirPurification"><c>capacity-capped</c> (default) or <c>emissions</c>, as <c>--air-purification</c>.</param>
/// <param name="AllowEtFallback">As <c>--allow-et-fallback</c>.</param>
/// <param name="ReportLang">Language of the report: <c>zh</c> (default) or <c>en</c>.</param>
/// <param name="PriceYear">Constant prices at this year's price level, as <c>--price-year</c> (the shipped price-index table unless <c>price_index</c> names one).</param>
/// <param name="PriceSeries">The index series that moves prices between years, <c>cpi</c> (default) or <c>ppi</c>, as <c>--price-series</c>.</param>
/// <param name="Uncertainty">Monte Carlo draws of the parameter distributions (100 to 1,000,000), as <c>--uncertainty</c>.</param>
/// <param name="Seed">The random generator's seed (default 1), as <c>--seed</c>.</param>
/// <param name="Rasters">A raster set's id (<c>POST /api/gep/raster-sets</c>): unit inputs from its rasters first, as <c>--rasters</c>; the units are then polygons.</param>
/// <param name="PriceIndex">An uploaded price-index table (JSON, the shipped table's format) by SHA-256, as <c>--price-index</c>; needs <c>price_year</c>.</param>
/// <param name="UncertaintyDistributions">An uploaded distribution table (JSON, the shipped file's format) by SHA-256, as <c>--uncertainty-distributions</c>; needs <c>uncertainty</c>.</param>
public sealed record StartGepRunRequest(string Units, string? RegionStats = null, string? Parameters = null, int? Year = null, string? Method = null,
    IReadOnlyList<string>? Include = null, string? AirPurification = null, bool? AllowEtFallback = null, string? ReportLang = null,
    int? PriceYear = null, string? PriceSeries = null, int? Uncertainty = null, int? Seed = null, string? Rasters = null, string? PriceIndex = null,
    string? UncertaintyDistributions = null);

/// <summary>Zones a finished GEP run (<c>zones mark</c>); options as the CLI's.</summary>
/// <param name="Units">Unit polygons (.geojson or .gpkg) by SHA-256; default: the GEP run's units when they are polygons.</param>
/// <param name="Tiers">As <c>--tiers</c>, e.g. <c>priority:5e6,important:2e6</c> (yuan/km²).</param>
/// <param name="Basis"><c>all</c> (default) or <c>regulating</c>, as <c>--basis</c>.</param>
/// <param name="SnapM">As <c>--snap-m</c>.</param>
/// <param name="Crs">As <c>--crs</c>.</param>
/// <param name="Fix">As <c>--fix</c>.</param>
/// <param name="ReportLang">Language of the map legend and report: <c>zh</c> (default) or <c>en</c>.</param>
public sealed record StartZonesRequest(string? Units = null, string? Tiers = null, string? Basis = null, double? SnapM = null, string? Crs = null,
    bool? Fix = null, string? ReportLang = null);

/// <summary>
/// GEP runs and zoning as jobs (docs/server.md, "GEP and zoning jobs"): upload inputs, start a run, poll or stream its progress, download
/// the files <c>gep compute</c>, <c>zones mark</c> and <c>report gep</c> write. The bureau runs; the registry and auditors read. Asset
/// packages (<c>bank package create</c>) take a run's unit values.
/// </summary>
public static class GepJobEndpoints
{
    /// <summary>Who reads runs and their outputs.</summary>
    internal static readonly string[] Readers = [Bureau, Registry, Auditor];

    /// <summary>Maps <c>/api/gep/…</c> and <c>POST /api/pricing/packages</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var gep = app.MapGroup("/api/gep").WithTags("gep");
        GepRasterEndpoints.Map(app);
        GepAnalysisEndpoints.Map(app);
        gep.MapPost("/inputs", Upload).Roles(Bureau)
            .WithSummary("Upload one input file (the body is the file; ?file= names it, and its extension says its format): answered with its SHA-256, which a run names.")
            .Produces<JobInput>(StatusCodes.Status201Created).Accepts<byte[]>("application/octet-stream", "text/csv", "application/geo+json", "application/json", "application/geopackage+sqlite3");
        gep.MapGet("/inputs", (Jobs jobs) => Results.Ok(jobs.Inputs())).Roles(Readers).WithSummary("Uploaded inputs, newest first.");
        gep.MapPost("/runs", StartGep).Roles(Bureau)
            .WithSummary("Start a GEP run (gep compute, then report gep): 202 with the run; poll it or stream its events.").Produces<JobRecord>(StatusCodes.Status202Accepted);
        gep.MapGet("/runs", (Jobs jobs) => Results.Ok(jobs.All())).Roles(Readers).WithSummary("Every GEP and zoning run, newest first.");
        gep.MapGet("/runs/{id}", (string id, Jobs jobs) => jobs.Get(id) is { } job ? Results.Ok(job) : NoRun(id))
            .Roles(Readers).WithSummary("A run: status, progress, problems or outputs with their SHA-256.").Produces<JobRecord>();
        gep.MapPost("/runs/{id}/cancel", (string id, HttpContext http, Jobs jobs) =>
            {
                if (jobs.Get(id) is not { } before)
                {
                    return NoRun(id);
                }
                if (before.IsFinished)
                {
                    return Problems.Problem(StatusCodes.Status409Conflict, "Run finished", $"Run {id} is {before.Status} already: there is nothing to cancel.", "conflict", []);
                }
                var job = jobs.Cancel(id, Caller.Of(http.User))!;
                // queued: cancelled now (200); running: it stops at its next step (202), poll or stream it to see 'cancelled'
                return job.Status == JobStatus.Cancelled ? Results.Ok(job) : Results.Json(job, statusCode: StatusCodes.Status202Accepted);
            })
            .Roles(Bureau, Registry)
            .WithSummary("Cancel a queued or running GEP or zoning run: it stops at its next step, its partial files are deleted (nothing is offered for download), " +
                "and the cancellation is in the security log.").Produces<JobRecord>().Produces<JobRecord>(StatusCodes.Status202Accepted);
        gep.MapGet("/runs/{id}/events", Events).Roles(Readers)
            .WithSummary("Server-sent events: the run as JSON on each change ('progress'), then 'done'.").Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        gep.MapGet("/runs/{id}/files/{**name}", File).Roles(Readers)
            .WithSummary("Download one output of a finished run (gep-units.csv, gep-summary.json, zones.geojson, report/report.html, …).")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");
        gep.MapPost("/runs/{id}/zones", StartZones).Roles(Bureau)
            .WithSummary("Zone a succeeded GEP run (zones mark, then report gep --zones): 202 with the zoning run.").Produces<JobRecord>(StatusCodes.Status202Accepted);

        app.MapPost("/api/pricing/packages", CreatePackage).WithTags("pricing").Roles(LedgerEndpoints.Participants)
            .WithSummary("Create an asset package from a GEP run's unit values (bank package create; text/csv contributions: unit_id,contributor,mode,term_years,area_ha,guaranteed_min_cny; ?file= names it). The caller is its operator.")
            .Accepts<string>("text/csv");
    }

    private static async Task<IResult> Upload(string? file, HttpContext http, Jobs jobs, Microsoft.Extensions.Options.IOptions<ServerOptions> options)
    {
        if (string.IsNullOrWhiteSpace(file) || file.Length > 128 || file.IndexOfAny(['/', '\\']) >= 0 || file.Any(char.IsControl) || file.StartsWith('.'))
        {
            return Problems.BadInput("file", "The query parameter file must name the uploaded file: 1 to 128 characters, no path separators, not starting with a dot.");
        }
        if (Path.GetExtension(file).ToLowerInvariant() is not (".csv" or ".geojson" or ".json" or ".gpkg"))
        {
            return Problems.BadInput("file", $"'{file}': expected a .csv, .geojson or .gpkg units file, a .csv region statistics file or a .json parameter file (a shapefile's several files cannot be one upload: convert it to GeoPackage).");
        }
        long max = (long)options.Value.MaxUploadMegabytes * 1024 * 1024;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max; // this endpoint only; every other request keeps the 1 MiB limit
        }
        if (http.Request.ContentLength > max)
        {
            return TooLarge(file, max);
        }
        var input = await jobs.SaveInputAsync(file, http.Request.Body, max, http.RequestAborted).ConfigureAwait(false);
        return input is null ? TooLarge(file, max) : Results.Created($"/api/gep/inputs/{input.Sha256}", input);
    }

    private static IResult TooLarge(string file, long max) => Problems.Problem(StatusCodes.Status413PayloadTooLarge, "Upload too large",
        $"{file} is larger than {max / (1024 * 1024)} MiB, the largest input this server takes (EcoLedger:MaxUploadMegabytes); nothing was kept.", "too-large", ["body"]);

    private static IResult StartGep(StartGepRunRequest body, HttpContext http, Jobs jobs)
    {
        var (key, keyProblem) = CommandExecution.IdempotencyKey(http, required: false);
        if (keyProblem is not null)
        {
            return keyProblem;
        }
        if (body.Year is { } year && year is < GepRun.MinYear or > GepRun.MaxYear)
        {
            return Problems.BadInput("year", $"year: expected an accounting year from {GepRun.MinYear} to {GepRun.MaxYear}, got {year}.");
        }
        if (body.Method is { } m && !MethodProfile.TryParse(m, out _))
        {
            return Problems.BadInput("method", $"method: '{m}' is not a method profile; expected one of {MethodProfile.ValidCodes}.");
        }
        if ((body.Include ?? []).FirstOrDefault(c => !GepOptions.OptInIndicators.Contains(c)) is { } unknown)
        {
            return Problems.BadInput("include", $"include: '{unknown}' is not an indicator that can be opted into; expected one of {string.Join(", ", GepOptions.OptInIndicators)}.");
        }
        if (body.AirPurification is { } air && air is not ("capacity-capped" or "emissions"))
        {
            return Problems.BadInput("air_purification", $"air_purification: '{air}' is not a method; expected capacity-capped or emissions.");
        }
        if (LanguageProblem(body.ReportLang) is { } langProblem)
        {
            return langProblem;
        }
        JobInput? priceIndex = null;
        if (body.PriceIndex is { } indexSha && (priceIndex = jobs.Input(indexSha, "price_index")) is null)
        {
            return Problems.BadInput("price_index", $"No uploaded input has SHA-256 '{indexSha}' (price_index); upload the price-index table first (POST /api/gep/inputs?file=NAME.json) and name it by the sha256 answered.");
        }
        if (GepJob.PriceProblem(body.PriceYear, body.PriceSeries, priceIndex is null ? null : (jobs.StoredPath(priceIndex.Sha256), priceIndex.Name)) is { } price)
        {
            return Problems.BadInput(price.Field, price.Message);
        }
        JobInput? rasters = null;
        if (body.Rasters is { } setSha)
        {
            if (jobs.RasterSetOf(setSha) is null)
            {
                return Problems.BadInput("rasters", $"No raster set has id '{setSha}'; upload the raster configuration and its files first (POST /api/gep/raster-sets) and name the set by the sha256 answered.");
            }
            rasters = jobs.Input(setSha, "rasters");
        }
        JobInput? distributions = null;
        if (body.UncertaintyDistributions is { } tableSha && (distributions = jobs.Input(tableSha, "uncertainty_distributions")) is null)
        {
            return Problems.BadInput("uncertainty_distributions", $"No uploaded input has SHA-256 '{tableSha}' (uncertainty_distributions); upload the distribution table first (POST /api/gep/inputs?file=NAME.json) and name it by the sha256 answered.");
        }
        if (GepJob.UncertaintyProblem(body.Uncertainty, body.Seed, distributions is null ? null : (jobs.StoredPath(distributions.Sha256), distributions.Name)) is { } montecarlo)
        {
            return Problems.BadInput(montecarlo.Field, montecarlo.Message);
        }
        var inputs = new List<JobInput>();
        foreach (var (role, sha) in new[] { ("units", body.Units), ("region_stats", body.RegionStats), ("parameters", body.Parameters) })
        {
            if (sha is null)
            {
                continue;
            }
            if (jobs.Input(sha, role) is not { } input)
            {
                return Problems.BadInput(role, $"No uploaded input has SHA-256 '{sha}' ({role}); upload the file first (POST /api/gep/inputs?file=NAME) and name it by the sha256 answered.");
            }
            inputs.Add(input);
        }
        if (rasters is not null)
        {
            if (!ZonesJob.IsPolygonLayer(inputs[0].Name))
            {
                return Problems.BadInput("units", $"'{inputs[0].Name}': a run from rasters needs the units' polygons (a .geojson FeatureCollection), as gep compute --rasters does.");
            }
            inputs.Add(rasters);
        }
        if (priceIndex is not null)
        {
            inputs.Add(priceIndex);
        }
        if (distributions is not null)
        {
            inputs.Add(distributions);
        }
        var options = new JsonObject
        {
            ["year"] = body.Year,
            ["method"] = body.Method ?? MethodProfile.Default.Code,
            ["include"] = new JsonArray([.. (body.Include ?? []).Distinct(StringComparer.Ordinal).Select(c => (JsonNode)JsonValue.Create(c))]),
            ["air_purification"] = body.AirPurification ?? "capacity-capped",
            ["allow_et_fallback"] = body.AllowEtFallback ?? false,
            ["report_lang"] = body.ReportLang ?? "zh",
        };
        // only when asked, so a run without them is the same request as before they existed
        if (body.PriceYear is { } priceYear)
        {
            options["price_year"] = priceYear;
            options["price_series"] = body.PriceSeries ?? "cpi";
        }
        if (body.Uncertainty is { } draws)
        {
            options["uncertainty"] = draws;
            options["seed"] = body.Seed ?? 1;
        }
        return Started(http, jobs.Start(JobKind.Gep, Caller.Of(http.User), inputs, options, null, key, out bool replayed), replayed, key);
    }

    private static IResult StartZones(string id, StartZonesRequest body, HttpContext http, Jobs jobs)
    {
        var (key, keyProblem) = CommandExecution.IdempotencyKey(http, required: false);
        if (keyProblem is not null)
        {
            return keyProblem;
        }
        if (jobs.Get(id) is not { } parent)
        {
            return NoRun(id);
        }
        if (parent.Kind != "gep" || parent.Status != JobStatus.Succeeded)
        {
            return Problems.Problem(StatusCodes.Status422UnprocessableEntity, "Run not zonable",
                $"Run {id} is a {parent.Kind} run that is {parent.Status}; zoning needs a GEP run that succeeded.", "refused", []);
        }
        JobInput units;
        if (body.Units is { } sha)
        {
            if (jobs.Input(sha, "zone_units") is not { } given)
            {
                return Problems.BadInput("units", $"No uploaded input has SHA-256 '{sha}' (units); upload the unit polygons first (POST /api/gep/inputs?file=NAME).");
            }
            units = given;
        }
        else if (parent.Inputs.First(i => i.Role == "units") is { } own && ZonesJob.IsPolygonLayer(own.Name))
        {
            units = own with { Role = "zone_units" };
        }
        else
        {
            return Problems.BadInput("units", $"Run {id} was computed from a CSV without polygons; upload the unit polygons (.geojson or .gpkg with unit_id) and name them in units.");
        }
        if (!ZonesJob.IsPolygonLayer(units.Name))
        {
            return Problems.BadInput("units", $"'{units.Name}': expected unit polygons in a .geojson or .gpkg file.");
        }
        if (body.Basis is { } basis && basis is not ("all" or "regulating"))
        {
            return Problems.BadInput("basis", $"basis: '{basis}' is not a value basis; expected all or regulating.");
        }
        if (body.SnapM is { } snap && (snap < 0 || !double.IsFinite(snap)))
        {
            return Problems.BadInput("snap_m", $"snap_m: expected a distance in metres of 0 or more, got {snap}.");
        }
        if (LanguageProblem(body.ReportLang) is { } langProblem)
        {
            return langProblem;
        }
        var options = new JsonObject
        {
            ["tiers"] = body.Tiers,
            ["basis"] = body.Basis ?? "all",
            ["snap_m"] = body.SnapM ?? 0,
            ["crs"] = body.Crs,
            ["fix"] = body.Fix ?? false,
            ["report_lang"] = body.ReportLang ?? "zh",
        };
        try
        {
            _ = ZonesJob.Options(options); // the CLI's parsers: a bad tier list or CRS is refused before anything is queued
        }
        catch (ZoningInputException e)
        {
            return GepAnalysisEndpoints.ZoningProblem(e);
        }
        return Started(http, jobs.Start(JobKind.Zones, Caller.Of(http.User), [units], options, id, key, out bool replayed), replayed, key);
    }

    private static IResult? LanguageProblem(string? lang) => lang is null or "zh" or "en" ? null
        : Problems.BadInput("report_lang", $"report_lang: '{lang}' is not a report language; expected zh or en.");

    /// <summary>202 with a started run (or its replay), or 409 for an idempotency key used for another run request.</summary>
    internal static IResult Started(HttpContext http, JobRecord? job, bool replayed, string? key)
    {
        if (job is null)
        {
            return Problems.Problem(StatusCodes.Status409Conflict, "Idempotency key reused",
                $"The {CommandExecution.IdempotencyHeader} '{key}' was used for another run request; send a new key for a new run.", "idempotency-conflict", [CommandExecution.IdempotencyHeader]);
        }
        if (replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
        }
        return Results.Accepted($"/api/gep/runs/{job.Id}", job);
    }

    private static IResult NoRun(string id) => Problems.NotFound($"There is no GEP or zoning run '{id}'.");

    private static async Task Events(string id, HttpContext http, Jobs jobs)
    {
        if (jobs.Get(id) is null)
        {
            await NoRun(id).ExecuteAsync(http).ConfigureAwait(false);
            return;
        }
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var options = Jobs.CreateJsonOptions();
        options.WriteIndented = false;
        string? last = null;
        var cancel = http.RequestAborted;
        var quiet = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                var job = jobs.Get(id)!;
                string json = JsonSerializer.Serialize(job, options);
                if (json != last)
                {
                    await http.Response.WriteAsync($"event: {(job.IsFinished ? "done" : "progress")}\ndata: {json}\n\n", cancel).ConfigureAwait(false);
                    await http.Response.Body.FlushAsync(cancel).ConfigureAwait(false);
                    last = json;
                    quiet.Restart();
                }
                else if (quiet.Elapsed > TimeSpan.FromSeconds(15))
                {
                    await http.Response.WriteAsync(": still running\n\n", cancel).ConfigureAwait(false); // keeps proxies from closing an idle stream
                    await http.Response.Body.FlushAsync(cancel).ConfigureAwait(false);
                    quiet.Restart();
                }
                if (job.IsFinished)
                {
                    return;
                }
                await Task.Delay(250, cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // the client went away; the run goes on
        }
    }

    private static IResult File(string id, string name, Jobs jobs)
    {
        if (jobs.Get(id) is not { } job)
        {
            return NoRun(id);
        }
        if (jobs.OutputFile(job, name) is not { } path)
        {
            return Problems.NotFound(job.IsFinished
                ? $"Run {id} has no output '{name}'; it wrote {(job.Outputs.Count == 0 ? "nothing" : string.Join(", ", job.Outputs.Select(o => o.Name)))}."
                : $"Run {id} is {job.Status}; its outputs are served when it has finished.");
        }
        string type = Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".csv" => "text/csv; charset=utf-8",
            ".json" => "application/json; charset=utf-8",
            ".geojson" => "application/geo+json; charset=utf-8",
            ".svg" => "image/svg+xml",
            ".html" => "text/html; charset=utf-8",
            ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _ => "application/octet-stream",
        };
        // Downloaded, never rendered in this origin: a report is a self-contained page meant for a file, and the API's CSP would break it.
        return Results.File(path, type, Path.GetFileName(name));
    }

    private static async Task<IResult> CreatePackage(string? id, string? name, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "gep_run")] string? gepRun, string? services,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "share_basis")] string? shareBasis, string? file,
        HttpContext http, Jobs jobs, ServerStore store)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return Problems.BadInput("id", "The query parameter id must name the package.");
        }
        if (string.IsNullOrWhiteSpace(services))
        {
            return Problems.BadInput("services", "The query parameter services must list the GEP services valued in the package, comma-separated (e.g. water_conservation,soil_retention).");
        }
        var basis = (shareBasis ?? "area") switch
        {
            "area" => (ShareBasis?)ShareBasis.Area,
            "value" => ShareBasis.Value,
            _ => null,
        };
        if (basis is null)
        {
            return Problems.BadInput("share_basis", $"Unknown share_basis '{shareBasis}': expected area or value.");
        }
        if (gepRun is null || jobs.Get(gepRun) is not { Kind: "gep" } run)
        {
            return Problems.BadInput("gep_run", $"gep_run must name a GEP run of this server; '{gepRun}' is not one.");
        }
        if (run.Status != JobStatus.Succeeded)
        {
            return Problems.Problem(StatusCodes.Status422UnprocessableEntity, "Run not finished", $"GEP run {run.Id} is {run.Status}; a package takes the unit values of a run that succeeded.", "refused", ["gep_run"]);
        }
        var (csv, fileName, problem) = await CompensationPricingCommandEndpoints.CsvBody(http, file).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        var (rows, problems) = ContributionsCsv.Read(fileName!, new StringReader(csv!));
        if (problems.Count > 0)
        {
            return Problems.BadInput("body", $"{problems.Count} problem{(problems.Count == 1 ? "" : "s")} in {fileName}; nothing was created: " + string.Join(" ", problems.Select(p => p.ToString())));
        }
        var chosen = services.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = await LedgerEndpoints.Command(http, () =>
        {
            var (units, certificates) = AssetPackages.Build(id, basis.Value, chosen, rows, GepUnitsCsv.Read(jobs.OutputFolder(run.Id)));
            return EcoLedger.Pricing.CreatePackage.From(id, name ?? id, basis.Value, chosen, units, certificates);
        }).ConfigureAwait(false);
        if (result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status201Created } && !http.Response.Headers.ContainsKey("Idempotent-Replayed"))
        {
            // The journal holds the package's unit values; this entry says which run (and which gep-units.csv) they came from.
            var caller = Caller.Of(http.User);
            store.Log("package.created_from_run", caller.Name, caller.TokenId, new()
            {
                ["package"] = id,
                ["run"] = run.Id,
                ["gep_units_sha256"] = run.Outputs.FirstOrDefault(o => o.Name == "gep-units.csv")?.Sha256,
                ["summary_sha256"] = run.SummarySha256,
            });
        }
        return result;
    }
}
