using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using EcoLedger.IO;
using EcoLedger.Ledger;
using EcoLedger.Monitoring;
using EcoLedger.Server.Auth;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using EcoLedger.Storage;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Files;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using static EcoLedger.Server.Auth.ServerRoles;

namespace EcoLedger.Server.Endpoints;

/// <summary>
/// Monitoring over HTTP (issue #18): stations and readings go in through the records <c>monitor stations import</c> and
/// <c>monitor ingest</c> build (<see cref="RegisterStations"/>, <see cref="IngestReadings"/>), parsed by the same readers
/// (<see cref="StationFile"/>, <see cref="ReadingFile"/>) and run by the same runner, so validation, QC, idempotency and the journal
/// are the CLI's; the live account is <see cref="LedgerDatabase.MonitoringStatus"/> published as <see cref="MonitoringStatusView"/>, the
/// record <c>monitor status --json</c> prints; <c>/live</c> streams it with Server-Sent Events whenever an ingest commits.
/// </summary>
/// <remarks>
/// Roles: a forestry bureau operates stations, so <c>bureau</c> posts stations and readings alongside <c>registry</c> and <c>verifier</c>;
/// the monitoring engine then requires the acting participant to be a registry or verifier participant (an independent monitoring body,
/// as on the CLI), so a bureau token must carry the participant the bureau's stations are operated as. Every role reads the live account
/// (auditors read only). One request is one command: all of its readings are committed in one transaction or none.
/// </remarks>
public static class MonitoringEndpoints
{
    /// <summary>The largest readings body (bytes): room for <see cref="MaxReadingsPerRequest"/> CSV rows of a typical 60–90 bytes.</summary>
    public const long MaxReadingsBodyBytes = 8 * 1024 * 1024;

    /// <summary>The most readings one request may carry: one request is one transaction and one journal entry.</summary>
    public const int MaxReadingsPerRequest = 50_000;

    /// <summary>The largest stations upload (bytes): the units file is a GEP input (Yichun's GeoJSON is 134 kB; a county's a few MB).</summary>
    public const long MaxStationsBodyBytes = 32 * 1024 * 1024;

    /// <summary>
    /// How long a live stream waits for a change published by this server before it looks at the journal's head (another writer) and
    /// sends the state or a <c>ping</c> (proxies close idle connections).
    /// </summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(20);

    /// <summary>The setting that overrides <see cref="Heartbeat"/> (seconds).</summary>
    public const string HeartbeatSetting = "EcoLedger:LiveHeartbeatSeconds";

    /// <summary>The most missed monitoring entries a resuming stream lists before it sends only the full state.</summary>
    public const int ResumeLimit = 100;

    /// <summary>The setting that overrides <see cref="ResumeLimit"/>.</summary>
    public const string ResumeLimitSetting = "EcoLedger:LiveResumeLimit";

    /// <summary>Readings per station variable on the live page's charts.</summary>
    public const int ChartReadings = 240;

    /// <summary>Who may register stations and post readings.</summary>
    internal static readonly string[] Operators = [Registry, Verifier, Bureau];

    private static readonly string[] JsonLinesTypes = ["application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"];

    /// <summary>Maps <c>/api/monitoring/…</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var mon = app.MapGroup("/api/monitoring").WithTags("monitoring");
        mon.MapPost("/stations", (Func<HttpContext, Task<IResult>>)RegisterStations)
            .Accepts<StationsUpload>("multipart/form-data")
            .Produces<EntryResponse>(StatusCodes.Status201Created)
            .Produces<EntryResponse>(StatusCodes.Status200OK)
            .Roles(Operators)
            .WithSummary("Register stations (multipart: 'stations' CSV or GeoJSON, 'units' the GEP units file, CSV or GeoJSON), as monitor stations import: all or none; " +
                $"a station registered before with the same definition is skipped, a file of such stations only journals nothing (200 with {CommandExecution.UnchangedHeader}: true).");
        mon.MapPost("/readings", PostReadings)
            .Accepts<string>("text/csv", JsonLinesTypes)
            .Produces<EntryResponse>(StatusCodes.Status201Created)
            .Produces<EntryResponse>(StatusCodes.Status200OK)
            .Roles(Operators)
            .WithSummary($"Ingest readings (text/csv: {ReadingFile.Header}[,quality]; or JSON Lines), as monitor ingest: one transaction, up to " +
                $"{MaxReadingsPerRequest:N0} readings; repeats are skipped, changed values are corrections; a body of repeats only journals nothing " +
                $"(200 with {CommandExecution.UnchangedHeader}: true). ?file= names the source in the journal.");
        mon.MapGet("/status", Status)
            .Produces<MonitoringStatusView>()
            .Roles(All.ToArray())
            .WithSummary("The live account and pricing basis, as monitor status --json (project, year, market, haircut, as_of, max_age_days, min_observed, max_filled).");
        mon.MapGet("/map", StationMap)
            .Produces<string>(StatusCodes.Status200OK, "application/geo+json")
            .Roles(All.ToArray())
            .WithSummary("The stations and the units they represent as GeoJSON (CGCS2000 lon/lat) for the live page's map: each station a Point " +
                "(station, kind, variables, units with weights), each represented unit whose outline the ledger knows a Polygon (unit_id, stations).");
        mon.MapGet("/live", Live)
            .Produces<LiveSnapshot>(StatusCodes.Status200OK, "text/event-stream")
            .Roles(All.ToArray())
            .WithSummary("Server-Sent Events: a 'status' event (the live account, pricing basis and each station's recent readings) now and after " +
                "every ingest that commits; 'ping' when quiet. Same query as /status. Each status event's id is the journal's head; a client " +
                "reconnecting with Last-Event-ID gets a 'changes' event listing the monitoring entries it missed (or complete=false when too many " +
                "or unknown) and then the state, or, when nothing was journaled since, only what comes next.");
    }

    private static async Task<IResult> RegisterStations(HttpContext http)
    {
        if (WithoutParticipant(http) is { } refused)
        {
            return refused;
        }
        RaiseBodyLimit(http, MaxStationsBodyBytes);
        if (!http.Request.HasFormContentType)
        {
            return UnsupportedMedia("The body must be multipart/form-data with the files 'stations' and 'units'", http.Request.ContentType);
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var stations = form.Files.GetFile("stations");
        var units = form.Files.GetFile("units");
        if (stations is null || units is null)
        {
            return Problems.BadInput(stations is null ? "stations" : "units",
                $"The upload needs the file '{(stations is null ? "stations" : "units")}' (stations: CSV with header {StationFile.Header} or GeoJSON; units: the GEP units file).");
        }
        string stationsName = Path.GetFileName(stations.FileName), unitsName = Path.GetFileName(units.FileName);
        if (!PlainName(stationsName) || !PlainName(unitsName))
        {
            return Problems.BadInput(PlainName(stationsName) ? "units" : "stations", "Each uploaded file needs a file name of 1 to 128 characters (its extension says CSV or GeoJSON).");
        }
        // The readers take paths (their format follows the extension): each upload goes to a private temporary folder under its own name.
        var dir = Directory.CreateTempSubdirectory("ecoledger-stations-");
        try
        {
            string stationsPath = Path.Combine(dir.FullName, "stations-" + stationsName), unitsPath = Path.Combine(dir.FullName, "units-" + unitsName);
            await Save(stations, stationsPath, http.RequestAborted).ConfigureAwait(false);
            await Save(units, unitsPath, http.RequestAborted).ConfigureAwait(false);
            var reader = new UnitFileReader(unitsPath, unitsName);
            var byId = new Dictionary<string, AccountingUnit>(StringComparer.Ordinal);
            foreach (var u in reader.Read())
            {
                byId[u.UnitId] = u;
            }
            var (read, problems) = StationFile.Read(stationsPath, stationsName, byId);
            var all = reader.Problems.Concat(problems).ToList();
            if (all.Count > 0)
            {
                // The engine's problems of the stations that did read (e.g. one registered with another definition) in the same report.
                all = [.. InputProblem.InRowOrder(all.Concat(await EngineProblems(http, new RegisterStations(stationsName, read)).ConfigureAwait(false)))];
                return RowProblems(all, $"{all.Count} problem{(all.Count == 1 ? "" : "s")}; nothing was registered:");
            }
            if (await NotItsStations(http, read.Select(x => x.Id), "register").ConfigureAwait(false) is { } foreign)
            {
                return foreign;
            }
            return await Committed(http, LedgerEndpoints.Command(http, () => new RegisterStations(stationsName, read))).ConfigureAwait(false);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<IResult> PostReadings(string? file, HttpContext http)
    {
        if (WithoutParticipant(http) is { } refused)
        {
            return refused;
        }
        RaiseBodyLimit(http, MaxReadingsBodyBytes);
        string name = file ?? "request body";
        if (!PlainName(name))
        {
            return Problems.BadInput("file", "The query parameter file must name the readings' source: 1 to 128 characters, no path separators.");
        }
        string? type = http.Request.ContentType;
        bool jsonl = type is not null && JsonLinesTypes.Any(t => type.StartsWith(t, StringComparison.OrdinalIgnoreCase));
        if (!jsonl && (type is null || !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)))
        {
            return UnsupportedMedia("The body must be readings as text/csv or JSON Lines (application/x-ndjson)", type);
        }
        var (text, tooLarge) = await ReadBody(http, MaxReadingsBodyBytes).ConfigureAwait(false);
        if (tooLarge)
        {
            return TooLarge($"A readings request carries at most {MaxReadingsBodyBytes / (1024 * 1024)} MiB; send the readings in several requests (each is its own transaction), or use monitor ingest for a backfill.");
        }
        if (text is null)
        {
            return Problems.BadInput("body", $"{name} is not valid UTF-8.");
        }
        // One batch of at most the limit + 1: the whole body is one command, and a body over the limit is refused before anything runs.
        var readings = new List<ReadingInput>();
        var problems = new List<InputProblem>();
        foreach (var b in ReadingFile.Read(new StringReader(text), name, jsonl, MaxReadingsPerRequest + 1))
        {
            readings.AddRange(b.Readings);
            problems.AddRange(b.Problems);
        }
        if (problems.Count > 0)
        {
            // The engine's problems of the rows that did parse (unknown station, unit, variable, a time out of range) in the same report.
            var all = problems.Count + readings.Count > MaxReadingsPerRequest ? problems
                : InputProblem.InRowOrder(problems.Concat(await EngineProblems(http, new IngestReadings(name, readings)).ConfigureAwait(false)));
            return RowProblems(all, $"{all.Count} problem{(all.Count == 1 ? "" : "s")} in {name}; this batch was not written:");
        }
        if (readings.Count > MaxReadingsPerRequest)
        {
            return TooLarge($"A readings request carries at most {MaxReadingsPerRequest:N0} readings (one transaction); {name} has more. Split it into several requests.");
        }
        if (readings.Count == 0)
        {
            return Problems.BadInput("body", $"{name} has no readings (expected the header {ReadingFile.Header}[,quality] and one row per reading, or JSON Lines).");
        }
        if (await NotItsStations(http, readings.Select(x => x.Station), "post readings for").ConfigureAwait(false) is { } foreign)
        {
            return foreign;
        }
        return await Committed(http, LedgerEndpoints.Command(http, () => new IngestReadings(name, readings))).ConfigureAwait(false);
    }

    private static Task<IResult> Status(LedgerHost host, HttpContext http, string? project, int? year, string? market, string? haircut,
        string? as_of, int? max_age_days, string? min_observed, string? max_filled)
    {
        var (query, problem) = StatusQuery.Parse(project, year, market, haircut, as_of, max_age_days, min_observed, max_filled);
        if (problem is not null)
        {
            return Task.FromResult(problem);
        }
        return Read(host, db => JsonSerializer.Serialize(MonitoringStatusView.Of(query!.Run(db)), Journal.PayloadOptions), http.RequestAborted);
    }

    private static IResult Live(LedgerHost host, MonitoringFeed feed, IHostApplicationLifetime lifetime, IConfiguration configuration, HttpContext http,
        string? project, int? year, string? market, string? haircut, string? as_of, int? max_age_days, string? min_observed, string? max_filled)
    {
        var (query, problem) = StatusQuery.Parse(project, year, market, haircut, as_of, max_age_days, min_observed, max_filled);
        var quiet = configuration.GetValue<int?>(HeartbeatSetting) is int seconds and > 0 ? TimeSpan.FromSeconds(seconds) : Heartbeat;
        int limit = configuration.GetValue<int?>(ResumeLimitSetting) is int l and >= 0 ? l : ResumeLimit;
        // The id a reconnecting EventSource sends; anything but a journal sequence number is treated as unknown (the full state).
        string lastId = http.Request.Headers["Last-Event-ID"].ToString();
        long? resume = lastId.Length == 0 ? null
            : long.TryParse(lastId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : -1;
        return problem ?? TypedResults.ServerSentEvents(Events(host, feed, query!, quiet, resume, limit, lifetime.ApplicationStopping));
    }

    /// <summary>
    /// The events of one live stream: the state now, then after every change this server publishes; after <paramref name="quiet"/>
    /// without one, the journal's head is read: when another writer moved it (the CLI on the same file, another server instance on the
    /// same PostgreSQL ledger) the state is sent again, else a <c>ping</c>. Ends without an error when the client disconnects
    /// (<paramref name="aborted"/>, the request's) or the server stops.
    /// </summary>
    /// <remarks>
    /// Resuming (<paramref name="resume"/>, the client's <c>Last-Event-ID</c>: the journal head of the last state it got): when the head has
    /// not moved the stream starts by waiting; when it has, a <c>changes</c> event lists the monitoring entries missed (at most
    /// <paramref name="limit"/>, else <c>complete: false</c>) before the state. The state is always whole, so a client that missed more
    /// than the list holds loses nothing but the list.
    /// </remarks>
    private static async IAsyncEnumerable<SseItem<string>> Events(LedgerHost host, MonitoringFeed feed, StatusQuery query, TimeSpan quiet,
        long? resume, int limit, CancellationToken stopping, [EnumeratorCancellation] CancellationToken aborted = default)
    {
        using var listening = feed.Listen();
        using var both = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
        var cancel = both.Token;
        long sentVersion = -1, sentSeq = -1;
        bool refresh = true;
        if (resume is { } since)
        {
            long version = feed.Version;
            MissedChanges missed;
            try
            {
                missed = await host.UseAsync(db => db.MonitoringChangesSince(since, limit), cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            if (missed.Complete && missed.Head == since)
            {
                (sentVersion, sentSeq, refresh) = (version, since, false); // the client is current: wait for the next change
            }
            else
            {
                yield return new SseItem<string>(JsonSerializer.Serialize(missed, Journal.PayloadOptions), "changes");
            }
        }
        while (!cancel.IsCancellationRequested)
        {
            if (refresh)
            {
                long version = feed.Version;
                (string Json, long Seq) read;
                try
                {
                    read = await host.UseAsync(db =>
                    {
                        long head = JournalHead(db);
                        return (Snapshot(db, query, version, head), head);
                    }, cancel).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                (sentVersion, sentSeq) = (version, read.Seq);
                // The id is the journal's head: durable across restarts and the same for every server on one ledger, so Last-Event-ID resumes.
                yield return new SseItem<string>(read.Json, "status") { EventId = read.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }
            bool changed;
            long head = sentSeq;
            try
            {
                changed = await feed.WaitAsync(sentVersion, quiet, cancel).ConfigureAwait(false);
                if (!changed)
                {
                    head = await host.UseAsync(JournalHead, cancel).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            refresh = changed || head != sentSeq;
            if (!refresh)
            {
                yield return new SseItem<string>("{}", "ping");
            }
        }
    }

    private static Task<IResult> StationMap(LedgerHost host, HttpContext http) => Read(host, db =>
    {
        var stations = db.MonitoringStations();
        var outlines = db.MonitoringUnitOutlines(stations.SelectMany(s => s.Units.Select(u => u.UnitId)));
        var features = new NetTopologySuite.Features.FeatureCollection();
        var points = new NetTopologySuite.Geometries.GeometryFactory(new NetTopologySuite.Geometries.PrecisionModel(), 4490);
        var c = System.Globalization.CultureInfo.InvariantCulture;
        foreach (var byUnit in stations.SelectMany(s => s.Units.Select(u => (Station: s, Unit: u))).GroupBy(x => x.Unit.UnitId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (outlines.TryGetValue(byUnit.Key, out var wkb))
            {
                var outline = new NetTopologySuite.IO.WKBReader().Read(wkb);
                features.Add(new NetTopologySuite.Features.Feature(outline, new NetTopologySuite.Features.AttributesTable
                {
                    { "layer", "unit" },
                    { "unit_id", byUnit.Key },
                    { "area_ha", byUnit.First().Unit.AreaHa },
                    { "stations", string.Join("; ", byUnit.Select(x => string.Create(c, $"{x.Station.Id} ({x.Unit.Weight:0.####})"))) },
                }));
            }
        }
        foreach (var s in stations)
        {
            features.Add(new NetTopologySuite.Features.Feature(points.CreatePoint(new NetTopologySuite.Geometries.Coordinate((double)s.Longitude, (double)s.Latitude)),
                new NetTopologySuite.Features.AttributesTable
                {
                    { "layer", "station" },
                    { "station", s.Id },
                    { "kind", s.Kind.Name() },
                    { "variables", string.Join(", ", s.Variables.Select(v => $"{v.Variable.Name()} ({v.Unit}, {v.IntervalMinutes} min)")) },
                    { "units", string.Join("; ", s.Units.Select(u => string.Create(c, $"{u.UnitId} ({u.Weight:0.####})"))) },
                    { "outlined", s.Units.Count(u => outlines.ContainsKey(u.UnitId)) },
                }));
        }
        var options = new JsonSerializerOptions { Converters = { new NetTopologySuite.IO.Converters.GeoJsonConverterFactory() } };
        return JsonSerializer.Serialize(features, options);
    }, http.RequestAborted, "application/geo+json");

    /// <summary>The journal's last sequence number (the primary key's maximum: one index lookup).</summary>
    private static long JournalHead(LedgerDatabase db)
    {
        using var ctx = db.NewContext();
        return ctx.Journal.Max(e => (long?)e.Seq) ?? 0;
    }

    /// <summary>The live page's data as JSON: the status (or why there is none yet) and the recent readings of every station variable.</summary>
    internal static string Snapshot(LedgerDatabase db, StatusQuery query, long version, long seq)
    {
        MonitoringStatusView? status = null;
        string? why = null;
        try
        {
            status = MonitoringStatusView.Of(query.Run(db));
        }
        catch (LedgerException e)
        {
            why = e.Describe(Problems.Field);
        }
        var snapshot = new LiveSnapshot(version, seq, DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            status, why, db.MonitoringRecent(status?.Year ?? query.Year, ChartReadings));
        return JsonSerializer.Serialize(snapshot, Journal.PayloadOptions);
    }

    private static async Task<IResult> Read(LedgerHost host, Func<LedgerDatabase, string> read, CancellationToken cancel, string type = "application/json")
    {
        try
        {
            string json = await host.UseAsync(read, cancel).ConfigureAwait(false);
            return Results.Text(json, type + "; charset=utf-8", Encoding.UTF8);
        }
        catch (LedgerException e)
        {
            return Problems.FromLedger(e);
        }
    }

    /// <summary>Passes the command's answer on, and wakes the live streams when it committed (201).</summary>
    private static async Task<IResult> Committed(HttpContext http, Task<IResult> run)
    {
        var result = await run.ConfigureAwait(false);
        if (result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status201Created })
        {
            http.RequestServices.GetRequiredService<MonitoringFeed>().Published();
        }
        return result;
    }

    /// <summary>Problems of rows: the CLI's sentence in <c>detail</c>, and each problem with its location, field and message.</summary>
    /// <summary>The problems the engine finds in a command's input, decided without writing (<see cref="LedgerDatabase.InputProblems"/>).</summary>
    private static Task<IReadOnlyList<InputProblem>> EngineProblems(HttpContext http, ICommand command) =>
        http.RequestServices.GetRequiredService<LedgerHost>().UseAsync(db => db.InputProblems(command, Caller.Of(http.User).Participant), http.RequestAborted);

    private static IResult RowProblems(IReadOnlyList<InputProblem> problems, string lead)
    {
        var shown = problems.Take(20).Select(p => p.ToString()).ToList();
        if (problems.Count > 20)
        {
            shown.Add($"… and {problems.Count - 20} more");
        }
        var fields = problems.Select(p => p.Field).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var extensions = new Dictionary<string, object?>
        {
            ["fields"] = fields.Count > 0 ? fields : ["body"],
            ["problems"] = problems.Take(1000).Select(p => new RowProblem(p.File, p.Location, p.Field, p.Message)).ToList(),
        };
        return Results.Problem(detail: lead + " " + string.Join(" ", shown), statusCode: StatusCodes.Status400BadRequest, title: "Invalid input",
            type: Problems.TypePrefix + "bad-input", extensions: extensions);
    }

    /// <summary>
    /// A bureau token (without the registry or verifier role) operates only its participant's stations: those its participant registered
    /// (<see cref="StationOperators"/>). A station registered by another participant is 403, naming it and its operator; a new station
    /// is the bureau's to register, and an unknown one is left to the engine's sentence.
    /// </summary>
    private static async Task<IResult?> NotItsStations(HttpContext http, IEnumerable<string> stations, string verb)
    {
        var caller = Caller.Of(http.User);
        if (!caller.Roles.Contains(Bureau) || caller.Roles.Contains(Registry) || caller.Roles.Contains(Verifier) || caller.Participant is not { } participant)
        {
            return null;
        }
        var host = http.RequestServices.GetRequiredService<LedgerHost>();
        var operators = http.RequestServices.GetRequiredService<StationOperators>();
        var ids = stations.ToList();
        var foreign = await host.UseAsync(db => operators.Foreign(db, participant, ids), http.RequestAborted).ConfigureAwait(false);
        if (foreign.Count == 0)
        {
            return null;
        }
        string list = string.Join(", ", foreign.Take(10).Select(f => $"{f.Station} (operated by '{f.Operator}')")) + (foreign.Count > 10 ? $" and {foreign.Count - 10} more" : "");
        return Problems.Forbidden($"A bureau token of '{participant}' may {verb} only the stations '{participant}' registered; not {list}. Nothing was written.");
    }

    /// <summary>A bureau token without a participant reads, but cannot operate stations: the journal needs the participant that acts.</summary>
    private static IResult? WithoutParticipant(HttpContext http)
    {
        var caller = Caller.Of(http.User);
        return caller.Participant is null
            ? Problems.Forbidden($"'{caller.Name}' acts as no participant. Stations and readings are journaled as a registry or verifier participant's " +
                "commands: the registry gives the bureau a token for the participant that operates its stations.")
            : null;
    }

    private static IResult UnsupportedMedia(string what, string? type) => Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
        $"{what}; got {type ?? "no Content-Type"}.", "unsupported-media-type", ["body"]);

    private static IResult TooLarge(string detail) =>
        Problems.Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", detail, "too-large", ["body"]);

    private static bool PlainName(string name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= 128 && name.IndexOfAny(['/', '\\']) < 0 && !name.Any(char.IsControl);

    /// <summary>Kestrel refuses bodies over the server-wide 1 MiB; these two endpoints take more (set before anything reads the body).</summary>
    private static void RaiseBodyLimit(HttpContext http, long bytes)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = bytes;
        }
    }

    /// <summary>The body as UTF-8 text, null when it is not UTF-8; counts the bytes itself (the test host enforces no limit).</summary>
    private static async Task<(string? Text, bool TooLarge)> ReadBody(HttpContext http, long limit)
    {
        if (http.Request.ContentLength > limit)
        {
            return (null, true);
        }
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = await http.Request.Body.ReadAsync(buffer, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (copy.Length + n > limit)
            {
                return (null, true);
            }
            copy.Write(buffer, 0, n);
        }
        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(copy.GetBuffer(), 0, (int)copy.Length), false);
        }
        catch (DecoderFallbackException)
        {
            return (null, false);
        }
    }

    private static async Task Save(IFormFile file, string path, CancellationToken cancel)
    {
        await using var target = File.Create(path);
        await file.CopyToAsync(target, cancel).ConfigureAwait(false);
    }
}

/// <summary>The query of the live account: the options of <c>monitor status</c>, checked as the CLI checks them.</summary>
/// <param name="Project">Only this project.</param>
/// <param name="Year">Account year (default: the latest with readings).</param>
/// <param name="Market">Price market for the value.</param>
/// <param name="Haircut">Delivery-risk haircut, 0–1 (no default).</param>
/// <param name="AsOf">As-of date.</param>
/// <param name="MaxAgeDays">Oldest usable quote, days before the as-of date.</param>
/// <param name="Floor">The minimum observed and maximum gap-filled shares (<c>min_observed</c>, <c>max_filled</c>; methodology/monitoring.md §5.1).</param>
public sealed record StatusQuery(string? Project, int? Year, string? Market, decimal? Haircut, DateOnly? AsOf, int MaxAgeDays, BasisFloor Floor)
{
    /// <summary>The query from request parameters, or the problem naming the parameter.</summary>
    public static (StatusQuery? Query, IResult? Problem) Parse(string? project, int? year, string? market, string? haircut, string? asOf, int? maxAgeDays,
        string? minObserved = null, string? maxFilled = null)
    {
        if (!Share(haircut, "haircut", out var h, out var bad) || !Share(minObserved, "min_observed", out var min, out bad)
            || !Share(maxFilled, "max_filled", out var max, out bad))
        {
            return (null, bad);
        }
        DateOnly? date = null;
        if (!string.IsNullOrEmpty(asOf))
        {
            try
            {
                date = CommandInput.Date(asOf, "as_of");
            }
            catch (LedgerException e)
            {
                return (null, Problems.FromLedger(e));
            }
        }
        if (year is < GepRun.MinYear or > GepRun.MaxYear)
        {
            return (null, Problems.BadInput("year", $"year: expected a year from {GepRun.MinYear} to {GepRun.MaxYear}; got {year}."));
        }
        if (maxAgeDays is < 0)
        {
            return (null, Problems.BadInput("max_age_days", $"max_age_days: expected 0 or more days; got {maxAgeDays}."));
        }
        return (new StatusQuery(string.IsNullOrEmpty(project) ? null : project, year, string.IsNullOrEmpty(market) ? null : market, h, date, maxAgeDays ?? 30,
            new BasisFloor(min, max)), null);
    }

    /// <summary>An optional share 0–1, or the problem in the CLI's words (<c>--haircut: expected …</c> with the parameter's name).</summary>
    private static bool Share(string? text, string name, out decimal? share, out IResult? problem)
    {
        share = null;
        problem = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (!decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) || v is < 0m or > 1m)
        {
            problem = Problems.BadInput(name, $"{name}: expected a decimal between 0 and 1; got '{text}'.");
            return false;
        }
        share = v;
        return true;
    }

    /// <summary>Runs the query (the same call as <c>monitor status</c>).</summary>
    public MonitoringStatus Run(LedgerDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.MonitoringStatus(Year, Project, Haircut, Market, AsOf, MaxAgeDays, Floor);
    }
}

/// <summary>What a live stream sends in each <c>status</c> event.</summary>
/// <param name="Version">Changes published by this server since it started.</param>
/// <param name="Seq">The journal's head when it was read (the event id a reconnecting client sends back as Last-Event-ID).</param>
/// <param name="Time">When it was read, UTC.</param>
/// <param name="Status">The live account and pricing basis (<c>monitor status --json</c>), or null with <paramref name="Problem"/>.</param>
/// <param name="Problem">Why there is no status yet (no readings, an unknown project, no usable quote): the CLI's sentence.</param>
/// <param name="Recent">Each station variable's latest readings, for the charts.</param>
public sealed record LiveSnapshot(long Version, long Seq, string Time, MonitoringStatusView? Status, string? Problem, IReadOnlyList<RecentSeries> Recent);

/// <summary>One refused row of an upload.</summary>
/// <param name="File">The file (or source) name.</param>
/// <param name="Location">Row or line, e.g. <c>row 7</c>.</param>
/// <param name="Field">The field at fault, when one is.</param>
/// <param name="Message">What was expected and what came.</param>
public sealed record RowProblem(string File, string Location, string? Field, string Message);

/// <summary>The multipart upload of <c>POST /api/monitoring/stations</c> (for the API description).</summary>
/// <param name="Stations">stations.csv or stations.geojson.</param>
/// <param name="Units">The GEP units file (CSV or GeoJSON) the stations' units come from.</param>
public sealed record StationsUpload(IFormFile Stations, IFormFile Units);
