using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using EcoLedger.IO;
using EcoLedger.Rasters;
using EcoLedger.Server.Auth;
using EcoLedger.Storage;
using Microsoft.Extensions.Options;

namespace EcoLedger.Server.Hosting;

/// <summary>
/// What a job is: a GEP accounting (<c>gep compute</c>), a zoning of a finished GEP run (<c>zones mark</c>), a screening of planned sites
/// against a zoning (<c>zones screen</c>) or a comparison of two GEP runs (<c>gep compare</c>).
/// </summary>
public enum JobKind
{
    /// <summary><c>gep compute</c> and <c>report gep</c>.</summary>
    Gep,

    /// <summary><c>zones mark</c> on a GEP run's output, and <c>report gep --zones</c>.</summary>
    Zones,

    /// <summary><c>zones screen</c> of planned sites against a zoning run's zones.</summary>
    Screen,

    /// <summary><c>gep compare</c> of two GEP runs (change, land-conversion, extent and condition accounts).</summary>
    Compare,
}

/// <summary>One uploaded input file a job reads, named as uploaded and identified by the SHA-256 of its bytes.</summary>
/// <param name="Role"><c>units</c>, <c>region_stats</c>, <c>parameters</c> or <c>zone_units</c>.</param>
/// <param name="Name">The file name given at upload (what messages and the summary call it).</param>
/// <param name="Sha256">SHA-256 of the bytes (hex).</param>
/// <param name="Bytes">Size.</param>
public sealed record JobInput(string Role, string Name, string Sha256, long Bytes);

/// <summary>One file a finished job wrote, with its hash.</summary>
/// <param name="Name">The path inside the job's output (e.g. <c>gep-summary.json</c>, <c>report/report.html</c>).</param>
/// <param name="Sha256">SHA-256 of the file (hex).</param>
/// <param name="Bytes">Size.</param>
public sealed record JobOutput(string Name, string Sha256, long Bytes);

/// <summary>
/// A GEP or zoning run on the server, as stored in its folder (<c>job.json</c>) and answered by the API: who started it on which inputs,
/// its progress, and when finished, its problems (then nothing was written) or its outputs and the summary's hash.
/// </summary>
public sealed record JobRecord
{
    /// <summary>The run's id (<c>run-YYYYMMDDTHHMMSSZ-XXXXXXXX</c>).</summary>
    public required string Id { get; init; }

    /// <summary><c>gep</c>, <c>zones</c>, <c>screen</c> or <c>compare</c>.</summary>
    public required string Kind { get; init; }

    /// <summary><c>queued</c>, <c>running</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    public required string Status { get; init; }

    /// <summary>
    /// For a zoning run, the GEP run whose values it zones; for a screening, the zoning run; for a comparison, the earlier GEP run (the later
    /// one is <c>options.to</c>).
    /// </summary>
    public string? Parent { get; init; }

    /// <summary>The runs whose outputs this one read (<see cref="Parent"/>, and a comparison's later run): kept as long as it is.</summary>
    internal IEnumerable<string> MadeFrom()
    {
        if (Parent is not null)
        {
            yield return Parent;
        }
        if (Kind == "compare" && Options["to"]?.GetValue<string>() is { } to)
        {
            yield return to;
        }
    }

    /// <summary>The security log's name for this kind's entries: <c>gep.run</c>, <c>zones.run</c>, <c>zones.screen</c>, <c>gep.compare</c>.</summary>
    internal static string LogName(string kind) => kind switch
    {
        "gep" => "gep.run",
        "zones" => "zones.run",
        "screen" => "zones.screen",
        "compare" => "gep.compare",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "expected gep, zones, screen or compare"),
    };

    /// <summary>The principal that started it (participant, person or <c>token:ID</c>).</summary>
    public required string StartedBy { get; init; }

    /// <summary>The credential used (token id or <c>account:ID</c>).</summary>
    public required string Credential { get; init; }

    /// <summary>When it was accepted (UTC, ISO 8601).</summary>
    public required string Created { get; init; }

    /// <summary>When a worker took it.</summary>
    public string? Started { get; init; }

    /// <summary>When it finished.</summary>
    public string? Finished { get; init; }

    /// <summary>The input files.</summary>
    public required IReadOnlyList<JobInput> Inputs { get; init; }

    /// <summary>The run's choices, as the request gave them (method, year, tiers, …).</summary>
    public required JsonObject Options { get; init; }

    /// <summary>What the worker is doing: a phase and a count.</summary>
    public string? Phase { get; init; }

    /// <summary>Units accounted (GEP) or phases done (zoning).</summary>
    public long Done { get; init; }

    /// <summary>The count <see cref="Done"/> runs to when known (zoning: 6 phases; GEP: unknown until the file is read).</summary>
    public long? Total { get; init; }

    /// <summary>Every input problem (the CLI's lines: file, row or feature, field and expectation); nothing was written.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Warnings of a finished run.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The files written, with their hashes.</summary>
    public IReadOnlyList<JobOutput> Outputs { get; init; } = [];

    /// <summary>SHA-256 of <c>gep-summary.json</c> (GEP) or <c>zones-summary.json</c> (zoning): the figure's fingerprint.</summary>
    public string? SummarySha256 { get; init; }

    /// <summary>The <c>Idempotency-Key</c> it was started with, if any.</summary>
    public string? RequestKey { get; init; }

    /// <summary>SHA-256 of the start request's canonical content (kind, parent, inputs, options): the same key with another request is refused.</summary>
    public string? RequestHash { get; init; }

    /// <summary>True when the run ended, well or not.</summary>
    public bool IsFinished => Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;
}

/// <summary>The states of a job.</summary>
public static class JobStatus
{
    /// <summary>Accepted, waiting for a worker.</summary>
    public const string Queued = "queued";

    /// <summary>A worker is running it.</summary>
    public const string Running = "running";

    /// <summary>Finished with its outputs written.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Finished with problems; nothing was written.</summary>
    public const string Failed = "failed";

    /// <summary>Cancelled before it finished: nothing of it is kept or offered for download.</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>
/// The server's GEP and zoning runs: uploads kept by hash, one folder per run under the data directory (<c>DB.jobs/</c>), and a bounded
/// pool of workers (<see cref="ServerOptions.JobWorkers"/>, default 1: a run takes a core, and the machine has two) that runs them off the
/// request thread, so a client that disconnects loses nothing. Each start and end is appended to the security log (who, which input
/// hashes, the summary's hash): GEP runs are not ledger state and <c>gep compute</c> journals nothing on the CLI either, but a published
/// figure must be traceable to its inputs, and the hash-chained log is what <c>GET /api/security-log/verify</c> checks.
/// A run left queued or running by a stopped server is queued again on start (outputs are written atomically, so a rerun starts clean).
/// </summary>
public sealed class Jobs : BackgroundService
{
    /// <summary>Where uploads are kept: <c>inputs/SHA256</c>, with <c>inputs/SHA256.name</c> holding the name last given.</summary>
    private const string InputsFolder = "inputs";

    private const string RunsFolder = "runs";

    private static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, JobRecord> _jobs = new(StringComparer.Ordinal);
    private readonly ServerStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<Jobs> _log;
    private readonly int _workers;
    private readonly int _retentionDays;
    private readonly ConcurrentDictionary<string, (CancellationTokenSource Cancel, Caller? By, string? During)> _running = new(StringComparer.Ordinal);

    /// <summary>Guards the upload store's names against a refused raster set removing bytes that another upload stores at the same time.</summary>
    private readonly Lock _inputsLock = new();

    /// <summary>How many times each upload's bytes were saved since the server started (<see cref="RemoveRefusedParts"/>).</summary>
    private readonly Dictionary<string, long> _saves = new(StringComparer.Ordinal);

    /// <summary>Opens the data directory and loads the runs it holds.</summary>
    public Jobs(IOptions<ServerOptions> options, ServerStore store, TimeProvider time, ILogger<Jobs> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _time = time;
        _log = log;
        _workers = Math.Clamp(options.Value.JobWorkers, 1, 8);
        _retentionDays = options.Value.JobRetentionDays;
        Root = Path.GetFullPath(options.Value.JobsDirectory);
        Directory.CreateDirectory(Path.Combine(Root, InputsFolder));
        Directory.CreateDirectory(Path.Combine(Root, RunsFolder));
        foreach (var dir in Directory.EnumerateDirectories(Path.Combine(Root, RunsFolder)))
        {
            string file = Path.Combine(dir, "job.json");
            if (File.Exists(file) && JsonSerializer.Deserialize<JobRecord>(File.ReadAllBytes(file), JsonOptions) is { } job)
            {
                if (!job.IsFinished)
                {
                    job = job with { Status = JobStatus.Queued, Phase = "queued again after a server restart", Done = 0 };
                    _queue.Writer.TryWrite(job.Id);
                }
                _jobs[job.Id] = job;
            }
        }
    }

    /// <summary>The data directory.</summary>
    public string Root { get; }

    /// <summary>Raised whenever a job changes (status or progress): the SSE stream listens.</summary>
    public event Action<JobRecord>? Changed;

    /// <summary>Stores an upload (streamed, hashed, refused beyond <paramref name="maxBytes"/>); the same bytes are kept once.</summary>
    /// <returns>The stored input, or null when the body was larger than <paramref name="maxBytes"/> (nothing is kept).</returns>
    public async Task<JobInput?> SaveInputAsync(string name, Stream body, long maxBytes, CancellationToken cancel) =>
        (await SaveUploadAsync(name, body, maxBytes, cancel).ConfigureAwait(false))?.Input;

    /// <summary>
    /// <see cref="SaveInputAsync"/> for a part of a larger upload that may still be refused (a raster set): the answer says whether these
    /// bytes were new to the store and which save of them this was, so that <see cref="RemoveRefusedParts"/> can take back exactly what the
    /// refused upload added.
    /// </summary>
    internal async Task<StoredUpload?> SaveUploadAsync(string name, Stream body, long maxBytes, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(body);
        string dir = Path.Combine(Root, InputsFolder);
        string temp = Path.Combine(dir, $".upload-{Guid.NewGuid():N}");
        long total = 0;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(buffer, cancel).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        return null;
                    }
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancel).ConfigureAwait(false);
                }
                await file.FlushAsync(cancel).ConfigureAwait(false);
            }
            string hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            string path = Path.Combine(dir, hash);
            lock (_inputsLock)
            {
                // under the lock: a refused raster set taking its parts back sees this save, and never deletes bytes it just stored again
                bool created = !File.Exists(path);
                (string Name, DateTime Written)? previous = null;
                if (created)
                {
                    File.Move(temp, path);
                }
                else
                {
                    File.Delete(temp);
                    var nameFile = new FileInfo(path + ".name");
                    previous = nameFile.Exists ? (File.ReadAllText(nameFile.FullName), nameFile.LastWriteTimeUtc) : null;
                }
                File.WriteAllText(path + ".name", name);
                long save = _saves[hash] = _saves.GetValueOrDefault(hash) + 1;
                return new StoredUpload(new JobInput("", name, hash, total), created, save, previous);
            }
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// Keeps a raster set's manifest (its files are uploads already, by <see cref="SaveInputAsync"/>) under the manifest's SHA-256, which
    /// is the set's id; a run names it as <c>rasters</c>.
    /// </summary>
    public JobInput SaveRasterSet(string config, IReadOnlyList<RasterSetFile> files)
    {
        byte[] manifest = RasterSet.Manifest(config, files);
        string hash = Convert.ToHexStringLower(SHA256.HashData(manifest));
        string path = Path.Combine(Root, InputsFolder, hash);
        if (!File.Exists(path))
        {
            AtomicFile.Write(path, temp => File.WriteAllBytes(temp, manifest));
        }
        File.WriteAllText(path + ".name", RasterSet.ManifestName(config));
        return new JobInput("rasters", RasterSet.ManifestName(config), hash, manifest.Length);
    }

    /// <summary>A raster set by its id, or null when there is none (or the upload of that hash is not a set).</summary>
    public RasterSet? RasterSetOf(string sha256)
    {
        if (Input(sha256, "rasters") is not { } input || !input.Name.EndsWith(".set.json", StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            return RasterSet.Read(sha256, File.ReadAllBytes(StoredPath(sha256)));
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or KeyNotFoundException)
        {
            return null; // a file uploaded under a .set.json name that is no manifest
        }
    }

    /// <summary>Where an upload's bytes are kept.</summary>
    public string StoredPath(string sha256) => Path.Combine(Root, InputsFolder, sha256);

    /// <summary>
    /// Takes back the parts of a refused raster set (<c>POST /api/gep/raster-sets</c> answered 4xx): the store is content-addressed, so a
    /// part's bytes are removed only when this upload stored them first, no upload saved the same bytes since, and no run and no kept raster
    /// set names them; any other part stays, as its other owner uploaded it, under the name and date it had before (the refused set's
    /// part names are not "the name last given", and would otherwise also put off the upload's retention). The removal is written to the security log
    /// (<c>gep.uploads_removed</c>, beside retention's <c>gep.runs_removed</c>), naming the caller, why the set was refused and each file
    /// removed with its SHA-256, so an auditor can tell an upload that was refused and discarded from one that went missing.
    /// </summary>
    /// <returns>The SHA-256 of every part removed.</returns>
    internal IReadOnlyList<string> RemoveRefusedParts(IReadOnlyList<(string Path, StoredUpload Stored)> parts, Caller caller, string refusal)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(caller);
        var removed = new List<(string Path, StoredUpload Stored)>();
        lock (_startLock)
        {
            lock (_inputsLock)
            {
                // Bytes nobody else saved since this upload did: its own saves of them (two parts may have the same bytes) are all the saves
                // from its first on. Those it stored first are removed; those that were there before get their name and date back.
                var alone = parts.GroupBy(p => p.Stored.Input.Sha256)
                    .Where(g => _saves.GetValueOrDefault(g.Key) == g.Min(p => p.Stored.Save) + g.Count() - 1)
                    .Select(g => g.MinBy(p => p.Stored.Save))
                    .ToList();
                var candidates = alone.Where(p => p.Stored.Created).ToList();
                foreach (var (_, stored) in alone.Where(p => p.Stored.Previous is not null))
                {
                    string name = StoredPath(stored.Input.Sha256) + ".name";
                    File.WriteAllText(name, stored.Previous!.Value.Name);
                    File.SetLastWriteTimeUtc(name, stored.Previous.Value.Written);
                }
                if (candidates.Count > 0)
                {
                    var named = NamedUploads();
                    foreach (var part in candidates.Where(p => !named.Contains(p.Stored.Input.Sha256)))
                    {
                        string path = StoredPath(part.Stored.Input.Sha256);
                        File.Delete(path);
                        File.Delete(path + ".name");
                        _saves.Remove(part.Stored.Input.Sha256);
                        removed.Add(part);
                    }
                }
            }
        }
        if (removed.Count > 0)
        {
            _store.Log("gep.uploads_removed", caller.Name, caller.TokenId, new()
            {
                ["reason"] = "raster set refused: " + refusal,
                ["files"] = string.Join(",", removed.Select(p => $"{p.Path}:{p.Stored.Input.Sha256}:{p.Stored.Input.Bytes.ToString(CultureInfo.InvariantCulture)}")),
                // parts whose bytes stay because another upload, a kept set or a run has them too
                ["kept"] = parts.Count(p => !removed.Any(r => r.Stored.Input.Sha256 == p.Stored.Input.Sha256)).ToString(CultureInfo.InvariantCulture),
            });
        }
        return [.. removed.Select(p => p.Stored.Input.Sha256)];
    }

    /// <summary>Every upload a run or a kept raster set names (a set's manifest names its files).</summary>
    private HashSet<string> NamedUploads()
    {
        var named = _jobs.Values.SelectMany(j => j.Inputs).Select(i => i.Sha256).ToHashSet(StringComparer.Ordinal);
        foreach (var name in new DirectoryInfo(Path.Combine(Root, InputsFolder)).EnumerateFiles("*.name"))
        {
            string sha = Path.GetFileNameWithoutExtension(name.Name);
            if (File.ReadAllText(name.FullName).EndsWith(".set.json", StringComparison.Ordinal) && RasterSetOf(sha) is { } set)
            {
                named.UnionWith(set.Files.Select(f => f.Sha256));
            }
        }
        return named;
    }

    /// <summary>
    /// The raster configuration of a run from rasters, laid out with its files as on the user's disk (<see cref="RasterSet.LayOut"/>
    /// under the run's <c>inputs/raster-files</c>), or null for a run without rasters.
    /// </summary>
    public string? RasterConfigPath(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return InputPath(job, "rasters") is { } manifest
            ? RasterSet.Read(job.Inputs.First(i => i.Role == "rasters").Sha256, File.ReadAllBytes(manifest)).ConfigPath(Path.Combine(Root, RunsFolder, job.Id, InputsFolder, RasterFilesFolder))
            : null;
    }

    private const string RasterFilesFolder = "raster-files";

    /// <summary>An uploaded input by its hash (with the name it was last uploaded under), or null.</summary>
    public JobInput? Input(string sha256, string role)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }
        string path = Path.Combine(Root, InputsFolder, sha256);
        return File.Exists(path) ? new JobInput(role, File.ReadAllText(path + ".name"), sha256, new FileInfo(path).Length) : null;
    }

    /// <summary>Every upload, newest first.</summary>
    public IReadOnlyList<JobInput> Inputs() =>
        new DirectoryInfo(Path.Combine(Root, InputsFolder)).EnumerateFiles("*.name")
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .Select(f => Input(Path.GetFileNameWithoutExtension(f.Name), "")!)
            .Where(i => i is not null)
            .ToList();

    /// <summary>Every run, newest first.</summary>
    public IReadOnlyList<JobRecord> All() => [.. _jobs.Values.OrderByDescending(j => j.Created, StringComparer.Ordinal).ThenByDescending(j => j.Id, StringComparer.Ordinal)];

    /// <summary>A run by id, or null.</summary>
    public JobRecord? Get(string id) => _jobs.TryGetValue(id, out var job) ? job : null;

    /// <summary>The folder of a run's outputs.</summary>
    public string OutputFolder(string id) => Path.Combine(Root, RunsFolder, id, "out");

    /// <summary>The path of one listed output of a finished run, or null (only listed outputs are served).</summary>
    public string? OutputFile(JobRecord job, string name)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Outputs.Any(o => o.Name == name) ? Path.Combine(OutputFolder(job.Id), name.Replace('/', Path.DirectorySeparatorChar)) : null;
    }

    /// <summary>
    /// Accepts a run: copies its inputs into its folder, logs <c>gep.run_started</c> (or <c>zones.run_started</c>) and queues it. With an
    /// idempotency key already used, returns that run (<paramref name="replayed"/>) when the request is the same, or null when it is not.
    /// </summary>
    public JobRecord? Start(JobKind kind, Caller caller, IReadOnlyList<JobInput> inputs, JsonObject options, string? parent, string? requestKey,
        out bool replayed)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        string requestHash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(new JsonObject
        {
            ["kind"] = kind.ToString(),
            ["parent"] = parent,
            ["inputs"] = new JsonArray([.. inputs.Select(i => (JsonNode)JsonValue.Create($"{i.Role}={i.Name}:{i.Sha256}"))]),
            ["options"] = options.DeepClone(),
        }.ToJsonString())));
        lock (_startLock)
        {
            if (requestKey is not null && _jobs.Values.FirstOrDefault(j => j.RequestKey == requestKey) is { } earlier)
            {
                replayed = true;
                return earlier.RequestHash == requestHash ? earlier : null;
            }
            replayed = false;
            return StartLocked(kind, caller, inputs, options, parent, requestKey, requestHash);
        }
    }

    private readonly Lock _startLock = new();

    private JobRecord StartLocked(JobKind kind, Caller caller, IReadOnlyList<JobInput> inputs, JsonObject options, string? parent, string? requestKey, string requestHash)
    {
        var now = _time.GetUtcNow();
        string id = "run-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        string dir = Path.Combine(Root, RunsFolder, id);
        foreach (var input in inputs)
        {
            string target = Path.Combine(dir, InputsFolder, input.Role, input.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            HardLinks.LinkOrCopy(Path.Combine(Root, InputsFolder, input.Sha256), target);
            if (input.Role == "rasters")
            {
                // the set's files, beside its configuration as they lay on the user's disk, as links to the uploads (no second copy of
                // big rasters): a queued run does not depend on the uploads' own names, which retention may remove
                RasterSet.Read(input.Sha256, File.ReadAllBytes(target))
                    .LayOut(Path.Combine(dir, InputsFolder, RasterFilesFolder), (sha, path) => HardLinks.LinkOrCopy(StoredPath(sha), path));
            }
        }
        var job = new JobRecord
        {
            Id = id,
            Kind = kind.ToString().ToLowerInvariant(),
            Status = JobStatus.Queued,
            Parent = parent,
            StartedBy = caller.Name,
            Credential = caller.TokenId,
            Created = Iso(now),
            Inputs = inputs,
            Options = options,
            Phase = "queued",
            RequestKey = requestKey,
            RequestHash = requestHash,
        };
        Save(job);
        _store.Log(JobRecord.LogName(kind.ToString().ToLowerInvariant()) + "_started", caller.Name, caller.TokenId, new()
        {
            ["run"] = id,
            ["parent"] = parent,
            ["inputs"] = string.Join(",", inputs.Select(i => $"{i.Role}={i.Name}:{i.Sha256}")),
            ["options"] = options.ToJsonString(),
        });
        _queue.Writer.TryWrite(id);
        return job;
    }

    /// <summary>
    /// Cancels a run: a queued run is cancelled at once; a running one stops at its next progress step (a unit, a phase of zoning or of the
    /// report), its output folder is deleted, and it is recorded as cancelled, with who cancelled it, in the security log. Null when there
    /// is no such run; the run unchanged when it had finished already.
    /// </summary>
    public JobRecord? Cancel(string id, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        lock (_startLock)
        {
            if (Get(id) is not { } job)
            {
                return null;
            }
            if (job.Status == JobStatus.Queued)
            {
                job = Update(job with { Status = JobStatus.Cancelled, Finished = Iso(_time.GetUtcNow()), Phase = "cancelled" }, persist: true);
                LogCancelled(job, caller, "queued");
                return job;
            }
            if (job.Status == JobStatus.Running && _running.TryGetValue(id, out var run))
            {
                _running[id] = (run.Cancel, caller, job.Phase);
                run.Cancel.Cancel();
                return Update(job with { Phase = "cancelling" }, persist: false);
            }
            return job;
        }
    }

    private void LogCancelled(JobRecord job, Caller by, string during) =>
        _store.Log(JobRecord.LogName(job.Kind) + "_cancelled", by.Name, by.TokenId, new()
        {
            ["run"] = job.Id,
            ["started_by"] = job.StartedBy,
            ["during"] = during,
        });

    /// <summary>
    /// Removes finished runs (their inputs, outputs and record) finished more than <see cref="ServerOptions.JobRetentionDays"/> days
    /// before <paramref name="now"/>, and uploads no longer used that are as old; 0 days keeps everything. Each pass that removes a run
    /// writes one <c>gep.runs_removed</c> security-log entry naming the runs and their summaries' SHA-256, so an auditor knows the files
    /// are gone. A run a kept zoning run was made from is kept with it.
    /// </summary>
    public IReadOnlyList<string> RemoveExpired(DateTimeOffset now)
    {
        if (_retentionDays <= 0)
        {
            return [];
        }
        var cutoff = now.AddDays(-_retentionDays);
        List<JobRecord> removed;
        lock (_startLock)
        {
            var expired = _jobs.Values.Where(j => j.IsFinished && j.Finished is { } f && DateTimeOffset.Parse(f, CultureInfo.InvariantCulture) < cutoff).ToList();
            // A kept run keeps the runs it was made from, and those theirs (a screening keeps its zoning, which keeps its GEP run).
            var kept = _jobs.Values.Except(expired).Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
            for (var grown = true; grown;)
            {
                grown = false;
                foreach (var source in _jobs.Values.Where(j => kept.Contains(j.Id)).SelectMany(j => j.MadeFrom()).ToList())
                {
                    grown |= kept.Add(source);
                }
            }
            removed = [.. expired.Where(j => !kept.Contains(j.Id))];
            foreach (var job in removed)
            {
                _jobs.TryRemove(job.Id, out _);
                string dir = Path.Combine(Root, RunsFolder, job.Id);
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, true);
                }
            }
        }
        lock (_inputsLock)
        {
            foreach (var upload in new DirectoryInfo(Path.Combine(Root, InputsFolder)).EnumerateFiles("*.name").ToList())
            {
                string data = Path.Combine(upload.DirectoryName!, Path.GetFileNameWithoutExtension(upload.Name));
                upload.Refresh(); // an upload of the same bytes may have renamed it since the listing
                if (upload.Exists && upload.LastWriteTimeUtc < cutoff.UtcDateTime)
                {
                    File.Delete(data);
                    upload.Delete();
                    _saves.Remove(Path.GetFileName(data));
                }
            }
        }
        if (removed.Count > 0)
        {
            _store.Log("gep.runs_removed", "server", "retention", new()
            {
                ["retention_days"] = _retentionDays.ToString(CultureInfo.InvariantCulture),
                ["runs"] = string.Join(",", removed.Select(j => $"{j.Id}:{j.Status}:{j.SummarySha256 ?? "-"}")),
            });
        }
        return [.. removed.Select(j => j.Id)];
    }

    /// <summary>The path of a run's input of <paramref name="role"/>, or null.</summary>
    public string? InputPath(JobRecord job, string role)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Inputs.FirstOrDefault(i => i.Role == role) is { } input ? Path.Combine(Root, RunsFolder, job.Id, InputsFolder, role, input.Name) : null;
    }

    /// <summary>Runs queued jobs, <see cref="ServerOptions.JobWorkers"/> at a time, until the server stops.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _workers).Select(_ => Task.Run(() => Work(stoppingToken), stoppingToken)).Append(Sweep(stoppingToken)));

    /// <summary>The retention sweep: at start, then hourly.</summary>
    private async Task Sweep(CancellationToken stop)
    {
        if (_retentionDays <= 0)
        {
            return;
        }
        try
        {
            while (!stop.IsCancellationRequested)
            {
                RemoveExpired(_time.GetUtcNow());
                await Task.Delay(TimeSpan.FromHours(1), _time, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the server is stopping
        }
    }

    private async Task Work(CancellationToken stop)
    {
        try
        {
            await foreach (var id in _queue.Reader.ReadAllAsync(stop).ConfigureAwait(false))
            {
                if (Get(id) is { Status: JobStatus.Queued } job)
                {
                    Run(job);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the server is stopping: an unfinished run stays queued or running in job.json and is queued again on the next start
        }
    }

    private void Run(JobRecord job)
    {
        using var cancel = new CancellationTokenSource();
        lock (_startLock)
        {
            if (Get(job.Id) is not { Status: JobStatus.Queued })
            {
                return; // cancelled while queued
            }
            _running[job.Id] = (cancel, null, null);
            job = Update(job with { Status = JobStatus.Running, Started = Iso(_time.GetUtcNow()), Phase = "starting", Done = 0 }, persist: true);
        }
        string outDir = OutputFolder(job.Id);
        JobOutcome outcome;
        try
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, true); // a run interrupted by a restart starts over
            }
            var progress = new JobProgress(this, job, cancel.Token);
            outcome = job.Kind switch
            {
                "gep" => GepJob.Run(this, job, outDir, progress),
                "zones" => ZonesJob.Run(this, job, outDir, progress),
                "screen" => ScreenJob.Run(this, job, outDir, progress),
                _ => CompareJob.Run(this, job, outDir, progress),
            };
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            outcome = new JobOutcome([], [], null);
        }
#pragma warning disable CA1031 // a run's unexpected failure is recorded on the run, never allowed to stop the worker
        catch (Exception e)
#pragma warning restore CA1031
        {
            _log.LogError(e, "Run {Run} failed unexpectedly.", job.Id);
            outcome = new JobOutcome([$"the run failed unexpectedly ({e.GetType().Name}); nothing was published. The server log has the details."], [], null);
        }
        _running.TryRemove(job.Id, out var ran);
        if (cancel.IsCancellationRequested)
        {
            // Whatever the run had written, finished or not, goes: a cancelled run offers nothing for download.
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, true);
            }
            string during = ran.During ?? Get(job.Id)!.Phase ?? "running";
            job = Update(Get(job.Id)! with { Status = JobStatus.Cancelled, Finished = Iso(_time.GetUtcNow()), Phase = "cancelled", Outputs = [], SummarySha256 = null },
                persist: true);
            LogCancelled(job, ran.By ?? new Caller(job.StartedBy, job.Credential, []), during);
            return;
        }
        var outputs = outcome.Problems.Count == 0 ? ListOutputs(outDir) : [];
        string? summary = outcome.SummaryFile is { } s ? outputs.FirstOrDefault(o => o.Name == s)?.Sha256 : null;
        job = Update(Get(job.Id)! with
        {
            Status = outcome.Problems.Count == 0 ? JobStatus.Succeeded : JobStatus.Failed,
            Finished = Iso(_time.GetUtcNow()),
            Phase = outcome.Problems.Count == 0 ? "done" : "failed",
            Problems = outcome.Problems,
            Warnings = outcome.Warnings,
            Outputs = outputs,
            SummarySha256 = summary,
        }, persist: true);
        _store.Log(JobRecord.LogName(job.Kind) + "_finished", job.StartedBy, job.Credential, new()
        {
            ["run"] = job.Id,
            ["status"] = job.Status,
            ["summary_sha256"] = summary,
            ["problems"] = job.Problems.Count.ToString(CultureInfo.InvariantCulture),
            ["outputs"] = string.Join(",", outputs.Select(o => $"{o.Name}:{o.Sha256}")),
        });
    }

    /// <summary>Every file under <paramref name="dir"/> with its hash, in ordinal order of the relative path.</summary>
    private static List<JobOutput> ListOutputs(string dir) => !Directory.Exists(dir) ? [] :
        [.. Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => (Name: Path.GetRelativePath(dir, f).Replace(Path.DirectorySeparatorChar, '/'), Path: f))
            .Where(f => !f.Name.Split('/').Any(part => part.StartsWith('.')))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f =>
            {
                using var s = File.OpenRead(f.Path);
                return new JobOutput(f.Name, Convert.ToHexStringLower(SHA256.HashData(s)), s.Length);
            })];

    internal JobRecord Update(JobRecord job, bool persist)
    {
        _jobs[job.Id] = job;
        if (persist)
        {
            Save(job);
        }
        Changed?.Invoke(job);
        return job;
    }

    private void Save(JobRecord job)
    {
        _jobs[job.Id] = job;
        string dir = Path.Combine(Root, RunsFolder, job.Id);
        Directory.CreateDirectory(dir);
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(job, JsonOptions);
        AtomicFile.Write(Path.Combine(dir, "job.json"), temp => File.WriteAllBytes(temp, bytes));
    }

    /// <summary>The JSON form of a run, as stored and as answered.</summary>
    public static JsonSerializerOptions CreateJsonOptions()
    {
        // The API's conventions (snake_case, as ServerApp.Configure sets them), without depending on the host's composition.
        return new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        };
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>An upload as stored: whether its bytes were new to the store, and which save of those bytes (since the server started) it was.</summary>
/// <param name="Input">The upload.</param>
/// <param name="Created">True when the bytes were new to the store.</param>
/// <param name="Save">Which save of these bytes since the server started (1 for the first).</param>
/// <param name="Previous">When the bytes were there already, the name they had and when it was written (what a refusal puts back).</param>
internal sealed record StoredUpload(JobInput Input, bool Created, long Save, (string Name, DateTime Written)? Previous = null);

/// <summary>How a job ended: problems (nothing written) or warnings, and which output is its summary.</summary>
internal sealed record JobOutcome(IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings, string? SummaryFile);

/// <summary>Progress of a running job, published at most every 100 ms (a unit at a time would flood the stream).</summary>
internal sealed class JobProgress(Jobs jobs, JobRecord job, CancellationToken cancel)
{
    private long _done;
    private long _lastPublished = Environment.TickCount64;
    private string? _phase;

    /// <summary>Cancelled when the run is cancelled: work that reports no step for a while (the zonal statistics) checks it itself.</summary>
    public CancellationToken Token => cancel;

    public void Phase(string phase, long done, long? total)
    {
        cancel.ThrowIfCancellationRequested();
        _done = done;
        _phase = phase;
        jobs.Update(jobs.Get(job.Id)! with { Phase = phase, Done = done, Total = total }, persist: false);
        _lastPublished = Environment.TickCount64;
    }

    /// <summary>
    /// The zonal statistics of a run from rasters: the phase names the raster, band and pass (<see cref="ZonalProgress.Describe"/>), and
    /// done/total count unit visits over all passes (passes × units), so the count only grows. Published when a pass begins or ends, and
    /// otherwise at most every 100 ms.
    /// </summary>
    public void Zonal(ZonalProgress z)
    {
        cancel.ThrowIfCancellationRequested();
        if (z.UnitsDone == 0 || z.PassFinished || Environment.TickCount64 - _lastPublished >= 100)
        {
            Phase(z.Describe(), z.Done, z.Total);
        }
    }

    /// <summary>One more item of <paramref name="phase"/>; a phase other than the last one published counts from 1 and is published at once.</summary>
    public void Step(string phase)
    {
        cancel.ThrowIfCancellationRequested();
        bool begins = phase != _phase;
        _done = begins ? 1 : _done + 1;
        if (begins || Environment.TickCount64 - _lastPublished >= 100)
        {
            Phase(phase, _done, null);
        }
    }
}
