using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.Audit;
using EcoLedger.Cli.Hosting;
using EcoLedger.IO;
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
        audit.Subcommands.Add(VerifyCertificateCommand(ctx));
        audit.Subcommands.Add(ConsistencyCommand(ctx));
        audit.Subcommands.Add(ReportCommand(ctx));
        audit.Subcommands.Add(LogKeyCommand(ctx));
        audit.Subcommands.Add(WitnessRequestCommand(ctx));
        audit.Subcommands.Add(WitnessCommand(ctx));
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
            // Checked before the database is created, so a refused init leaves no file behind.
            if (r.GetValue(ledgerId) is { } given)
            {
                CommandInput.LedgerId(given);
            }
            var created = ctx.NewLedgerFiles(r);
            try
            {
                return Init(r);
            }
            catch
            {
                created.Remove();
                throw;
            }
        }));
        return c;

        int Init(ParseResult r)
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
        }
    }

    private static Command CheckpointCommand(LedgerCli ctx)
    {
        var output = new Option<string>("--out") { Description = "Also write the checkpoint file (one line of canonical JSON) here." };
        var note = new Option<string>("--note") { Description = "Also write the checkpoint as a C2SP signed note (tlog-checkpoint, signed with the ledger's Ed25519 note key) to this new file, for witnesses." };
        var c = new Command("checkpoint", "Sign a checkpoint over every event now in the journal (each command already ends with one).") { output, note };
        c.SetAction(r => ctx.Guard(() =>
        {
            ctx.RefuseOverwrite(r, r.GetValue(output), "--out");
            RefuseExisting(ctx, r, r.GetValue(note), "--note");
            using var db = ctx.Open(r);
            var cp = db.Checkpoint();
            if (r.GetValue(output) is { } path)
            {
                cp.Save(path);
            }
            string? logKey = null;
            if (r.GetValue(note) is { } notePath)
            {
                using var signer = LoadSigner(db);
                WriteNew(notePath, CheckpointNote.Sign(cp.Checkpoint, signer).ToString());
                using var key = CheckpointNote.LogKey(signer, cp.Checkpoint.LedgerId);
                logKey = key.VerifierKey.ToString();
                if (!r.GetValue(ctx.Json))
                {
                    ctx.Io.Out.WriteLine($"checkpoint note written to {notePath}, signed by {logKey}");
                }
            }
            if (r.GetValue(ctx.Json) && logKey is not null)
            {
                var o = JsonNode.Parse(cp.ToJson())!.AsObject();
                o["note"] = r.GetValue(note);
                o["log_key"] = logKey;
                LedgerCommands.WriteJson(ctx.Io, o);
                return 0;
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
        var publicKey = new Option<string>("--public-key") { Description = "The ledger's public key (PEM) as the auditor knows it; the bundle's (or the database's) must be the same." };
        var witnessed = new Option<string>("--witnessed") { Description = "The latest checkpoint as a C2SP note cosigned by witnesses: the verified history must be exactly the one they cosigned." };
        var witnessKeys = new Option<string[]>("--witness-key") { Description = "A witness's cosignature verifier key (name+keyid+base64, or a file holding it); repeat for each known witness.", AllowMultipleArgumentsPerToken = false };
        var minWitnesses = new Option<int?>("--min-witnesses") { Description = "How many distinct known witnesses must have cosigned (default 1)." };
        var c = new Command("verify", "Verify a bundle offline (or, without FILE, the live database): hash chain, Merkle root, signatures, consistency, replay and invariants.")
        {
            file, trusted, publicKey, witnessed, witnessKeys, minWitnesses,
        };
        c.SetAction(r => ctx.Guard(() =>
        {
            var cp = r.GetValue(trusted) is { } t ? LoadCheckpoint(t) : null;
            string? pem = r.GetValue(publicKey) is { } k ? ReadPublicKey(k) : null;
            var policy = ReadWitnessPolicy(r.GetValue(witnessed), r.GetValue(witnessKeys) ?? [], r.GetValue(minWitnesses));
            var outcome = r.GetValue(file) is { } path ? VerifyBundle(path, cp, pem) : VerifyDb(ctx, r, cp, pem);
            if (policy is not null)
            {
                outcome = CheckWitnesses(outcome, policy);
            }
            WriteOutcome(ctx, r, outcome);
            return outcome.Verified ? 0 : 1;
        }));
        return c;
    }

    /// <summary>The auditor's witness policy for <c>audit verify</c>: the cosigned note, the known witnesses, the quorum.</summary>
    private sealed record WitnessPolicyInput(SignedNote Note, IReadOnlyList<NoteVerifierKey> Witnesses, int Min);

    private static WitnessPolicyInput? ReadWitnessPolicy(string? notePath, string[] keys, int? min)
    {
        if (notePath is null)
        {
            return keys.Length > 0 || min is not null
                ? throw new CliException("--witness-key and --min-witnesses need --witnessed NOTE: the checkpoint note the witnesses cosigned.")
                : null;
        }
        if (keys.Length == 0)
        {
            throw new CliException("--witnessed needs at least one --witness-key: the cosignature keys of the witnesses you trust.");
        }
        var witnesses = keys.Select(k => ReadVerifierKey(k, "--witness-key")).ToList();
        try
        {
            WitnessPolicy.Validate(witnesses, min ?? 1);
        }
        catch (ArgumentException e)
        {
            throw new CliException(CliMessage(e));
        }
        return new WitnessPolicyInput(ReadNote(notePath), witnesses, min ?? 1);
    }

    private static Outcome CheckWitnesses(Outcome outcome, WitnessPolicyInput policy)
    {
        if (!outcome.Verified || outcome.LedgerId is null)
        {
            return outcome;
        }
        var check = WitnessPolicy.Check(policy.Note, policy.Witnesses, policy.Min, outcome.LedgerId, outcome.Events, outcome.RootHash);
        return check.Failure is null
            ? outcome with { Cosigners = [.. check.Cosigners.Select(c => $"{c.Witness.Name} at {Checkpoint.FormatTime(c.Time)}")] }
            : outcome with { Verified = false, Failure = check.Failure };
    }

    /// <summary>A verification outcome, from a bundle or from the live tables.</summary>
    internal sealed record Outcome(string Source, bool Verified, string? Failure, string? LedgerId, string? Fingerprint, long Events, string RootHash,
        IReadOnlyList<SignedCheckpoint> Checkpoints, IReadOnlyDictionary<string, long> EventsByKind, IReadOnlyList<string> Differences,
        IReadOnlyList<SupplyRow> Supply)
    {
        /// <summary>
        /// False for a bundle or database verified without <c>--public-key</c>: its checkpoints were checked against the key it carries itself,
        /// which proves that it is consistent, not who signed it (whoever can write it can re-sign it with a key of their own).
        /// </summary>
        public bool KeyPinned { get; init; } = true;

        /// <summary>True when the live database was verified (<c>--db</c>), false for a bundle.</summary>
        public bool FromDatabase { get; init; }

        /// <summary>The witnesses whose cosignature of the latest checkpoint verified (with <c>--witnessed</c>).</summary>
        public IReadOnlyList<string> Cosigners { get; init; } = [];

        /// <summary>Per acting participant, how its events were authorised (<see cref="LedgerReplayer.Signatures"/>).</summary>
        public IReadOnlyDictionary<string, SignatureTally> Signatures { get; init; } = new Dictionary<string, SignatureTally>();
    }

    internal static Outcome VerifyBundle(string path, SignedCheckpoint? trusted, string? publicKeyPem)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"Bundle '{path}' does not exist.");
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var a = BundleAudit.Verify(stream, trusted, publicKeyPem);
        var v = a.Verification;
        return new Outcome(path, a.Verified, a.Failure, v.LedgerId, v.PublicKeyFingerprint, v.Events, v.RootHash, v.Checkpoints, v.EventsByKind, [], a.Supply)
        { Signatures = a.Signatures, KeyPinned = publicKeyPem is not null };
    }

    internal static Outcome VerifyDb(LedgerCli ctx, ParseResult r, SignedCheckpoint? trusted, string? publicKeyPem)
    {
        string path = r.GetValue(ctx.Db)!;
        using var db = ctx.Open(r);
        var replayer = new LedgerReplayer();
        var v = db.VerifyLive(replayer, publicKeyPem);
        // An empty journal proves nothing: never report it as verified.
        string? failure = v.Failure ?? (v.Events == 0 ? "the ledger has no events, so there is nothing to verify ('ecoledger ledger init' starts a ledger)" : null);
        var id = db.AuditIdentity();
        if (failure is null && trusted is not null)
        {
            failure = CheckTrusted(db, id, trusted);
        }
        return new Outcome(path, failure is null, failure, v.LedgerId, id?.Fingerprint, v.Events, v.RootHash, v.Checkpoints, v.EventsByKind,
            v.Differences, Ledger.Supply.Compute(v.Replay))
        { Signatures = replayer.Signatures, KeyPinned = publicKeyPem is not null, FromDatabase = true };
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
            w.WriteLine($"verified: {o.Source}: ledger {o.LedgerId ?? "(no audit identity)"}, {o.Events} events, root {o.RootHash}, {o.Checkpoints.Count} signed checkpoints, replay and invariants hold"
                + (o.Cosigners.Count > 0 ? $"; the latest checkpoint is cosigned by known witnesses: {string.Join(", ", o.Cosigners)}" : ""));
            if (!o.KeyPinned)
            {
                w.WriteLine(KeyStatement(o, new EcoLedger.Reports.Labels(EcoLedger.Reports.ReportLanguage.En), s => s, s => s, s => s));
            }
            WriteSignatures(w, o.Signatures);
            return;
        }
        w.WriteLine($"verification FAILED: {o.Source}: {o.Failure}");
        foreach (var d in o.Differences.Skip(1))
        {
            w.WriteLine($"  also: {d}");
        }
    }

    /// <summary>
    /// Who authorised the events: participants' own signatures, back-office entries by a registry, and events that rest on the operator's
    /// word alone (the participant had no registered key then). The auditor weighs the last kind.
    /// </summary>
    private static void WriteSignatures(TextWriter w, IReadOnlyDictionary<string, SignatureTally> tally)
    {
        long signed = tally.Values.Sum(t => t.Signed);
        long entered = tally.Values.Sum(t => t.EnteredByRegistry);
        long unsigned = tally.Values.Sum(t => t.Unsigned);
        static string Events(long n) => n == 1 ? "1 event" : $"{n} events";
        w.WriteLine($"authorised: {Events(signed)} signed by the participant, {Events(entered)} entered by a registry on a participant's behalf, " +
            $"{Events(unsigned)} on the operator's word (participant without a registered key)");
        foreach (var (participant, t) in tally.Where(kv => kv.Value.Signed + kv.Value.EnteredByRegistry > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteLine($"  {participant}: {t.Signed} signed, {t.EnteredByRegistry} entered by a registry, {t.Unsigned} unsigned");
        }
    }

    /// <summary>
    /// What the checkpoints' signatures were checked against, in the one wording that <c>audit verify</c> prints and the auditor report
    /// shows in its verdict: unpinned, the source's own key, which proves only that it is internally consistent (whoever can write it can
    /// re-sign it); pinned, the key given with <c>--public-key</c> and its fingerprint.
    /// </summary>
    /// <param name="o">The outcome.</param>
    /// <param name="l">The language.</param>
    /// <param name="text">How the sentence's words are written (HTML-escaped in the report).</param>
    /// <param name="code">How the fingerprint and the option are written (as code in the report).</param>
    internal static string KeyStatement(Outcome o, EcoLedger.Reports.Labels l, Func<string, string> text, Func<string, string> code, Func<string, string> hash) => o.KeyPinned
        ? string.Format(CultureInfo.InvariantCulture, text(l["audit.key_pinned"]), hash(o.Fingerprint ?? ""), code("--public-key"))
        : string.Format(CultureInfo.InvariantCulture, text(l["audit.key_not_pinned"]), text(l[o.FromDatabase ? "audit.of_database" : "audit.of_bundle"]),
            hash(o.Fingerprint ?? ""), code("--public-key"));

    internal static JsonObject OutcomeJson(Outcome o) => new()
    {
        ["signatures"] = new JsonObject(o.Signatures.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)new JsonObject
        {
            ["signed"] = kv.Value.Signed,
            ["entered_by_registry"] = kv.Value.EnteredByRegistry,
            ["unsigned"] = kv.Value.Unsigned,
        }))),
        ["source"] = o.Source,
        ["verified"] = o.Verified,
        ["failure"] = o.Failure,
        ["ledger_id"] = o.LedgerId,
        ["public_key_fingerprint"] = o.Fingerprint,
        ["public_key_pinned"] = o.KeyPinned,
        ["events"] = o.Events,
        ["root_hash"] = o.RootHash,
        ["checkpoints"] = o.Checkpoints.Count,
        ["latest_checkpoint"] = o.Checkpoints.Count > 0 ? JsonNode.Parse(o.Checkpoints[^1].ToJson()) : null,
        ["events_by_kind"] = new JsonObject(o.EventsByKind.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        ["differences"] = new JsonArray(o.Differences.Select(d => (JsonNode)d).ToArray()),
        ["cosigned_by"] = new JsonArray(o.Cosigners.Select(d => (JsonNode)d).ToArray()),
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
        var checkpoint = new Option<string>("--checkpoint") { Description = "The checkpoint the auditor trusts (for a consistency proof: the earlier one). An inclusion proof without it is checked against the checkpoint it carries, whose signature must verify with the public key." };
        var publicKey = new Option<string>("--public-key") { Description = "The ledger's public key PEM (default: DB.pub.pem next to --db)." };
        var c = new Command("verify-proof", "Check an inclusion proof (or a consistency proof) offline against a trusted checkpoint and the public key.")
        {
            file, checkpoint, publicKey,
        };
        c.SetAction(r => ctx.Guard(() =>
        {
            string path = r.GetValue(file)!;
            string pem = ReadPublicKey(r.GetValue(publicKey) ?? LedgerDatabase.FilesOf(r.GetValue(ctx.Db)!) + ".pub.pem");
            var cp = r.GetValue(checkpoint) is { } t ? LoadCheckpoint(t) : null;
            string type = ProofType(path);
            string? failure;
            string what;
            if (type == ProofFiles.InclusionType)
            {
                var proof = Read(() => ProofFiles.ReadInclusion(path), path);
                // Without --checkpoint the proof's own checkpoint is used: its signature still has to verify with the public key, so
                // the claim is "the ledger's key signed a tree that includes this event"; --checkpoint pins one the auditor trusts
                // (e.g. a witnessed one).
                var trusted = cp ?? proof.Checkpoint;
                failure = ProofFiles.VerifyInclusion(proof, trusted, pem);
                what = $"event {proof.Event.Seq} ({proof.Event.Kind}) is included in the tree of size {proof.TreeSize}, root {trusted.Checkpoint.RootHash}" +
                    (cp is null ? " (the checkpoint the proof carries, signed by the public key)" : "");
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

    private static Command VerifyCertificateCommand(LedgerCli ctx)
    {
        var file = new Argument<string>("FILE") { Description = "A retirement certificate PDF (ledger certificate)." };
        var checkpoint = new Option<string>("--checkpoint") { Description = "A checkpoint the auditor trusts; without it, the one the QR code's proof carries (its signature must verify)." };
        var publicKey = new Option<string>("--public-key") { Description = "The ledger's public key PEM (default: DB.pub.pem next to --db)." };
        var c = new Command("verify-certificate", "Check a retirement certificate offline: the proof in its QR code, and that the page prints what the proved event says.")
        {
            file, checkpoint, publicKey,
        };
        c.SetAction(r => ctx.Guard(() =>
        {
            string path = r.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new CliException($"Certificate file '{path}' does not exist.");
            }
            string pem = ReadPublicKey(r.GetValue(publicKey) ?? LedgerDatabase.FilesOf(r.GetValue(ctx.Db)!) + ".pub.pem");
            var cp = r.GetValue(checkpoint) is { } t ? LoadCheckpoint(t) : null;
            EcoLedger.Reports.Certificates.CertificateVerification result;
            try
            {
                result = EcoLedger.Reports.Certificates.CertificateVerifier.Verify(path, pem, cp);
            }
            catch (Exception e) when (e is UglyToad.PdfPig.Core.PdfDocumentFormatException or InvalidOperationException or ArgumentException or IOException)
            {
                throw new CliException($"{path}: not a readable PDF ({e.Message}).");
            }
            var proved = result.Certificate;
            string what = proved is null ? "" : string.Create(CultureInfo.InvariantCulture,
                $"{path}: retirement event {proved.EventSeq} of {proved.LedgerId}, {proved.QuantityTonnes:N0} t for {proved.Beneficiary ?? "no beneficiary"}, " +
                $"included in the tree of size {proved.Checkpoint.Checkpoint.TreeSize}; the page prints what the proof says");
            return Verdict(ctx, r, result.Failure, what);
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
            if (ProofFiles.ConsistencyRequestProblem(a, $"--from {r.GetValue(from)}", b, $"--to {r.GetValue(to)}", id.LedgerId) is { } problem)
            {
                throw new CliException(problem);
            }
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
        var publicKey = new Option<string>("--public-key") { Description = "The ledger's public key (PEM) as the auditor knows it; the bundle's (or the database's) must be the same." };
        var lang = new Option<string>("--lang") { Description = "Report language: zh (default) or en.", DefaultValueFactory = _ => "zh" };
        lang.AcceptOnlyFromAmong("zh", "en");
        var c = new Command("report", "Auditor report (HTML and JSON): ledger id, tree size, root, checkpoints, supply per project and vintage, events by kind, verdict.")
        {
            output, bundle, trusted, publicKey, lang,
        };
        c.SetAction(r => ctx.Guard(() =>
        {
            var cp = r.GetValue(trusted) is { } t ? LoadCheckpoint(t) : null;
            string? pem = r.GetValue(publicKey) is { } k ? ReadPublicKey(k) : null;
            var outcome = r.GetValue(bundle) is { } b ? VerifyBundle(b, cp, pem) : VerifyDb(ctx, r, cp, pem);
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

    private static Command LogKeyCommand(LedgerCli ctx)
    {
        var output = new Option<string>("--out") { Description = "Also write the key (one line) to this new file." };
        var c = new Command("log-key", "Print the ledger's C2SP note verifier key (name+keyid+base64, Ed25519): what witnesses pin with --log-key.") { output };
        c.SetAction(r => ctx.Guard(() =>
        {
            RefuseExisting(ctx, r, r.GetValue(output), "--out");
            using var db = ctx.Open(r);
            var id = db.AuditIdentity() ?? throw new CliException("The ledger has no audit identity: run 'ecoledger ledger init'.");
            using var signer = LoadSigner(db);
            using var key = CheckpointNote.LogKey(signer, id.LedgerId);
            if (r.GetValue(output) is { } path)
            {
                WriteNew(path, key.VerifierKey + "\n");
            }
            if (r.GetValue(ctx.Json))
            {
                LedgerCommands.WriteJson(ctx.Io, new JsonObject { ["origin"] = key.Name, ["log_key"] = key.VerifierKey.ToString() });
            }
            else
            {
                ctx.Io.Out.WriteLine(key.VerifierKey.ToString());
            }
            return 0;
        }));
        return c;
    }

    private static Command WitnessRequestCommand(LedgerCli ctx)
    {
        var note = new Option<string>("--note") { Description = "The checkpoint note to have cosigned (from 'audit checkpoint --note', possibly already cosigned).", Required = true };
        var old = new Option<long>("--old") { Description = "The size the witness last cosigned (0 for a new witness; 'audit witness status' tells).", Required = true };
        var output = new Option<string>("--out") { Description = "Write the request to this new file (default: standard output)." };
        var c = new Command("witness-request", "Make a witness request (the tlog-witness add-checkpoint body): 'old N', the consistency proof from size N, the checkpoint note.")
        {
            note, old, output,
        };
        c.SetAction(r => ctx.Guard(() =>
        {
            string notePath = r.GetValue(note)!;
            var signed = ReadNote(notePath);
            RefuseExisting(ctx, r, r.GetValue(output), "--out");
            using var db = ctx.Open(r);
            var id = db.AuditIdentity() ?? throw new CliException("The ledger has no audit identity: run 'ecoledger ledger init'.");
            var stored = db.Checkpoints();
            SignedCheckpoint to;
            try
            {
                to = CheckpointNote.Match(signed, id.LedgerId, stored);
            }
            catch (FormatException e)
            {
                throw new CliException($"{notePath}: {e.Message}");
            }
            long oldSize = r.GetValue(old);
            long size = to.Checkpoint.TreeSize;
            if (oldSize < 0 || oldSize > size)
            {
                throw new CliException($"--old {oldSize}: the witness's size must be 0 to {size}, the size of the note's checkpoint.");
            }
            IReadOnlyList<byte[]> proof = [];
            if (oldSize != 0 && oldSize != size)
            {
                var from = stored.FirstOrDefault(x => x.Checkpoint.TreeSize == oldSize)
                    ?? throw new CliException($"--old {oldSize}: the ledger never signed a checkpoint at size {oldSize}, so no witness can have cosigned it.");
                proof = db.ProveConsistency(from, to).Path;
            }
            string body = new WitnessRequest(oldSize, proof, signed).ToString();
            if (r.GetValue(output) is { } path)
            {
                WriteNew(path, body);
                ctx.Io.Out.WriteLine($"witness request from size {oldSize} to size {size} ({proof.Count} proof hashes) written to {path}");
            }
            else
            {
                ctx.Io.Out.Write(body);
            }
            return 0;
        }));
        return c;
    }

    /// <summary>
    /// <c>audit witness</c>: the witness's own verbs, run by another party with its own key and state file (no ledger database):
    /// <c>init</c> makes the key, <c>cosign</c> examines a request and cosigns, <c>status</c> shows what it has cosigned.
    /// </summary>
    private static Command WitnessCommand(LedgerCli ctx)
    {
        var witness = new Command("witness", "Witness (another party, with its own key and state): cosign a ledger's checkpoints only when they extend what it cosigned before.");
        witness.Subcommands.Add(WitnessInitCommand(ctx));
        witness.Subcommands.Add(WitnessCosignCommand(ctx));
        witness.Subcommands.Add(WitnessStatusCommand(ctx));
        return witness;
    }

    private static Command WitnessInitCommand(LedgerCli ctx)
    {
        var keyFile = new Option<string>("--key") { Description = "The new private key file (created with mode 0600; an existing file is never overwritten).", Required = true };
        var name = new Option<string>("--name") { Description = "The witness's name, e.g. witness.forestry-audit.example/w1 (no spaces, no '+').", Required = true };
        var vkeyOut = new Option<string>("--vkey-out") { Description = "Also write the public cosignature key (vkey) to this new file." };
        var c = new Command("init", "Create a witness key (Ed25519) and print its public cosignature key (name+keyid+base64), which auditors pin with --witness-key.")
        {
            keyFile, name, vkeyOut,
        };
        c.SetAction(r =>
        {
            string path = r.GetValue(keyFile)!;
            if (File.Exists(path) || Directory.Exists(path))
            {
                throw new CliException($"--key '{path}' already exists; a witness key is never overwritten. Choose a new file.");
            }
            RefuseExisting(ctx, r, r.GetValue(vkeyOut), "--vkey-out");
            NoteKey key;
            try
            {
                key = NoteKey.Generate(r.GetValue(name)!);
            }
            catch (ArgumentException e)
            {
                throw new CliException($"--name: {CliMessage(e)}");
            }
            using (key)
            {
                key.Save(path);
                string vkey = key.CosignatureKey.ToString();
                if (r.GetValue(vkeyOut) is { } v)
                {
                    WriteNew(v, vkey + "\n");
                }
                if (r.GetValue(ctx.Json))
                {
                    LedgerCommands.WriteJson(ctx.Io, new JsonObject { ["name"] = key.Name, ["key_file"] = path, ["witness_key"] = vkey });
                }
                else
                {
                    ctx.Io.Out.WriteLine($"witness key: {path} (mode 0600, keep it secret)");
                    ctx.Io.Out.WriteLine(vkey);
                }
            }
            return 0;
        });
        return c;
    }

    private static Command WitnessCosignCommand(LedgerCli ctx)
    {
        var request = new Argument<string>("REQUEST") { Description = "The request from 'audit witness-request' (tlog-witness add-checkpoint body)." };
        var keyFile = new Option<string>("--key") { Description = "The witness's private key file (from 'audit witness init').", Required = true };
        var statePath = new Option<string>("--state") { Description = "The witness's state file (created on first use): the latest checkpoint cosigned per log.", Required = true };
        var logKey = new Option<string>("--log-key") { Description = "The ledger's note key as the witness pinned it ('audit log-key'; a vkey or a file holding it).", Required = true };
        var output = new Option<string>("--out") { Description = "Also write the checkpoint note with the cosignature appended to this new file." };
        var c = new Command("cosign", "Verify the ledger's signature and the consistency proof from the last cosigned checkpoint; refuse forks and rollbacks (exit 1); else cosign (cosignature/v1) and print the line.")
        {
            request, keyFile, statePath, logKey, output,
        };
        c.SetAction(r =>
        {
            if (WitnessState.PathProblem("--state", r.GetValue(statePath)!) is { } stateProblem)
            {
                throw new CliException(stateProblem);
            }
            string requestPath = r.GetValue(request)!;
            WitnessRequest req;
            try
            {
                req = WitnessRequest.Parse(File.ReadAllBytes(requestPath));
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new CliException($"Cannot read request '{requestPath}': {e.Message}");
            }
            catch (FormatException e)
            {
                throw new CliException($"{requestPath}: {e.Message}");
            }
            var log = ReadVerifierKey(r.GetValue(logKey)!, "--log-key");
            if (log.Type != NoteVerifierKey.Ed25519Type)
            {
                throw new CliException($"--log-key: {log.Name}+{log.KeyId:x8} is a cosignature key (type 0x{log.Type:x2}); a log's note key is type 0x01 ('audit log-key' prints it).");
            }
            RefuseExisting(ctx, r, r.GetValue(output), "--out");
            string state = r.GetValue(statePath)!;
            // a state written over the ledger database or its key would destroy them
            ctx.RefuseOverwrite(r, state, "--state");
            using var key = LoadWitnessKey(r.GetValue(keyFile)!);
            WitnessOutcome outcome;
            // check and update under one lock, and persist before answering (tlog-witness: a cosignature is never handed out for a
            // state that could still be lost or raced)
            using (WitnessState.Lock(state, TimeSpan.FromSeconds(10)))
            {
                WitnessState current;
                try
                {
                    current = WitnessState.Load(state);
                }
                catch (FormatException e)
                {
                    throw new CliException(e.Message);
                }
                outcome = Witness.AddCheckpoint(current, req, log, key, TimeProvider.System.GetUtcNow());
                if (outcome.Cosigned)
                {
                    current.Save(state);
                }
            }
            if (outcome.Cosigned && r.GetValue(output) is { } path)
            {
                WriteNew(path, outcome.CosignedNote!.ToString());
            }
            int code = outcome.Refusal switch
            {
                null => 0,
                WitnessRefusal.Refused => 1,
                _ => 2,
            };
            if (r.GetValue(ctx.Json))
            {
                LedgerCommands.WriteJson(ctx.Io, new JsonObject
                {
                    ["cosigned"] = outcome.Cosigned,
                    ["refusal"] = outcome.Refusal switch { WitnessRefusal.Refused => "refused", WitnessRefusal.WrongOldSize => "wrong_old_size", WitnessRefusal.BadRequest => "bad_request", _ => null },
                    ["reason"] = outcome.Reason,
                    ["origin"] = outcome.Checkpoint?.Origin,
                    ["tree_size"] = outcome.Checkpoint?.TreeSize,
                    ["witness_size"] = outcome.WitnessSize,
                    ["cosignature"] = outcome.Cosignature?.Line,
                });
                return code;
            }
            if (code == 2)
            {
                throw new CliException($"{requestPath}: {outcome.Reason}");
            }
            ctx.Io.Out.WriteLine(code == 0 ? outcome.Cosignature!.Line : $"witness REFUSED: {outcome.Reason}");
            return code;
        });
        return c;
    }

    private static Command WitnessStatusCommand(LedgerCli ctx)
    {
        var statePath = new Option<string>("--state") { Description = "The witness's state file.", Required = true };
        var origin = new Option<string>("--origin") { Description = "Only this log (its size is what 'audit witness-request --old' needs)." };
        var c = new Command("status", "Show the latest checkpoint the witness cosigned per log: origin, size, root, time, pinned log key.") { statePath, origin };
        c.SetAction(r =>
        {
            if (WitnessState.PathProblem("--state", r.GetValue(statePath)!) is { } stateProblem)
            {
                throw new CliException(stateProblem);
            }
            WitnessState state;
            try
            {
                state = WitnessState.Load(r.GetValue(statePath)!);
            }
            catch (FormatException e)
            {
                throw new CliException(e.Message);
            }
            var logs = state.Logs.Values.Where(l => r.GetValue(origin) is not { } o || l.Origin == o).OrderBy(l => l.Origin, StringComparer.Ordinal).ToList();
            if (r.GetValue(ctx.Json))
            {
                LedgerCommands.WriteJson(ctx.Io, new JsonArray(logs.Select(l => (JsonNode)new JsonObject
                {
                    ["origin"] = l.Origin,
                    ["tree_size"] = l.TreeSize,
                    ["root_hash"] = Convert.ToBase64String(l.RootHash),
                    ["cosigned_at"] = Checkpoint.FormatTime(l.CosignedAt),
                    ["log_key"] = l.LogKey.ToString(),
                }).ToArray()));
                return 0;
            }
            if (logs.Count == 0)
            {
                ctx.Io.Out.WriteLine(r.GetValue(origin) is { } o ? $"{o}: not cosigned yet (size 0)" : "no log cosigned yet");
            }
            foreach (var l in logs)
            {
                ctx.Io.Out.WriteLine($"{l.Origin}: size {l.TreeSize}, root {Convert.ToBase64String(l.RootHash)}, cosigned {Checkpoint.FormatTime(l.CosignedAt)}, log key {l.LogKey}");
            }
            return 0;
        });
        return c;
    }

    private static NoteKey LoadWitnessKey(string path)
    {
        try
        {
            return NoteKey.Load(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException($"Witness key '{path}' does not exist; 'ecoledger audit witness init --key {path} --name NAME' creates one.");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new CliException($"Witness key '{path}': {e.Message}");
        }
    }

    /// <summary>Loads the ledger's checkpoint key and checks that it is the one the ledger recorded.</summary>
    internal static CheckpointSigner LoadSigner(LedgerDatabase db)
    {
        var id = db.AuditIdentity() ?? throw new CliException("The ledger has no audit identity: run 'ecoledger ledger init'.");
        if (!db.KeyStore.Exists)
        {
            throw new CliException($"The checkpoint signing key {db.PrivateKeyPath} is missing; the note key is derived from it.");
        }
        CheckpointSigner signer;
        try
        {
            signer = db.KeyStore.Load();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            throw new CliException($"The checkpoint signing key {db.PrivateKeyPath} cannot be used: {e.Message}");
        }
        if (signer.PublicKeyPem.Trim() != id.PublicKeyPem.Trim())
        {
            signer.Dispose();
            throw new CliException($"The signing key {db.PrivateKeyPath} does not belong to this ledger (its public key differs from the one recorded).");
        }
        return signer;
    }

    /// <summary>A verifier key given on the command line, or the first line of a file holding one.</summary>
    internal static NoteVerifierKey ReadVerifierKey(string value, string option)
    {
        string text = value;
        if (File.Exists(value))
        {
            text = ReadFile(value).Split('\n', 2)[0].TrimEnd('\r');
        }
        try
        {
            return NoteVerifierKey.Parse(text);
        }
        catch (FormatException e)
        {
            throw new CliException($"{option}: {e.Message}");
        }
    }

    internal static SignedNote ReadNote(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException($"Cannot read note '{path}': {e.Message}");
        }
        try
        {
            return SignedNote.Parse(bytes);
        }
        catch (FormatException e)
        {
            throw new CliException($"{path}: {e.Message}");
        }
    }

    /// <summary>Refuses an output that exists (new outputs never replace a file) or that is the ledger or its key.</summary>
    internal static void RefuseExisting(LedgerCli ctx, ParseResult r, string? path, string option)
    {
        ctx.RefuseOverwrite(r, path, option);
        if (path is not null && (File.Exists(path) || Directory.Exists(path)))
        {
            throw new CliException($"{option} '{path}' already exists; it is not overwritten. Choose a new file.");
        }
    }

    /// <summary>Writes a new file atomically (readers never see half of it).</summary>
    internal static void WriteNew(string path, string text) => EcoLedger.IO.AtomicFile.Write(path, tmp => File.WriteAllText(tmp, text, new System.Text.UTF8Encoding(false)));

    /// <summary>An argument exception's sentence without the parameter name .NET appends.</summary>
    internal static string CliMessage(ArgumentException e) => e.Message.Split(" (Parameter '", 2)[0];

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
        byte[] utf8 = [];
        try
        {
            utf8 = File.ReadAllBytes(path);
            using var doc = JsonDocument.Parse(utf8);
            return doc.RootElement.TryGetProperty("type", out var t) && t.GetString() is { } type
                && type is ProofFiles.InclusionType or ProofFiles.ConsistencyType
                ? type
                : throw new CliException($"'{path}' is not an EcoLedger proof file (type {ProofFiles.InclusionType} or {ProofFiles.ConsistencyType}).");
        }
        catch (JsonException e)
        {
            throw new CliException($"Cannot read proof file '{path}': {JsonErrorPosition.Describe(e, utf8)}");
        }
        catch (IOException e)
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

    internal static string ReadFile(string path)
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
