using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.Audit;
using EcoLedger.Cli.Hosting;
using EcoLedger.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.Cli.Commands;

/// <summary>
/// <c>ecoledger audit ...</c>: signed checkpoints, export bundle, offline and live verification, inclusion and consistency proofs,
/// auditor report (methodology/audit.md). Like the ledger verbs, every verb accepts <c>--db</c> (or <c>ECOLEDGER_DB</c>) and
/// <c>--json</c> anywhere after it. Exit codes: 0 verified, 1 a check failed, 2 bad input.
/// </summary>
public static class AuditCommands
{
    public static Command Create(CliIo io)
    {
        var ctx = new LedgerCli(io);
        var audit = new Command("audit", "Verifiable ledger history: signed checkpoints, export bundle, verification, proofs, auditor report.");
        audit.Options.Add(ctx.Db);
        audit.Options.Add(ctx.SigningKey);
        audit.Options.Add(ctx.Json);
        audit.Subcommands.Add(CheckpointCommand(ctx));
        audit.Subcommands.Add(ExportCommand(ctx));
        audit.Subcommands.Add(VerifyCommand(ctx));
        audit.Subcommands.Add(ProveCommand(ctx));
        audit.Subcommands.Add(VerifyProofCommand(ctx));
        audit.Subcommands.Add(ConsistencyCommand(ctx));
        audit.Subcommands.Add(ReportCommand(ctx));
        return audit;
    }

    /// <summary>
    /// <c>ledger init</c>: creates the database and the system accounts, then the ledger's audit identity: a ledger id and the ECDSA
    /// P-256 checkpoint key pair next to the database (private key 0600, never exported; the public key is printed and written to
    /// <c>DB.pub.pem</c>). On a ledger initialised before audit existed, it adds the identity only.
    /// </summary>
    internal static Command LedgerInit(LedgerCli ctx)
    {
        var ledgerId = new Option<string>("--ledger-id") { Description = "The ledger id signed into every checkpoint (default: ecoledger- and 12 random hex digits)." };
        var requestId = new Option<string>("--request-id") { Description = "Idempotency id: repeating it with the same content returns the original result." };
        var c = new Command("init", "Create the database (migrations), the system accounts, the ledger id and the checkpoint key pair.") { ledgerId, requestId };
        c.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.OpenOrCreate(r);
            string? actor = ctx.ActorOf(r);
            CommandResult? result = null;
            try
            {
                result = db.Run(new InitializeLedger(), actor, r.GetValue(requestId));
            }
            catch (LedgerException) when (db.AuditIdentity() is null && db.JournalEvents(1, 1).Any())
            {
                // initialised before the audit identity existed: add it now
            }
            var id = db.InitializeAudit(r.GetValue(ledgerId));
            var latest = db.LatestCheckpoint()!;
            if (r.GetValue(ctx.Json))
            {
                var o = result is null ? new JsonObject() : LedgerCli.EntryJson(result.Entry, result.Repeated);
                o["ledger_id"] = id.LedgerId;
                o["public_key"] = id.PublicKeyPem;
                o["public_key_file"] = db.PublicKeyPath;
                o["public_key_fingerprint"] = id.Fingerprint;
                o["checkpoint"] = JsonNode.Parse(latest.ToJson());
                LedgerCommands.WriteJson(ctx.Io, o);
                return 0;
            }
            var w = ctx.Io.Out;
            if (result is not null)
            {
                w.WriteLine($"event {result.Entry.Seq} {result.Entry.Kind} by {result.Entry.Actor}{(result.Repeated ? " (repeated request: nothing written)" : "")}");
            }
            w.WriteLine($"ledger id: {id.LedgerId}");
            w.WriteLine($"checkpoint signing key: {db.PrivateKeyPath} (mode 0600, never exported)");
            w.WriteLine($"public key: {db.PublicKeyPath} (fingerprint {id.Fingerprint})");
            w.Write(id.PublicKeyPem.TrimEnd('\n') + "\n");
            w.WriteLine($"checkpoint at size {latest.Checkpoint.TreeSize}: root {latest.Checkpoint.RootHash}");
            return 0;
        }));
        return c;
    }

    private static Command CheckpointCommand(LedgerCli ctx)
    {
        var output = new Option<string>("--out") { Description = "Also write the checkpoint file (one line of canonical JSON) here." };
        var c = new Command("checkpoint", "Sign a checkpoint over every event now in the journal (each command already ends with one).") { output };
        c.SetAction(r => ctx.Guard(() =>
        {
            ctx.RefuseOverwrite(r, r.GetValue(output), "--out");
            using var db = ctx.Open(r);
            var cp = db.Checkpoint();
            if (r.GetValue(output) is { } path)
            {
                cp.Save(path);
            }
            WriteCheckpoint(ctx, r, cp);
            return 0;
        }));
        return c;
    }

    private static Command ExportCommand(LedgerCli ctx)
    {
        var output = new Option<string>("--out") { Description = "The bundle file to write.", Required = true };
        var cpOut = new Option<string>("--checkpoint-out") { Description = "Also write the latest checkpoint file here." };
        var c = new Command("export", "Write the self-contained audit bundle (streamed): header with public key, events, checkpoints with consistency proofs.") { output, cpOut };
        c.SetAction(r => ctx.Guard(() =>
        {
            ctx.RefuseOverwrite(r, r.GetValue(output), "--out");
            ctx.RefuseOverwrite(r, r.GetValue(cpOut), "--checkpoint-out");
            using var db = ctx.Open(r);
            var (events, latest) = db.ExportAudit(r.GetValue(output)!);
            if (r.GetValue(cpOut) is { } path)
            {
                latest.Save(path);
            }
            if (r.GetValue(ctx.Json))
            {
                LedgerCommands.WriteJson(ctx.Io, new JsonObject
                {
                    ["bundle"] = r.GetValue(output),
                    ["events"] = events,
                    ["checkpoints"] = db.Checkpoints().Count(x => x.Checkpoint.TreeSize <= latest.Checkpoint.TreeSize),
                    ["checkpoint"] = JsonNode.Parse(latest.ToJson()),
                });
            }
            else
            {
                ctx.Io.Out.WriteLine($"exported {events} events to {r.GetValue(output)}; latest checkpoint at size {latest.Checkpoint.TreeSize}, root {latest.Checkpoint.RootHash}");
            }
            return 0;
        }));
        return c;
    }

    private static Command VerifyCommand(LedgerCli ctx)
    {
        var file = new Argument<string>("FILE") { Description = "The bundle to verify; without it, the live database (--db) is verified.", Arity = ArgumentArity.ZeroOrOne };
        var trusted = new Option<string>("--trusted-checkpoint") { Description = "A checkpoint file obtained earlier: the history must extend it." };
        var publicKey = new Option<string>("--public-key") { Description = "The ledger's public key (PEM) as the auditor knows it; the bundle's must be the same." };
        var c = new Command("verify", "Verify a bundle offline (or, without FILE, the live database): hash chain, Merkle root, signatures, consistency, replay and invariants.")
        {
            file, trusted, publicKey,
        };
        c.SetAction(r => ctx.Guard(() =>
        {
            var cp = r.GetValue(trusted) is { } t ? LoadCheckpoint(t) : null;
            string? pem = r.GetValue(publicKey) is { } k ? ReadPublicKey(k) : null;
            var outcome = r.GetValue(file) is { } path ? VerifyBundle(path, cp, pem) : VerifyDb(ctx, r, cp, pem);
            WriteOutcome(ctx, r, outcome);
            return outcome.Verified ? 0 : 1;
        }));
        return c;
    }

    /// <summary>A verification outcome, from a bundle or from the live tables.</summary>
    internal sealed record Outcome(string Source, bool Verified, string? Failure, string? LedgerId, string? Fingerprint, long Events, string RootHash,
        IReadOnlyList<SignedCheckpoint> Checkpoints, IReadOnlyDictionary<string, long> EventsByKind, IReadOnlyList<string> Differences,
        IReadOnlyList<SupplyRow> Supply);

    internal static Outcome VerifyBundle(string path, SignedCheckpoint? trusted, string? publicKeyPem)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"Bundle '{path}' does not exist.");
        }
        var replayer = new LedgerReplayer();
        var v = BundleVerifier.Verify(path, trusted, replayer, publicKeyPem);
        return new Outcome(path, v.Verified, v.Failure, v.LedgerId, v.PublicKeyFingerprint, v.Events, v.RootHash, v.Checkpoints, v.EventsByKind, [],
            Ledger.Supply.Compute(replayer.Store));
    }

    internal static Outcome VerifyDb(LedgerCli ctx, ParseResult r, SignedCheckpoint? trusted, string? publicKeyPem)
    {
        string path = r.GetValue(ctx.Db)!;
        using var db = ctx.Open(r);
        var v = db.VerifyLive(null, publicKeyPem);
        // An empty journal proves nothing: never report it as verified.
        string? failure = v.Failure ?? (v.Events == 0 ? "the ledger has no events, so there is nothing to verify ('ecoledger ledger init' starts a ledger)" : null);
        var id = db.AuditIdentity();
        if (failure is null && trusted is not null)
        {
            failure = CheckTrusted(db, id, trusted);
        }
        return new Outcome(path, failure is null, failure, v.LedgerId, id?.Fingerprint, v.Events, v.RootHash, v.Checkpoints, v.EventsByKind,
            v.Differences, Ledger.Supply.Compute(v.Replay));
    }

    private static string? CheckTrusted(LedgerDatabase db, AuditIdentity? id, SignedCheckpoint trusted)
    {
        if (id is null)
        {
            return "the ledger has no audit identity, so no trusted checkpoint can be checked";
        }
        if (trusted.Checkpoint.LedgerId != id.LedgerId)
        {
            return $"trusted checkpoint is for ledger {trusted.Checkpoint.LedgerId}, the database is ledger {id.LedgerId}";
        }
        if (!trusted.VerifySignature(id.PublicKeyPem))
        {
            return "trusted checkpoint: signature does not verify with the ledger's public key";
        }
        var latest = db.LatestCheckpoint()!;
        if (trusted.Checkpoint.TreeSize > latest.Checkpoint.TreeSize)
        {
            return $"trusted checkpoint at size {trusted.Checkpoint.TreeSize} is beyond the journal's {latest.Checkpoint.TreeSize} events";
        }
        return ProofFiles.VerifyConsistency(db.ProveConsistency(trusted, latest), id.PublicKeyPem, trusted) is { } f
            ? $"trusted checkpoint at size {trusted.Checkpoint.TreeSize} not consistent with the journal (events 1-{trusted.Checkpoint.TreeSize} have a different root)"
                + (f.StartsWith("checkpoint at size", StringComparison.Ordinal) ? "" : $": {f}")
            : null;
    }

    private static void WriteOutcome(LedgerCli ctx, ParseResult r, Outcome o)
    {
        if (r.GetValue(ctx.Json))
        {
            LedgerCommands.WriteJson(ctx.Io, OutcomeJson(o));
            return;
        }
        var w = ctx.Io.Out;
        if (o.Verified)
        {
            w.WriteLine($"verified: {o.Source}: ledger {o.LedgerId ?? "(no audit identity)"}, {o.Events} events, root {o.RootHash}, {o.Checkpoints.Count} signed checkpoints, replay and invariants hold");
            return;
        }
        w.WriteLine($"verification FAILED: {o.Source}: {o.Failure}");
        foreach (var d in o.Differences.Skip(1))
        {
            w.WriteLine($"  also: {d}");
        }
    }

    internal static JsonObject OutcomeJson(Outcome o) => new()
    {
        ["source"] = o.Source,
        ["verified"] = o.Verified,
        ["failure"] = o.Failure,
        ["ledger_id"] = o.LedgerId,
        ["public_key_fingerprint"] = o.Fingerprint,
        ["events"] = o.Events,
        ["root_hash"] = o.RootHash,
        ["checkpoints"] = o.Checkpoints.Count,
        ["latest_checkpoint"] = o.Checkpoints.Count > 0 ? JsonNode.Parse(o.Checkpoints[^1].ToJson()) : null,
        ["events_by_kind"] = new JsonObject(o.EventsByKind.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        ["differences"] = new JsonArray(o.Differences.Select(d => (JsonNode)d).ToArray()),
    };

    private static Command ProveCommand(LedgerCli ctx)
    {
        var eventSeq = new Option<long?>("--event") { Description = "The event's sequence number." };
        var serial = new Option<string>("--serial") { Description = "A full serial (ECO-...) or a serial number with --project: proofs for every event in its history." };
        var project = new Option<string>("--project") { Description = "Project of a bare serial number." };
        var output = new Option<string>("--out") { Description = "Proof file (--event), or folder for one file per event (--serial; default: the current folder)." };
        var c = new Command("prove", "Inclusion proofs against the latest signed checkpoint.") { eventSeq, serial, project, output };
        c.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            List<InclusionProofFile> proofs;
            List<string> files;
            if (r.GetValue(eventSeq) is long seq)
            {
                string file = r.GetValue(output) ?? throw new CliException("audit prove --event needs --out FILE.");
                ctx.RefuseOverwrite(r, file, "--out");
                proofs = [db.ProveEvent(seq)];
                files = [file];
            }
            else if (r.GetValue(serial) is { } s)
            {
                var (p, n) = ParseSerial(s, r.GetValue(project));
                var latest = db.LatestCheckpoint() ?? throw new CliException("The ledger has no signed checkpoint to prove against.");
                proofs = [.. db.History(p, n).Select(e => db.ProveEvent(e.Seq, latest))];
                string dir = r.GetValue(output) ?? ".";
                Directory.CreateDirectory(dir);
                files = [.. proofs.Select(x => Path.Combine(dir, $"event-{x.Event.Seq.ToString(CultureInfo.InvariantCulture)}.proof.json"))];
            }
            else
            {
                throw new CliException("audit prove needs --event N or --serial S.");
            }
            for (int i = 0; i < proofs.Count; i++)
            {
                ProofFiles.Write(files[i], proofs[i]);
            }
            if (r.GetValue(ctx.Json))
            {
                LedgerCommands.WriteJson(ctx.Io, new JsonArray(proofs.Select((x, i) => (JsonNode)new JsonObject
                {
                    ["event"] = x.Event.Seq,
                    ["kind"] = x.Event.Kind,
                    ["tree_size"] = x.TreeSize,
                    ["path_length"] = x.Path.Count,
                    ["file"] = files[i],
                }).ToArray()));
            }
            else
            {
                for (int i = 0; i < proofs.Count; i++)
                {
                    var x = proofs[i];
                    ctx.Io.Out.WriteLine($"event {x.Event.Seq} ({x.Event.Kind}): inclusion proof in the tree of size {x.TreeSize} ({x.Path.Count} hashes) written to {files[i]}");
                }
            }
            return 0;
        }));
        return c;
    }

    private static Command VerifyProofCommand(LedgerCli ctx)
    {
        var file = new Argument<string>("FILE") { Description = "An inclusion or consistency proof file." };
        var checkpoint = new Option<string>("--checkpoint") { Description = "The checkpoint the auditor trusts (for a consistency proof: the earlier one)." };
        var publicKey = new Option<string>("--public-key") { Description = "The ledger's public key PEM (default: DB.pub.pem next to --db)." };
        var c = new Command("verify-proof", "Check an inclusion proof (or a consistency proof) offline against a trusted checkpoint and the public key.")
        {
            file, checkpoint, publicKey,
        };
        c.SetAction(r => ctx.Guard(() =>
        {
            string path = r.GetValue(file)!;
            string pem = ReadPublicKey(r.GetValue(publicKey) ?? r.GetValue(ctx.Db) + ".pub.pem");
            var cp = r.GetValue(checkpoint) is { } t ? LoadCheckpoint(t) : null;
            string type = ProofType(path);
            string? failure;
            string what;
            if (type == ProofFiles.InclusionType)
            {
                var proof = Read(() => ProofFiles.ReadInclusion(path), path);
                failure = ProofFiles.VerifyInclusion(proof, cp ?? throw new CliException("audit verify-proof of an inclusion proof needs --checkpoint CP."), pem);
                what = $"event {proof.Event.Seq} ({proof.Event.Kind}) is included in the tree of size {proof.TreeSize}, root {cp.Checkpoint.RootHash}";
            }
            else
            {
                var proof = Read(() => ProofFiles.ReadConsistency(path), path);
                failure = ProofFiles.VerifyConsistency(proof, pem, cp);
                what = $"the tree of size {proof.To.Checkpoint.TreeSize} extends the tree of size {proof.From.Checkpoint.TreeSize}";
            }
            return Verdict(ctx, r, failure, what);
        }));
        return c;
    }

    private static Command ConsistencyCommand(LedgerCli ctx)
    {
        var from = new Option<string>("--from") { Description = "The earlier checkpoint file.", Required = true };
        var to = new Option<string>("--to") { Description = "The later checkpoint file.", Required = true };
        var output = new Option<string>("--out") { Description = "Write the consistency proof file here." };
        var c = new Command("consistency", "Prove (from the database) and check that the later checkpoint's history extends the earlier one's.") { from, to, output };
        c.SetAction(r => ctx.Guard(() =>
        {
            var a = LoadCheckpoint(r.GetValue(from)!);
            var b = LoadCheckpoint(r.GetValue(to)!);
            ctx.RefuseOverwrite(r, r.GetValue(output), "--out");
            using var db = ctx.Open(r);
            var id = db.AuditIdentity() ?? throw new CliException("The ledger has no audit identity: run 'ecoledger ledger init'.");
            var proof = db.ProveConsistency(a, b);
            if (r.GetValue(output) is { } path)
            {
                ProofFiles.Write(path, proof);
            }
            var failure = ProofFiles.VerifyConsistency(proof, id.PublicKeyPem);
            return Verdict(ctx, r, failure, $"checkpoint at size {a.Checkpoint.TreeSize} is consistent with size {b.Checkpoint.TreeSize}");
        }));
        return c;
    }

    private static Command ReportCommand(LedgerCli ctx)
    {
        var output = new Option<string>("--out") { Description = "Folder for audit-report.html and audit-report.json.", Required = true };
        var bundle = new Option<string>("--bundle") { Description = "Report on this bundle instead of the live database." };
        var trusted = new Option<string>("--trusted-checkpoint") { Description = "A checkpoint file obtained earlier: the history must extend it." };
        var lang = new Option<string>("--lang") { Description = "Report language: zh (default) or en.", DefaultValueFactory = _ => "zh" };
        lang.AcceptOnlyFromAmong("zh", "en");
        var c = new Command("report", "Auditor report (HTML and JSON): ledger id, tree size, root, checkpoints, supply per project and vintage, events by kind, verdict.")
        {
            output, bundle, trusted, lang,
        };
        c.SetAction(r => ctx.Guard(() =>
        {
            var cp = r.GetValue(trusted) is { } t ? LoadCheckpoint(t) : null;
            var outcome = r.GetValue(bundle) is { } b ? VerifyBundle(b, cp, null) : VerifyDb(ctx, r, cp, null);
            string dir = r.GetValue(output)!;
            var (html, json) = AuditReport.Write(dir, outcome, DateTimeOffset.UtcNow, EcoLedger.Reports.Labels.Parse(r.GetValue(lang)!));
            if (r.GetValue(ctx.Json))
            {
                LedgerCommands.WriteJson(ctx.Io, new JsonObject { ["html"] = html, ["json"] = json, ["verified"] = outcome.Verified, ["failure"] = outcome.Failure });
            }
            else
            {
                ctx.Io.Out.WriteLine($"{(outcome.Verified ? "verified" : "verification FAILED: " + outcome.Failure)}; report written to {html} and {json}");
            }
            return outcome.Verified ? 0 : 1;
        }));
        return c;
    }

    private static int Verdict(LedgerCli ctx, ParseResult r, string? failure, string success)
    {
        if (r.GetValue(ctx.Json))
        {
            LedgerCommands.WriteJson(ctx.Io, new JsonObject { ["verified"] = failure is null, ["failure"] = failure });
        }
        else
        {
            ctx.Io.Out.WriteLine(failure is null ? $"verified: {success}" : $"verification FAILED: {failure}");
        }
        return failure is null ? 0 : 1;
    }

    private static void WriteCheckpoint(LedgerCli ctx, ParseResult r, SignedCheckpoint cp)
    {
        if (r.GetValue(ctx.Json))
        {
            LedgerCommands.WriteJson(ctx.Io, JsonNode.Parse(cp.ToJson()));
        }
        else
        {
            var c = cp.Checkpoint;
            ctx.Io.Out.WriteLine($"checkpoint of ledger {c.LedgerId} at size {c.TreeSize}: root {c.RootHash}, time {c.TimeText}, signature {cp.Signature}");
        }
    }

    private static (string Project, long Serial) ParseSerial(string s, string? project)
    {
        if (s.StartsWith("ECO-", StringComparison.Ordinal))
        {
            var parsed = SerialNumber.Parse(s);
            return (parsed.Project, parsed.Range.Start);
        }
        if (project is null || !long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long n))
        {
            throw new CliException($"Invalid --serial '{s}': give a full ECO-... serial, or a serial number with --project.");
        }
        return (project, n);
    }

    private static string ProofType(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.TryGetProperty("type", out var t) && t.GetString() is { } type
                && type is ProofFiles.InclusionType or ProofFiles.ConsistencyType
                ? type
                : throw new CliException($"'{path}' is not an EcoLedger proof file (type {ProofFiles.InclusionType} or {ProofFiles.ConsistencyType}).");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new CliException($"Cannot read proof file '{path}': {e.Message}");
        }
    }

    private static T Read<T>(Func<T> read, string path)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is FormatException or IOException or JsonException)
        {
            throw new CliException($"Cannot read proof file '{path}': {e.Message}");
        }
    }

    private static SignedCheckpoint LoadCheckpoint(string path)
    {
        try
        {
            return SignedCheckpoint.Load(path);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            throw new CliException($"Cannot read checkpoint file '{path}': {e.Message}");
        }
    }

    /// <summary>Reads a public key file and checks that it is one: a garbage file is bad input, not a crash.</summary>
    private static string ReadPublicKey(string path)
    {
        string pem = ReadFile(path);
        try
        {
            using var key = LedgerKeys.ImportPublicKey(pem);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            throw new CliException($"{path}: not a PEM public key (expected -----BEGIN PUBLIC KEY-----, an ECDSA P-256 SubjectPublicKeyInfo).");
        }
        return pem;
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new CliException($"Cannot read '{path}': {e.Message}");
        }
    }
}
