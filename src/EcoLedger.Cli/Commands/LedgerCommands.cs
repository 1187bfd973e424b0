using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.Cli.Hosting;
using EcoLedger.Ledger;
using EcoLedger.Spatial;
using EcoLedger.Storage;
using EcoLedger.Zoning;

namespace EcoLedger.Cli.Commands;

/// <summary>
/// <c>ecoledger ledger ...</c>: the carbon-sink credit registry. Every verb accepts <c>--db</c> (or <c>ECOLEDGER_DB</c>),
/// <c>--actor</c> and <c>--json</c> anywhere after it; every mutating verb accepts <c>--request-id</c>.
/// </summary>
public static class LedgerCommands
{
    private static readonly JsonSerializerOptions JsonOut = new(Journal.PayloadOptions) { WriteIndented = true };

    public static Command Create(CliIo io)
    {
        var ctx = new LedgerCli(io);
        var ledger = new Command("ledger", "Carbon-sink credit ledger: participants, projects, issuance, serial blocks, transfers, retirements.");
        ctx.AddSharedOptions(ledger);

        ledger.Subcommands.Add(AuditCommands.LedgerInit(ctx));

        var participant = new Command("participant", "Registry participants.");
        var pid = Req("--id", "Participant id (letters, digits, underscore).");
        var role = Req("--role", "registry | verifier | project_owner | holder.");
        var name = Opt("--name", "Display name.");
        participant.Subcommands.Add(ctx.Mutating("add", "Add a participant. The first one must be a registry (no --actor needed).", [pid, role, name],
            r => new AddParticipant(r.GetValue(pid)!, RoleNames.Parse(r.GetValue(role)!), r.GetValue(name))));
        participant.Subcommands.Add(ParticipantList(ctx));
        participant.Subcommands.Add(KeyCommands.Keygen(ctx));
        participant.Subcommands.Add(KeyCommands.Key(ctx));
        participant.Subcommands.Add(KeyCommands.List(ctx));
        InteropVerbs.AddToParticipant(ctx, participant);
        ledger.Subcommands.Add(participant);
        ledger.Subcommands.Add(KeyCommands.Policy(ctx));

        ledger.Subcommands.Add(ProjectCommand(ctx));
        ledger.Subcommands.Add(IssuanceCommand(ctx));
        ledger.Subcommands.Add(CreditsCommand(ctx));
        ledger.Subcommands.Add(ReversalCommand(ctx));
        ledger.Subcommands.Add(QueryCommands.Balance(ctx));
        ledger.Subcommands.Add(QueryCommands.Blocks(ctx));
        ledger.Subcommands.Add(QueryCommands.History(ctx));
        ledger.Subcommands.Add(CertificateCommands.Certificate(ctx));
        ledger.Subcommands.Add(ExportCommands.Export(ctx));
        ledger.Subcommands.Add(ExportCommands.Import(ctx));
        ledger.Subcommands.Add(QueryCommands.Supply(ctx));
        ledger.Subcommands.Add(QueryCommands.Verify(ctx));
        var diagramsOut = new Option<string>("--out") { Description = "Folder to write each machine's Mermaid text (NAME.mmd) and SVG picture (NAME.svg) to, instead of printing the Mermaid." };
        var diagramsForce = new Option<bool>("--force") { Description = "Overwrite diagram files that already exist in --out." };
        var diagrams = new Command("diagrams", "Print the Mermaid state diagrams generated from the state machines, or write them with SVG pictures (--out DIR).")
        {
            diagramsOut, diagramsForce,
        };
        diagrams.SetAction(r =>
        {
            if (r.GetValue(diagramsOut) is { } dir)
            {
                if (File.Exists(dir))
                {
                    throw new CliException($"--out: {dir} is a file; expected a folder for the diagram files.");
                }
                var files = LedgerDiagrams.Files().Concat(EcoLedger.Ledger.Interop.InteropDiagrams.Files()).Select(f => (Path: Path.Combine(dir, f.FileName), f.Content)).ToList();
                // Every file is checked before any is written, so a refusal leaves the folder as it was.
                if (!r.GetValue(diagramsForce) && files.FirstOrDefault(f => File.Exists(f.Path)) is { Path: { } existing })
                {
                    throw new CliException($"{existing}: file exists; pass --force to overwrite the diagram files in {dir}.");
                }
                Directory.CreateDirectory(dir);
                foreach (var (path, content) in files)
                {
                    EcoLedger.IO.AtomicFile.Write(path, temp => File.WriteAllText(temp, content, new System.Text.UTF8Encoding(false)));
                }
                if (r.GetValue(ctx.Json))
                {
                    WriteJson(io, new JsonObject { ["written"] = new JsonArray(files.Select(f => (JsonNode)f.Path).ToArray()) });
                }
                else
                {
                    io.Out.WriteLine($"wrote {files.Count} diagram files to {dir}: {string.Join(", ", files.Select(f => Path.GetFileName(f.Path)))}");
                }
                return 0;
            }
            foreach (var (title, mermaid) in LedgerDiagrams.All().Concat(EcoLedger.Ledger.Interop.InteropDiagrams.All()))
            {
                io.Out.WriteLine($"### {title}");
                io.Out.WriteLine();
                io.Out.WriteLine("```mermaid");
                io.Out.WriteLine(mermaid.TrimEnd());
                io.Out.WriteLine("```");
                io.Out.WriteLine();
            }
            return 0;
        });
        ledger.Subcommands.Add(diagrams);
        return ledger;
    }

    /// <summary>Reads a units layer for <c>project create --units-file</c>: every feature's outline in CGCS2000 lon/lat (EPSG:4490).</summary>
    private static List<UnitGeometry> UnitOutlines(string path)
    {
        PolygonLayer layer;
        try
        {
            layer = PolygonLayer.Load(path, ZoneMarker.UnitIdField, "unit", null, fix: false, PolygonLayer.RepairFileRemedy("the units file"));
        }
        catch (ZoningInputException e)
        {
            throw new CliException(e.Message);
        }
        if (layer.Crs.Kind != CoordinateKind.Geographic || layer.Crs.Epsg is { } epsg && epsg != UnitsInArea.Srid)
        {
            throw new CliException($"{path}: is in {layer.Crs.Describe()}; unit outlines are stored in CGCS2000 lon/lat: give EPSG:{UnitsInArea.Srid} " +
                "or a CGCS2000 Gauss–Krüger zone (reprojected), or reproject the file (ogr2ogr -t_srs EPSG:4490).");
        }
        return [.. layer.Features.Select(f => UnitGeometry.From(f.Id, UnitsInArea.Srid, f.Geometry))];
    }

    private static Command ParticipantList(LedgerCli ctx)
    {
        var c = new Command("list", "List the registry's participants: id, role, name and signing keys in force.");
        c.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            var rows = db.Participants();
            if (r.GetValue(ctx.Json))
            {
                WriteJson(ctx.Io, new JsonArray(rows.Select(p => (JsonNode)new JsonObject
                {
                    ["id"] = p.Id,
                    ["role"] = p.Role.Name(),
                    ["name"] = p.Name,
                    ["active_keys"] = p.ActiveKeys,
                }).ToArray()));
                return 0;
            }
            if (rows.Count == 0)
            {
                ctx.Io.Out.WriteLine("no participants: add the registry first (ledger participant add --role registry)");
                return 0;
            }
            QueryCommands.Table(ctx.Io, ["id", "role", "name", "keys"], rows.Select(p => new[]
            {
                p.Id, p.Role.Name(), p.Name, p.ActiveKeys.ToString(CultureInfo.InvariantCulture),
            }));
            return 0;
        }));
        return c;
    }

    private static Command ProjectCommand(LedgerCli ctx)
    {
        var project = new Command("project", "Carbon-sink projects: draft → submitted → validated → registered ↔ suspended → closed; rejected.");
        var id = Req("--id", "Project id (letters, digits, underscore).");
        var owner = Req("--owner", "Owner participant (role project_owner); must be the actor.");
        var region = Req("--region", "Region code used in serial numbers.");
        var methodology = Req("--methodology", "Methodology code, e.g. CCER-14-001-V01.");
        var buffer = Req("--buffer-pct", "Non-permanence buffer percentage, 0–100 (two decimals at most).");
        var ps = Req("--period-start", "Crediting period start, YYYY-MM-DD.");
        var pe = Req("--period-end", "Crediting period end, YYYY-MM-DD.");
        var units = Opt("--units", "Accounting unit ids covered, comma-separated.");
        var unitsFile = Opt("--units-file", "Unit outlines: polygons with unit_id (.geojson, .gpkg or .shp) in CGCS2000 lon/lat (EPSG:4490) or a CGCS2000 " +
            "Gauss–Krüger zone (reprojected to lon/lat); their ids are the project's units unless --units lists them. Stored as PostGIS geometry on PostgreSQL.");
        project.Subcommands.Add(ctx.Mutating("create", "Create a draft project.", [id, owner, region, methodology, buffer, ps, pe, units, unitsFile], r =>
        {
            var unitIds = (r.GetValue(units) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var outlines = r.GetValue(unitsFile) is { } file ? UnitOutlines(file) : null;
            if (outlines is not null && unitIds.Length == 0)
            {
                unitIds = [.. outlines.Select(o => o.Unit)];
            }
            int bp = BasisPoints(r.GetValue(buffer)!);
            var (start, end) = (Date(r.GetValue(ps)!, "--period-start"), Date(r.GetValue(pe)!, "--period-end"));
            return new CreateProject(r.GetValue(id)!, r.GetValue(owner)!, r.GetValue(region)!, r.GetValue(methodology)!, bp, start, end, unitIds, outlines);
        }));
        project.Subcommands.Add(QueryCommands.UnitsWithin(ctx));
        foreach (var (verb, trigger, help) in new[]
        {
            ("submit", ProjectTrigger.Submit, "Owner submits the draft for validation."),
            ("validate", ProjectTrigger.Validate, "Verifier validates a submitted project."),
            ("register", ProjectTrigger.Register, "Registry registers a validated project."),
            ("suspend", ProjectTrigger.Suspend, "Registry suspends a registered project."),
            ("reinstate", ProjectTrigger.Reinstate, "Registry reinstates a suspended project."),
            ("close", ProjectTrigger.Close, "Registry closes a registered or suspended project."),
            ("reject", ProjectTrigger.Reject, "Registry or verifier rejects a submitted or validated project."),
        })
        {
            var pid = Req("--id", "Project id.");
            project.Subcommands.Add(ctx.Mutating(verb, help, [pid], r => new TransitionProject(r.GetValue(pid)!, trigger)));
        }
        InteropVerbs.AddToProject(ctx, project);
        return project;
    }

    private static Command IssuanceCommand(LedgerCli ctx)
    {
        var issuance = new Command("issuance", "Monitoring periods: submitted → verified → issued; rejected.");
        var id = Req("--id", "Issuance request id.");
        var project = Req("--project", "Project id (must be registered; the actor must be its owner).");
        var vs = Req("--vintage-start", "Monitoring period start, YYYY-MM-DD.");
        var ve = Req("--vintage-end", "Monitoring period end, YYYY-MM-DD.");
        var quantity = new Option<long>("--quantity") { Description = "Claimed tonnes CO2e (whole tonnes).", Required = true };
        issuance.Subcommands.Add(ctx.Mutating("request", "Request issuance for a monitoring period.", [id, project, vs, ve, quantity], r =>
            new RequestIssuance(r.GetValue(id)!, r.GetValue(project)!, Date(r.GetValue(vs)!, "--vintage-start"), Date(r.GetValue(ve)!, "--vintage-end"),
                r.GetValue(quantity))));
        foreach (var (verb, help) in new[] { ("verify", "Verifier verifies the claimed quantity."), ("issue", "Registry issues: one serial block, buffer share to the buffer pool."), ("reject", "Verifier or registry rejects.") })
        {
            var rid = Req("--id", "Issuance request id.");
            issuance.Subcommands.Add(ctx.Mutating(verb, help, [rid], r => verb switch
            {
                "issue" => new IssueCredits(r.GetValue(rid)!),
                "verify" => new TransitionIssuance(r.GetValue(rid)!, IssuanceTrigger.Verify),
                _ => (ILedgerCommand)new TransitionIssuance(r.GetValue(rid)!, IssuanceTrigger.Reject),
            }));
        }
        InteropVerbs.AddToIssuance(ctx, issuance);
        return issuance;
    }

    private static Command CreditsCommand(LedgerCli ctx)
    {
        var credits = new Command("credits", "Move credits: transfer, retire, pledge, release, freeze, unfreeze, cancel. Oldest vintage first; a part of a block moves its lowest serials.");
        credits.Subcommands.Add(CreditVerb(ctx, CreditOperation.Transfer, "transfer", "Transfer credits to another holder.", holderName: "--from", counterparty: "--to"));
        credits.Subcommands.Add(CreditVerb(ctx, CreditOperation.Retire, "retire", "Retire credits for a beneficiary; prints the retirement statement.", extra: ["--beneficiary", "--purpose"]));
        credits.Subcommands.Add(CreditVerb(ctx, CreditOperation.Pledge, "pledge", "Pledge credits to a bank as collateral (they stay with the holder but cannot move).", counterparty: "--to"));
        credits.Subcommands.Add(CreditVerb(ctx, CreditOperation.Release, "release", "End a pledge (by the bank or the registry).", counterparty: "--bank", counterpartyOptional: true));
        credits.Subcommands.Add(CreditVerb(ctx, CreditOperation.Freeze, "freeze", "Registry freezes credits."));
        credits.Subcommands.Add(CreditVerb(ctx, CreditOperation.Unfreeze, "unfreeze", "Registry unfreezes credits."));
        credits.Subcommands.Add(CreditVerb(ctx, CreditOperation.Cancel, "cancel", "Registry cancels credits.", extra: ["--reason"]));
        return credits;
    }

    private static Command ReversalCommand(LedgerCli ctx)
    {
        var reversal = new Command("reversal", "Reversals (fire, illegal felling, pest loss): buffer first, then held issuance until the owner surrenders.");
        var project = Req("--project", "Project id.");
        var quantity = new Option<long>("--quantity") { Description = "Lost tonnes CO2e.", Required = true };
        var cause = Req("--cause", "fire | illegal_felling | pest | ... (free text).");
        reversal.Subcommands.Add(ctx.Mutating("report", "Report a reversal: cancels the project's buffer credits first; a shortfall holds issuance.",
            [project, quantity, cause], r => new ReportReversal(r.GetValue(project)!, r.GetValue(quantity), r.GetValue(cause)!)));
        reversal.Subcommands.Add(CreditVerb(ctx, CreditOperation.Surrender, "surrender",
            "Owner surrenders (cancels) credits of the project to cover a reversal shortfall; issuance resumes at zero shortfall.", projectRequired: true));
        return reversal;
    }

    private static Command CreditVerb(LedgerCli ctx, CreditOperation op, string verb, string help, string holderName = "--holder",
        string? counterparty = null, bool counterpartyOptional = false, string[]? extra = null, bool projectRequired = false)
    {
        var holder = Req(holderName, "Holding account the credits are taken from.");
        var cp = counterparty is null ? null : new Option<string>(counterparty) { Description = counterparty == "--to" ? "Receiver (transfer) or bank (pledge)." : "Bank holding the pledge.", Required = !counterpartyOptional };
        var quantity = new Option<long?>("--quantity") { Description = "Tonnes; optional with --serials or --block." };
        var project = new Option<string>("--project") { Description = "Only credits of this project.", Required = projectRequired };
        var serials = Opt("--serials", "Exact serials: START-END (with --project) or a full ECO-... serial.");
        var block = new Option<long?>("--block") { Description = "Take the credits from this block id only." };
        var requestId = Opt("--request-id", "Idempotency id: repeating it with the same content returns the original result.");
        var extras = (extra ?? []).Select(n => new Option<string>(n) { Description = n.TrimStart('-') + ".", Required = true }).ToList();
        var price = op == CreditOperation.Transfer ? Opt("--price", "Price of the whole transfer in CNY (recorded in fen).") : null;
        var batch = op == CreditOperation.Transfer ? Opt("--batch", "CSV file of transfers (request_id,from,to,quantity[,project]); all or nothing; " +
            "run as --actor, or with --key-dir each row signed by its 'from' holder.") : null;
        var keyDir = op == CreditOperation.Transfer ? Opt("--key-dir", "With --batch: a folder of FROM.key.pem files; each row is signed by its 'from' holder's key.") : null;
        var options = new List<Option> { holder, quantity, project, serials, block, requestId };
        if (cp is not null)
        {
            options.Add(cp);
        }
        options.AddRange(extras);
        if (price is not null)
        {
            options.Add(price);
        }
        if (batch is not null)
        {
            holder.Required = false;
            cp!.Required = false;
            options.Add(batch);
            options.Add(keyDir!);
        }
        var command = new Command(verb, help);
        foreach (var o in options)
        {
            command.Options.Add(o);
        }
        command.SetAction(r => ctx.Guard(() =>
        {
            if (batch is not null && r.GetValue(batch) is { } file)
            {
                return ctx.RunBatch(r, file, r.GetValue(keyDir!));
            }
            string? rid = r.GetValue(requestId) ?? throw new CliException($"'{verb}' needs --request-id (idempotency).");
            string h = r.GetValue(holder) ?? throw new CliException($"'{verb}' needs {holderName}.");
            string? counter = cp is null ? null : r.GetValue(cp);
            if (cp is not null && counter is null && !counterpartyOptional)
            {
                throw new CliException($"'{verb}' needs {cp.Name}.");
            }
            string? proj = r.GetValue(project);
            SerialRange? range = null;
            if (r.GetValue(serials) is { } s)
            {
                (proj, range) = CommandInput.Serials(s, proj);
            }
            string? Extra(string n) => extras.FirstOrDefault(o => o.Name == n) is { } o ? r.GetValue(o) : null;
            long? fen = price is not null && r.GetValue(price) is { } p ? Fen(p) : null;
            string? beneficiary = Cli(() => CommandInput.CertificateText(Extra("--beneficiary"), "beneficiary"));
            string? purpose = Cli(() => CommandInput.CertificateText(Extra("--purpose"), "purpose"));
            var cmd = new CreditCommand(op, h, r.GetValue(quantity), counter, proj, range, r.GetValue(block), beneficiary, purpose,
                Extra("--reason"), fen, rid);
            return ctx.Execute(r, rid, cmd);
        }));
        return command;
    }

    internal static Option<string> Req(string name, string description) => new(name) { Description = description, Required = true };

    internal static Option<string> Opt(string name, string description) => new(name) { Description = description };

    /// <summary>A date option through the shared input rules; the refusal names the option.</summary>
    internal static DateOnly Date(string text, string option) => Cli(() => CommandInput.Date(text, option.TrimStart('-').Replace('-', '_')));

    private static int BasisPoints(string text) => Cli(() => CommandInput.BufferBasisPoints(text));

    private static long Fen(string text) => Cli(() => CommandInput.PriceFen(text));

    private static T Cli<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (LedgerException e)
        {
            throw CliFields.ToCli(e);
        }
    }

    internal static void WriteJson(CliIo io, JsonNode? node) => io.Out.WriteLine(node?.ToJsonString(JsonOut) ?? "null");

    internal static JsonNode? ToNode(object value) => JsonSerializer.SerializeToNode(value, value.GetType(), Journal.PayloadOptions);
}
