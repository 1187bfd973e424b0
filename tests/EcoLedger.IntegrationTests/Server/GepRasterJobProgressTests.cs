using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using EcoLedger.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static EcoLedger.IntegrationTests.Server.GepJobTests;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// The zonal step of a run from rasters on the server: it reports its passes (one per configured field, one for the land cover) and units
/// through the run's progress (poll and stream), and a cancel during it stops the run between units, as a cancel during the accounting does.
/// </summary>
public sealed class GepRasterJobProgressTests
{
    private static readonly string Units = CliRunner.Repo("samples", "yichun", "units.geojson");
    private static readonly string RasterDir = GepRasterJobTests.RasterDir;

    // The sample raster set, as GepRasterJobTests uploads it.
    private static readonly (string Path, string File)[] SampleFiles = GepRasterJobTests.SampleFiles;

    /// <summary>The sample's five passes in the configuration's order: four fields, then the land cover.</summary>
    private static readonly string[] Rasters =
        ["precipitation_mm.tif", "evapotranspiration_mm.tif", "npp_mod17_kgc_m2.tif", "soil_erosion_potential_t_per_km2.tif", "landcover_cnlucc.tif"];

    private static string StartRun(ServerTestHost server, string bureau)
    {
        var set = GepRasterJobTests.UploadSet(server, bureau, File.ReadAllBytes(Path.Combine(RasterDir, "rasters.json")), SampleFiles);
        Assert.Equal(HttpStatusCode.Created, set.Status);
        var units = Upload(server, bureau, Units, "units.geojson");
        var started = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), year = 2023, rasters = Sha(set.Json!) });
        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        return started.Json!["id"]!.GetValue<string>();
    }

    [Fact]
    public void The_zonal_step_reports_each_raster_pass_with_unit_visits_out_of_passes_times_units()
    {
        using var server = new ServerTestHost();
        string bureau = server.TokenOf("bureau");
        var jobs = server.Services.GetRequiredService<Jobs>();
        var seen = new ConcurrentQueue<JobRecord>();
        void Record(JobRecord job) => seen.Enqueue(job);
        jobs.Changed += Record;
        string id;
        try
        {
            id = StartRun(server, bureau);
            Assert.Equal("succeeded", WaitFor(server, "bureau", id)["status"]!.GetValue<string>());
        }
        finally
        {
            jobs.Changed -= Record;
        }

        var run = seen.Where(j => j.Id == id).ToList();
        var zonal = run.Where(j => j.Phase!.StartsWith("zonal statistics: ", StringComparison.Ordinal)).ToList();
        // 300 units, five passes: 1,500 unit visits; each pass is published as it begins, at (pass - 1) × 300 visits, and as it ends, at
        // pass × 300 (between them at most every 100 ms, which a fast machine may never reach)
        Assert.All(zonal, j => Assert.Equal(1500, j.Total));
        for (int pass = 1; pass <= 5; pass++)
        {
            string phase = $"zonal statistics: {Rasters[pass - 1]} band 1 ({pass} of 5)";
            var of = zonal.Where(j => j.Phase == phase).Select(j => j.Done).ToList();
            Assert.True(of.Count >= 2, $"{phase}: {of.Count} events");
            Assert.Equal((pass - 1) * 300L, of[0]);
            Assert.Equal(pass * 300L, of[^1]);
        }
        Assert.Equal(zonal.Select(j => j.Done).Order().ToArray(), zonal.Select(j => j.Done).ToArray()); // the count only grows
        // the phases come in order: the zonal step, then the accounting counting its units from 1
        int lastZonal = run.FindLastIndex(j => j.Phase!.StartsWith("zonal statistics: ", StringComparison.Ordinal));
        var accounting = run.Where(j => j.Phase == "accounting units").ToList();
        Assert.True(run.FindIndex(j => j.Phase == "accounting units") > lastZonal);
        Assert.Equal(1, accounting[0].Done);
        Assert.All(accounting, j => Assert.InRange(j.Done, 1, 300));
    }

    [Fact]
    public async Task A_cancel_during_the_zonal_step_stops_the_run_between_units_and_keeps_nothing()
    {
        using var server = new ServerTestHost();
        string bureau = server.TokenOf("bureau");
        var jobs = server.Services.GetRequiredService<Jobs>();
        // The gate: the worker publishes progress through Jobs.Changed on its own thread; holding that call as the second raster's pass
        // begins holds the run inside the zonal step, deterministically, while the test cancels it.
        using var gate = new SemaphoreSlim(0);
        var held = new TaskCompletionSource<JobRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        int holds = 0;
        void Hold(JobRecord job)
        {
            if (job.Phase == "zonal statistics: evapotranspiration_mm.tif band 1 (2 of 5)" && Interlocked.Exchange(ref holds, 1) == 0)
            {
                held.SetResult(job);
                Assert.True(gate.Wait(TimeSpan.FromMinutes(2)), "the test never opened the gate");
            }
        }
        jobs.Changed += Hold;
        JsonNode stopped;
        JobRecord at;
        string id;
        try
        {
            id = StartRun(server, bureau);
            at = await held.Task.WaitAsync(TimeSpan.FromMinutes(2));

            // When the bureau cancels it there
            var cancelling = server.Send(bureau, HttpMethod.Post, $"/api/gep/runs/{id}/cancel");
            Assert.Equal(HttpStatusCode.Accepted, cancelling.Status);
            Assert.Equal("cancelling", cancelling.Json!["phase"]!.GetValue<string>());
            gate.Release();
            stopped = WaitFor(server, "bureau", id);
        }
        finally
        {
            jobs.Changed -= Hold;
        }

        // Then it is cancelled where it was held (one pass of five done: 300 of 1,500 visits), not once the accounting began: it read no
        // further unit and accounted none
        Assert.Equal(300, at.Done);
        Assert.Equal("cancelled", stopped["status"]!.GetValue<string>());
        Assert.Equal(300, stopped["done"]!.GetValue<long>());
        Assert.Equal(1500, stopped["total"]!.GetValue<long>());
        // and nothing of it is kept or offered
        Assert.Empty(stopped["outputs"]!.AsArray());
        Assert.Null(stopped["summary_sha256"]);
        Assert.False(Directory.Exists(jobs.OutputFolder(id)), "the cancelled run's output folder is there");
        Assert.Equal(HttpStatusCode.NotFound, server.Send(bureau, HttpMethod.Get, $"/api/gep/runs/{id}/files/gep-summary.json").Status);
        var log = server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray().Select(e => e!).ToList();
        var cancelled = Assert.Single(log, e => e["kind"]!.GetValue<string>() == "gep.run_cancelled");
        Assert.Equal("zonal statistics: evapotranspiration_mm.tif band 1 (2 of 5)", JsonNode.Parse(cancelled["detail"]!.GetValue<string>())!["during"]!.GetValue<string>());
        Assert.DoesNotContain(log, e => e["kind"]!.GetValue<string>() == "gep.run_finished");

        // And the worker is free: the next run from the same set runs to its end
        Assert.Equal("succeeded", WaitFor(server, "bureau", StartRun(server, bureau))["status"]!.GetValue<string>());
    }
}
