using System.Text.Json.Nodes;
using EcoLedger.Server.Auth;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using EcoLedger.Zoning;
using static EcoLedger.Server.Auth.ServerRoles;

namespace EcoLedger.Server.Endpoints;

/// <summary>Screens planned sites against a zoning run (<c>zones screen</c>); options as the CLI's.</summary>
/// <param name="Sites">Planned site footprints (polygons with <c>site_id</c>, .geojson or .gpkg) by the SHA-256 an upload answered, as <c>--sites</c>.</param>
/// <param name="Crs">CRS of the sites: <c>auto</c> (default), <c>geographic</c>, <c>projected</c> or <c>EPSG:code</c>, as <c>--crs</c>.</param>
/// <param name="SliverM2">Overlaps below this many m² are slivers, counted as touching (default 1), as <c>--sliver-m2</c>.</param>
/// <param name="SliverPct">Overlaps below this percentage of the smaller of the site and the zone's unit are slivers too (default 0.01), as <c>--sliver-pct</c>.</param>
public sealed record StartScreenRequest(string Sites, string? Crs = null, double? SliverM2 = null, double? SliverPct = null);

/// <summary>Compares two GEP runs (<c>gep compare</c>); options as the CLI's.</summary>
/// <param name="From">The earlier GEP run's id, as <c>--from</c>.</param>
/// <param name="To">The later GEP run's id, as <c>--to</c>.</param>
/// <param name="UnitMap">A CSV <c>from_unit_id,to_unit_id</c> pairing units whose ids differ, by SHA-256, as <c>--unit-map</c>.</param>
public sealed record StartCompareRequest(string From, string To, string? UnitMap = null);

/// <summary>
/// <c>zones screen</c> and <c>gep compare</c> as jobs, like GEP and zoning runs (docs/server.md): started here, then polled, streamed,
/// cancelled and downloaded at <c>/api/gep/runs/{id}</c>, retained by <c>EcoLedger:JobRetentionDays</c>. The bureau starts them; the
/// registry and auditors read.
/// </summary>
public static class GepAnalysisEndpoints
{
    /// <summary>Maps <c>POST /api/gep/runs/{id}/screen</c> and <c>POST /api/gep/compare</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/gep/runs/{id}/screen", StartScreen).WithTags("gep").Roles(Bureau)
            .WithSummary("Screen planned sites against a succeeded zoning run (zones screen --json): 202 with the screening run; its outputs are screening.json, the CLI's JSON, and screening.txt, the CLI's table.")
            .Produces<JobRecord>(StatusCodes.Status202Accepted);
        app.MapPost("/api/gep/compare", StartCompare).WithTags("gep").Roles(Bureau)
            .WithSummary("Compare two succeeded GEP runs (gep compare): 202 with the comparison run; its outputs are the CLI's accounts (gep-change-summary.json, gep-change-*.csv, …).")
            .Produces<JobRecord>(StatusCodes.Status202Accepted);
    }

    private static IResult StartScreen(string id, StartScreenRequest body, HttpContext http, Jobs jobs)
    {
        var (key, keyProblem) = CommandExecution.IdempotencyKey(http, required: false);
        if (keyProblem is not null)
        {
            return keyProblem;
        }
        if (jobs.Get(id) is not { } zoning)
        {
            return Problems.NotFound($"There is no GEP or zoning run '{id}'.");
        }
        if (zoning.Kind != "zones" || zoning.Status != JobStatus.Succeeded)
        {
            return Problems.Problem(StatusCodes.Status422UnprocessableEntity, "Run not screenable",
                $"Run {id} is a {zoning.Kind} run that is {zoning.Status}; screening sites needs a zoning run that succeeded.", "refused", []);
        }
        if (jobs.Input(body.Sites ?? "", "sites") is not { } sites)
        {
            return Problems.BadInput("sites", $"No uploaded input has SHA-256 '{body.Sites}' (sites); upload the site footprints first (POST /api/gep/inputs?file=NAME.geojson).");
        }
        if (!ZonesJob.IsPolygonLayer(sites.Name))
        {
            return Problems.BadInput("sites", $"'{sites.Name}': expected site footprints (polygons with site_id) in a .geojson or .gpkg file.");
        }
        var options = new JsonObject
        {
            ["crs"] = body.Crs,
            ["sliver_m2"] = body.SliverM2 ?? SliverTolerance.Default.MinSquareMetres,
            ["sliver_pct"] = body.SliverPct ?? SliverTolerance.Default.SiteShare * 100,
        };
        try
        {
            _ = ScreenJob.Tolerance(options); // the CLI's checks: a bad tolerance or CRS is refused before anything is queued
            _ = LayerCrs.ParseOption(body.Crs);
        }
        catch (ZoningInputException e)
        {
            return ZoningProblem(e);
        }
        return GepJobEndpoints.Started(http, jobs.Start(JobKind.Screen, Caller.Of(http.User), [sites], options, id, key, out bool replayed), replayed, key);
    }

    private static IResult StartCompare(StartCompareRequest body, HttpContext http, Jobs jobs)
    {
        var (key, keyProblem) = CommandExecution.IdempotencyKey(http, required: false);
        if (keyProblem is not null)
        {
            return keyProblem;
        }
        foreach (var (field, run) in new[] { ("from", body.From), ("to", body.To) })
        {
            if (run is null || jobs.Get(run) is not { } r)
            {
                return Problems.BadInput(field, $"{field}: there is no GEP run '{run}' on this server.");
            }
            if (r.Kind != "gep" || r.Status != JobStatus.Succeeded)
            {
                return Problems.Problem(StatusCodes.Status422UnprocessableEntity, "Run not comparable",
                    $"{field}: run {run} is a {r.Kind} run that is {r.Status}; a comparison takes two GEP runs that succeeded.", "refused", [field]);
            }
        }
        var inputs = new List<JobInput>();
        if (body.UnitMap is { } sha)
        {
            if (jobs.Input(sha, "unit_map") is not { } map)
            {
                return Problems.BadInput("unit_map", $"No uploaded input has SHA-256 '{sha}' (unit_map); upload the unit map first (POST /api/gep/inputs?file=NAME.csv).");
            }
            inputs.Add(map);
        }
        var options = new JsonObject { ["to"] = body.To };
        return GepJobEndpoints.Started(http, jobs.Start(JobKind.Compare, Caller.Of(http.User), inputs, options, body.From, key, out bool replayed), replayed, key);
    }

    /// <summary>A zoning refusal with the CLI's option named as the request's member.</summary>
    internal static IResult ZoningProblem(ZoningInputException e)
    {
        string field = e.Problems[0].File.TrimStart('-').Replace('-', '_');
        return Problems.BadInput(field, string.Join(" ", e.Problems.Select(p => p.ToString().Replace(p.File, field, StringComparison.Ordinal))));
    }
}
