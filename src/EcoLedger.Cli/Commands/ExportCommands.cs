using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EcoLedger.Cli.Hosting;
using EcoLedger.IO;
using EcoLedger.Ledger;
using EcoLedger.Ledger.Public;

namespace EcoLedger.Cli.Commands;

/// <summary><c>ledger export</c>: the registry's public files (docs/interop.md).</summary>
internal static class ExportCommands
{
    public static Command Export(LedgerCli ctx)
    {
        var export = new Command("export", "Exports for the public and other registries.");
        export.Subcommands.Add(Public(ctx));
        return export;
    }

    private static Command Public(LedgerCli ctx)
    {
        var output = new Option<string>("--out") { Description = "Folder for issuances.csv|json, retirements.csv|json and manifest.json.", Required = true };
        var c = new Command("public", "Issuances and retirements as the public registry publishes them, as of the latest signed checkpoint, with each file's SHA-256.")
        {
            output,
        };
        c.SetAction(r => ctx.Guard(() =>
        {
            string dir = r.GetValue(output)!;
            ctx.RefuseOverwrite(r, dir, "--out");
            if (File.Exists(dir))
            {
                throw new CliException($"--out: {dir} is a file; expected a folder for the export.");
            }
            using var db = ctx.Open(r);
            var export = db.InReadSnapshot(() =>
            {
                var checkpoint = db.LatestCheckpoint() ?? throw new LedgerException($"{db.Path} has no signed checkpoint; run ledger init on it first.");
                return PublicRegistryExport.FromJournal(db.JournalEvents(1, checkpoint.Checkpoint.TreeSize), checkpoint);
            });
            IReadOnlyList<(string File, string Sha256, int Rows)> files = [];
            AtomicDirectory.Write(dir, temp => files = export.WriteTo(temp));
            var cp = export.Checkpoint.Checkpoint;
            if (r.GetValue(ctx.Json))
            {
                LedgerCommands.WriteJson(ctx.Io, new JsonObject
                {
                    ["out"] = dir,
                    ["tree_size"] = cp.TreeSize,
                    ["root_hash"] = cp.RootHash,
                    ["files"] = new JsonArray(files.Select(f => (JsonNode)new JsonObject { ["file"] = f.File, ["sha256"] = f.Sha256, ["rows"] = f.Rows }).ToArray()),
                });
            }
            else
            {
                ctx.Io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"public export of {cp.LedgerId} at tree size {cp.TreeSize} (root {cp.RootHash}) written to {dir}: {export.Issuances.Count} issuances, {export.Retirements.Count} retired ranges"));
                foreach (var (file, sha, rows) in files)
                {
                    ctx.Io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {file,-17} {rows,6} rows  sha256 {sha}"));
                }
            }
            return 0;
        }));
        return c;
    }
}
