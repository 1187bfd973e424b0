using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EcoLedger.Audit;
using EcoLedger.Cli.Hosting;
using EcoLedger.IO;
using EcoLedger.Ledger;
using EcoLedger.Ledger.Interop.Cadt;
using EcoLedger.Ledger.Public;
using EcoLedger.Storage;

namespace EcoLedger.Cli.Commands;

/// <summary><c>ledger export</c> and <c>ledger import</c>: the registry's public files and CAD Trust records (docs/interop.md).</summary>
internal static class ExportCommands
{
    public static Command Export(LedgerCli ctx)
    {
        var export = new Command("export", "Exports for the public and other registries.");
        export.Subcommands.Add(Public(ctx));
        export.Subcommands.Add(Cadt(ctx));
        return export;
    }

    public static Command Import(LedgerCli ctx)
    {
        var import = new Command("import", "Imports from other registries.");
        import.Subcommands.Add(ImportCadt(ctx));
        return import;
    }

    private static Option<string> AsOf() => new("--as-of")
    {
        Description = "Export as of the end of this UTC day (YYYY-MM-DD): the last checkpoint signed before the next midnight. Default: the latest checkpoint.",
    };

    private static Command Public(LedgerCli ctx)
    {
        var output = new Option<string>("--out") { Description = "Folder for issuances.csv|json, retirements.csv|json and manifest.json.", Required = true };
        var asOf = AsOf();
        var c = new Command("public", "Issuances and retirements as the public registry publishes them, as of a signed checkpoint, with each file's SHA-256.")
        {
            output, asOf,
        };
        c.SetAction(r => ctx.Guard(() =>
        {
            string dir = OutDir(ctx, r, output);
            using var db = ctx.Open(r);
            var export = db.InReadSnapshot(() =>
            {
                var checkpoint = CheckpointOf(db, r.GetValue(asOf));
                return PublicRegistryExport.FromJournal(db.JournalEvents(1, checkpoint.Checkpoint.TreeSize), checkpoint);
            });
            IReadOnlyList<(string File, string Sha256, int Rows)> files = [];
            AtomicDirectory.Write(dir, temp => files = export.WriteTo(temp));
            Report(ctx, r, dir, export.Checkpoint.Checkpoint, files, $"{export.Issuances.Count} issuances, {export.Retirements.Count} retired ranges", "public export", []);
            return 0;
        }));
        return c;
    }

    private static Command Cadt(LedgerCli ctx)
    {
        var output = new Option<string>("--out") { Description = "Folder for projects.json, units.json (CAD Trust records) and manifest.json.", Required = true };
        var registry = new Option<string>("--registry") { Description = "This registry's name in the records (currentRegistry). Default: the ledger id." };
        var url = new Option<string>("--registry-url") { Description = "Base address of this registry's public view; links are {url}/registry#project-ID and #serial-SERIAL.", Required = true };
        var asOf = AsOf();
        var c = new Command("cadt", "CAD Trust project and unit records (JSON) of every described project, as of a signed checkpoint, validated against schemas/cadt.")
        {
            output, registry, url, asOf,
        };
        c.SetAction(r => ctx.Guard(() =>
        {
            string dir = OutDir(ctx, r, output);
            using var db = ctx.Open(r);
            var export = db.InReadSnapshot(() =>
            {
                var checkpoint = CheckpointOf(db, r.GetValue(asOf));
                return CadtExport.FromJournal(db.JournalEvents(1, checkpoint.Checkpoint.TreeSize), checkpoint,
                    r.GetValue(registry) ?? checkpoint.Checkpoint.LedgerId, r.GetValue(url)!);
            });
            IReadOnlyList<(string File, string Sha256, int Rows)> files = [];
            AtomicDirectory.Write(dir, temp => files = export.WriteTo(temp));
            Report(ctx, r, dir, export.Checkpoint.Checkpoint, files, $"{export.Projects.Count} projects, {export.Units.Count} unit blocks", "CAD Trust export", export.Skipped);
            return 0;
        }));
        return c;
    }

    private static Command ImportCadt(LedgerCli ctx)
    {
        var projects = new Option<string>("--projects") { Description = "A JSON array of CAD Trust project records (e.g. projects.json of 'ledger export cadt').", Required = true };
        var units = new Option<string>("--units") { Description = "A JSON array of CAD Trust unit records (units.json)." };
        var registry = new Option<string>("--registry") { Description = "This registry's name: records whose currentRegistry it is are this registry's own. Default: the ledger id." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the commands the import would run; write nothing." };
        var c = new Command("cadt", "Import CAD Trust records as registry commands (descriptions, listings, labels, owners' jurisdictions; never credits). " +
            "Idempotent: a repeated import runs nothing. Exits 1 when the records disagree with the ledger on credits or Article 6 status.")
        {
            projects, units, registry, dryRun,
        };
        c.SetAction(r => ctx.Guard(() =>
        {
            string projectsPath = Existing(r.GetValue(projects)!, "--projects");
            string? unitsPath = r.GetValue(units) is { } u ? Existing(u, "--units") : null;
            var projectRecords = CadtImport.Read<CadtProject>(projectsPath, CadtSchemas.Project);
            var unitRecords = unitsPath is null ? [] : CadtImport.Read<CadtUnit>(unitsPath, CadtSchemas.Unit);
            using var db = ctx.Open(r);
            var plan = db.InReadSnapshot(() =>
            {
                var checkpoint = db.LatestCheckpoint() ?? throw new LedgerException($"{db.Path} has no signed checkpoint; run ledger init on it first.");
                return CadtImport.Plan(projectRecords, unitRecords, db.JournalEvents(1, checkpoint.Checkpoint.TreeSize), checkpoint.Checkpoint.TreeSize,
                    r.GetValue(registry) ?? checkpoint.Checkpoint.LedgerId);
            });
            var rows = new List<BatchRowResult>();
            if (plan.Commands.Count > 0 && !r.GetValue(dryRun))
            {
                string actor = ctx.ActorOf(r) ?? throw new CliException("'import cadt' runs registry commands: give the registry participant with --actor.");
                // Request ids from the files' content: a retried import of the same files cannot run twice.
                string stem = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                    [.. File.ReadAllBytes(projectsPath), .. unitsPath is null ? [] : File.ReadAllBytes(unitsPath)]))[..16];
                var requests = plan.Commands.Select((cmd, i) => new CommandRequest(cmd, actor, $"cadt_{stem}_{i + 1}")).ToList();
                rows.AddRange(db.Commands.RunBatch(requests, out bool committed));
                if (!committed)
                {
                    var failed = rows.First(x => x.Status == "error");
                    throw new CliException($"import command {failed.Row} ({plan.Commands[failed.Row - 1].GetType().Name}) was refused; nothing was imported: {failed.Error}");
                }
            }
            if (r.GetValue(ctx.Json))
            {
                LedgerCommands.WriteJson(ctx.Io, new JsonObject
                {
                    ["dry_run"] = r.GetValue(dryRun),
                    ["commands"] = new JsonArray(plan.Commands.Select((cmd, i) => (JsonNode)new JsonObject
                    {
                        ["command"] = cmd.GetType().Name,
                        ["fields"] = LedgerCommands.ToNode(cmd),
                        ["seq"] = i < rows.Count ? rows[i].Seq : null,
                    }).ToArray()),
                    ["differences"] = new JsonArray(plan.Differences.Select(d => (JsonNode)d).ToArray()),
                    ["notes"] = new JsonArray(plan.Notes.Select(n => (JsonNode)n).ToArray()),
                });
            }
            else
            {
                var o = ctx.Io.Out;
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"CAD Trust import of {projectRecords.Count} project and {unitRecords.Count} unit records: {plan.Commands.Count} commands{(r.GetValue(dryRun) ? " (dry run, nothing written)" : plan.Commands.Count == 0 ? " (the ledger already says what the records say)" : " run")}"));
                for (int i = 0; i < plan.Commands.Count; i++)
                {
                    string seq = i < rows.Count ? $"  event {rows[i].Seq}" : "";
                    o.WriteLine($"  {plan.Commands[i].GetType().Name} {LedgerCommands.ToNode(plan.Commands[i])?.ToJsonString()}{seq}");
                }
                foreach (var n in plan.Notes)
                {
                    o.WriteLine($"  note: {n}");
                }
                foreach (var d in plan.Differences)
                {
                    o.WriteLine($"  difference: {d}");
                }
            }
            return plan.Differences.Count > 0 ? 1 : 0;
        }));
        return c;
    }

    private static string Existing(string path, string option) =>
        File.Exists(path) ? path : throw new CliException($"{option}: {path} does not exist.");

    private static string OutDir(LedgerCli ctx, ParseResult r, Option<string> output)
    {
        string dir = r.GetValue(output)!;
        ctx.RefuseOverwrite(r, dir, "--out");
        if (File.Exists(dir))
        {
            throw new CliException($"--out: {dir} is a file; expected a folder for the export.");
        }
        return dir;
    }

    private static SignedCheckpoint CheckpointOf(LedgerDatabase db, string? asOf)
    {
        if (asOf is null)
        {
            return db.LatestCheckpoint() ?? throw new LedgerException($"{db.Path} has no signed checkpoint; run ledger init on it first.");
        }
        var day = LedgerCommands.Date(asOf, "--as-of");
        var end = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return db.CheckpointBefore(end)
            ?? throw new CliException($"--as-of {asOf}: {db.Path} has no checkpoint signed on or before {asOf} (UTC); its journal starts later.");
    }

    private static void Report(LedgerCli ctx, ParseResult r, string dir, Checkpoint cp, IReadOnlyList<(string File, string Sha256, int Rows)> files, string summary,
        string what, IReadOnlyList<string> skipped)
    {
        if (r.GetValue(ctx.Json))
        {
            LedgerCommands.WriteJson(ctx.Io, new JsonObject
            {
                ["out"] = dir,
                ["tree_size"] = cp.TreeSize,
                ["root_hash"] = cp.RootHash,
                ["checkpoint_time"] = cp.TimeText,
                ["files"] = new JsonArray(files.Select(f => (JsonNode)new JsonObject { ["file"] = f.File, ["sha256"] = f.Sha256, ["rows"] = f.Rows }).ToArray()),
                ["skipped"] = new JsonArray(skipped.Select(s => (JsonNode)s).ToArray()),
            });
            return;
        }
        ctx.Io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what} of {cp.LedgerId} at tree size {cp.TreeSize} (root {cp.RootHash}, signed {cp.TimeText}) written to {dir}: {summary}"));
        foreach (var (file, sha, rows) in files)
        {
            ctx.Io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {file,-17} {rows,6} rows  sha256 {sha}"));
        }
        foreach (var s in skipped)
        {
            ctx.Io.Out.WriteLine($"  skipped: {s}");
        }
    }
}
