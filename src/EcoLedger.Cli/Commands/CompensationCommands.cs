using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.Cli.Hosting;
using EcoLedger.IO;
using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;
using EcoLedger.Storage;
using static EcoLedger.Cli.Commands.LedgerCommands;

namespace EcoLedger.Cli.Commands;

/// <summary>
/// <c>ecoledger compensation ...</c>: ecological compensation agreements (生态补偿), their monitoring rounds and two-phase payments.
/// Every verb accepts <c>--db</c> (or <c>ECOLEDGER_DB</c>), <c>--actor</c> and <c>--json</c>; every mutating verb accepts <c>--request-id</c>.
/// </summary>
public static class CompensationCommands
{
    private delegate ICompensationCommand Plan(ParseResult r, string? actor);

    public static Command Create(CliIo io)
    {
        var ctx = new LedgerCli(io);
        var root = new Command("compensation", "Ecological compensation agreements: parties, rounds, monitoring samples, assessment, two-phase payments.");
        ctx.AddSharedOptions(root);
        root.Subcommands.Add(AgreementCommand(ctx));
        root.Subcommands.Add(SamplesCommand(ctx));
        root.Subcommands.Add(RoundCommand(ctx));
        root.Subcommands.Add(PaymentsCommand(ctx));
        root.Subcommands.Add(StatementCommand(ctx));
        return root;
    }

    private static Command AgreementCommand(LedgerCli ctx)
    {
        var agreement = new Command("agreement", "Agreements: draft → signed (all parties) → active ↔ suspended → closed; → terminated.");
        var id = Req("--id", "Agreement id (letters, digits, underscore).");
        var spec = Req("--spec", "Agreement spec (JSON): name, period, round_months, parties, funding, rule. See samples/xinan/agreement.json.");
        agreement.Subcommands.Add(Mutating(ctx, "create", "Create a draft agreement; the actor (role registry) becomes its administrator.", [id, spec], (r, actor) =>
        {
            string file = r.GetValue(spec)!;
            if (!File.Exists(file))
            {
                throw new CliException($"Agreement spec '{file}' does not exist.");
            }
            string text = File.ReadAllText(file);
            AgreementSpec parsed;
            try
            {
                parsed = AgreementSpecJson.Parse(text);
            }
            catch (JsonException e)
            {
                throw new CliException($"{file}: {AgreementSpecJson.Describe(e, text)}");
            }
            return new CreateAgreement(r.GetValue(id)!, parsed);
        }));
        agreement.Subcommands.Add(Mutating(ctx, "sign", "A party signs; the last signature makes the agreement 'signed'.", [id],
            (r, _) => new SignAgreement(r.GetValue(id)!)));
        foreach (var (verb, trigger, help) in new[]
        {
            ("activate", AgreementTrigger.Activate, "Administrator puts a signed (or suspended) agreement in force; the first activation opens its rounds."),
            ("suspend", AgreementTrigger.Suspend, "Administrator suspends an active agreement (its rounds cannot move)."),
            ("terminate", AgreementTrigger.Terminate, "Administrator ends the agreement early; pending payments are voided back to their payers."),
            ("close", AgreementTrigger.Close, "Administrator closes an active agreement whose rounds are all settled."),
        })
        {
            var aid = Req("--id", "Agreement id.");
            agreement.Subcommands.Add(Mutating(ctx, verb, help, [aid],
                (r, _) => new TransitionAgreement(r.GetValue(aid)!, trigger)));
        }
        return agreement;
    }

    private static Command SamplesCommand(LedgerCli ctx)
    {
        var samples = new Command("samples", "Monitoring samples: immutable once recorded; corrections are new rows that reference what they correct.");
        var round = Req("--round", "Round id (AGREEMENT_Rn).");
        var file = new Argument<string>("FILE")
        {
            Description = "CSV with header section,sampled_at,indicator,value,unit,lab,party[,corrects,reason], or a gep compute summary (gep-summary.json).",
        };
        var section = new Option<string>("--section") { Description = "Section recorded for a GEP summary (default: region).", DefaultValueFactory = _ => "region" };
        var import = Mutating(ctx, "import", "Import samples into a round: all rows or none; every problem is reported.", [round, section], (r, actor) =>
        {
            string path = r.GetValue(file)!;
            var (rows, problems) = SampleFile.Read(path, r.GetValue(section)!, actor ?? "");
            if (problems.Count > 0)
            {
                throw new CliException($"{problems.Count} problem{(problems.Count == 1 ? "" : "s")} in {path}; nothing was imported:" +
                    string.Concat(problems.Select(p => "\n  " + p)));
            }
            return new ImportSamples(r.GetValue(round)!, Path.GetFileName(path), rows);
        });
        import.Arguments.Add(file);
        samples.Subcommands.Add(import);
        return samples;
    }

    private static Command RoundCommand(LedgerCli ctx)
    {
        var round = new Command("round", "Rounds: open → monitoring_closed → assessed → settled | disputed → resolved → settled.");
        Option<string> R() => Req("--round", "Round id (AGREEMENT_Rn).");

        var r1 = R();
        round.Subcommands.Add(Mutating(ctx, "close-monitoring", "Administrator closes monitoring: samples become immutable; prints missing indicators and outliers.",
            [r1], (r, _) => new CloseMonitoring(r.GetValue(r1)!),
            (db, r) => WriteReview(ctx, db, r.GetValue(r1)!)));

        var r2 = R();
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the sample review and the assessment record without writing anything." };
        var assess = Mutating(ctx, "assess", "Administrator applies the rule; the payments become pending (reserved in the fund accounts).", [r2, dryRun],
            (r, _) => new AssessRound(r.GetValue(r2)!),
            before: (db, r) => WriteReview(ctx, db, r.GetValue(r2)!),
            dryRun: dryRun);
        round.Subcommands.Add(assess);

        var r3 = R();
        round.Subcommands.Add(Mutating(ctx, "settle", "The administrator or a paying party posts the pending payments.", [r3],
            (r, _) => new SettleRound(r.GetValue(r3)!)));

        var r4 = R();
        var reason = Req("--reason", "Why the assessment is disputed.");
        round.Subcommands.Add(Mutating(ctx, "dispute", "A party disputes an assessed round (payments stay pending).", [r4, reason],
            (r, _) => new DisputeRound(r.GetValue(r4)!, r.GetValue(reason))));

        var r5 = R();
        var outcome = Req("--outcome", "upheld (keep the payments) | amended (void them and reserve --amount instead).");
        var amount = Opt("--amount", "The amended amount in CNY (0 waives the payment).");
        var note = Opt("--note", "Resolution note.");
        round.Subcommands.Add(Mutating(ctx, "resolve", "Administrator resolves a dispute.", [r5, outcome, amount, note], (r, _) =>
            new ResolveRound(r.GetValue(r5)!, r.GetValue(outcome)!, r.GetValue(amount) is { } text ? Fen(text) : null, r.GetValue(note))));
        return round;
    }

    private static Command PaymentsCommand(LedgerCli ctx)
    {
        var agreement = Opt("--agreement", "Only payments of this agreement.");
        var cmd = new Command("payments", "List payments: pending (reserved), posted or voided.") { agreement };
        cmd.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            var list = db.CompensationPayments(r.GetValue(agreement));
            if (r.GetValue(ctx.Json))
            {
                WriteJson(ctx.Io, new JsonArray(list.Select(p => (JsonNode)new JsonObject
                {
                    ["id"] = p.Id,
                    ["agreement"] = p.AgreementId,
                    ["round"] = p.RoundId,
                    ["source"] = p.SourceId,
                    ["from"] = p.FromParty,
                    ["to"] = p.ToParty,
                    ["amount_fen"] = p.AmountFen,
                    ["state"] = p.State.Name(),
                    ["created_seq"] = p.CreatedSeq,
                    ["resolved_seq"] = p.ResolvedSeq,
                }).ToArray()));
                return 0;
            }
            ctx.Io.Out.WriteLine($"{"payment",-22} {"source",-12} {"from",-12} {"to",-12} {"amount CNY",18} state");
            foreach (var p in list)
            {
                ctx.Io.Out.WriteLine($"{p.Id,-22} {p.SourceId,-12} {p.FromParty,-12} {p.ToParty,-12} {AssessmentRule.Yuan(p.AmountFen),18} {p.State.Name()}");
            }
            ctx.Io.Out.WriteLine($"{list.Count} payments; pending {AssessmentRule.Yuan(list.Where(p => p.State == PaymentState.Pending).Sum(p => p.AmountFen))} CNY, " +
                $"posted {AssessmentRule.Yuan(list.Where(p => p.State == PaymentState.Posted).Sum(p => p.AmountFen))} CNY");
            return 0;
        }));
        return cmd;
    }

    private static Command StatementCommand(LedgerCli ctx)
    {
        var agreement = Req("--agreement", "Agreement id.");
        var output = Req("--out", "Statement file to write (Markdown).");
        var cmd = new Command("statement", "Write the per-round statement: samples summary, index and intermediates, decision, funding split, payments.") { agreement, output };
        cmd.SetAction(r => ctx.Guard(() =>
        {
            string path = r.GetValue(output)!;
            // Checked before the ledger is opened: --out naming the database itself once replaced the ledger with the statement.
            ctx.RefuseOverwrite(r, path, "--out");
            if (Directory.Exists(path))
            {
                throw new CliException($"--out: '{path}' is a folder; expected the statement file to write (e.g. statement.md).");
            }
            using var db = ctx.Open(r);
            string text = CompensationStatement.Render(db.CompensationStatement(r.GetValue(agreement)!));
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
            {
                Directory.CreateDirectory(dir);
            }
            EcoLedger.IO.AtomicFile.Write(path, temp => File.WriteAllText(temp, text));
            if (r.GetValue(ctx.Json))
            {
                WriteJson(ctx.Io, new JsonObject { ["agreement"] = r.GetValue(agreement), ["out"] = path, ["bytes"] = new FileInfo(path).Length });
            }
            else
            {
                ctx.Io.Out.WriteLine($"statement of {r.GetValue(agreement)} written to {path}");
            }
            return 0;
        }));
        return cmd;
    }

    private static Command Mutating(LedgerCli ctx, string name, string description, Option[] options, Plan plan,
        Action<LedgerDatabase, ParseResult>? after = null, Action<LedgerDatabase, ParseResult>? before = null, Option<bool>? dryRun = null)
    {
        var command = new Command(name, description);
        var requestId = new Option<string>("--request-id") { Description = "Idempotency id: repeating it with the same content returns the original result." };
        foreach (var o in options)
        {
            command.Options.Add(o);
        }
        command.Options.Add(requestId);
        command.SetAction(r => ctx.Guard(() =>
        {
            var command = plan(r, ctx.ActorOf(r));
            using var db = ctx.Open(r);
            if (!r.GetValue(ctx.Json))
            {
                before?.Invoke(db, r);
            }
            if (dryRun is not null && r.GetValue(dryRun))
            {
                var pending = db.Commands.Decide(command, ctx.ActorOf(r));
                if (r.GetValue(ctx.Json))
                {
                    WriteJson(ctx.Io, new JsonObject { ["dry_run"] = true, ["kind"] = pending.Kind, ["actor"] = pending.Actor, ["payload"] = ToNode(pending.Payload) });
                }
                else
                {
                    ctx.Io.Out.WriteLine($"dry run: {pending.Kind} by {pending.Actor} (nothing written)");
                    WritePayload(ctx.Io, pending.Payload);
                }
                return 0;
            }
            var result = ctx.Run(db, r, command, r.GetValue(requestId));
            if (r.GetValue(ctx.Json))
            {
                WriteJson(ctx.Io, result.Unchanged ? LedgerCli.UnchangedJson(result) : LedgerCli.EntryJson(result.Entry, result.Repeated));
                return 0;
            }
            if (result.Unchanged)
            {
                WritePayload(ctx.Io, result.Decided ?? result.Payload); // says what was skipped; nothing was journaled
                return 0;
            }
            var e = result.Entry;
            ctx.Io.Out.WriteLine($"event {e.Seq} {e.Kind} by {e.Actor}{(result.Repeated ? " (repeated request: nothing written)" : "")}");
            WritePayload(ctx.Io, result.Payload);
            after?.Invoke(db, r);
            return 0;
        }));
        return command;
    }

    private static void WriteReview(LedgerCli ctx, LedgerDatabase db, string round)
    {
        SampleReview review;
        try
        {
            review = db.ReadCompensation(e => e.Review(round));
        }
        catch (LedgerException)
        {
            return; // the command itself reports an unknown round
        }
        ctx.Io.Out.WriteLine("samples: " + string.Join(", ", review.Counts.Select(kv => $"{kv.Key} {kv.Value}")));
        foreach (var m in review.Missing)
        {
            ctx.Io.Out.WriteLine("missing: " + m);
        }
        foreach (var o in review.Outliers)
        {
            ctx.Io.Out.WriteLine("outlier: " + o);
        }
    }

    private static void WritePayload(CliIo io, object payload)
    {
        var w = io.Out;
        switch (payload)
        {
            case RoundAssessed a:
                var x = a.Assessment;
                w.WriteLine($"rule {x.RuleVersion}; {x.SampleCount} samples, sample-set SHA-256 {x.SampleSetHash}");
                foreach (var l in x.Lines)
                {
                    w.WriteLine($"  {l.Indicator,-8} n={l.Count,3}  mean {l.Mean}  baseline {l.Baseline}  weight {l.Weight}  ratio {l.Ratio}  weighted {l.Weighted}");
                }
                foreach (var s in x.Steps.Where(s => !s.Name.StartsWith("C_", StringComparison.Ordinal) && !s.Name.StartsWith("k×", StringComparison.Ordinal)))
                {
                    w.WriteLine($"  {s.Name} = {s.Formula} = {s.Value}");
                }
                w.WriteLine("decision: " + x.Decision);
                foreach (var f in x.Funding)
                {
                    w.WriteLine($"  funding {f.Source} ({f.Kind}, share {f.Share}): {AssessmentRule.Yuan(f.AmountFen)} CNY");
                }
                foreach (var p in a.Payments)
                {
                    w.WriteLine($"  pending {p.Id}: {p.From} -> {p.To} {AssessmentRule.Yuan(p.AmountFen)} CNY from fund {p.Source}");
                }
                break;
            case RoundSettled s:
                w.WriteLine($"round {s.Round} settled: {s.Posted.Count} payments posted");
                WritePostings(io, s.Postings);
                break;
            case RoundResolved rr:
                w.WriteLine($"round {rr.Round} resolved: {rr.Outcome}, amount {AssessmentRule.Yuan(rr.AmountFen)} CNY; {rr.Voided.Count} voided, {rr.Payments.Count} new pending");
                WritePostings(io, rr.Postings);
                break;
            case SamplesImported si:
                string repeated = si.Repeats is int n ? $"; {n} already recorded, skipped" : "";
                w.WriteLine(si.Samples.Count == 0
                    ? $"0 new samples in {si.Round}, {si.Repeats ?? 0} already recorded (skipped)"
                    : $"{si.Samples.Count} samples imported into {si.Round} (ids {si.Samples[0].Id}..{si.Samples[^1].Id}), " +
                    $"{si.Samples.Count(s => s.Corrects is not null)} corrections{repeated}");
                break;
            case AgreementTransitioned t:
                w.WriteLine($"agreement {t.Id}: {t.From} -> {t.To}" + (t.Rounds.Count > 0 ? $"; rounds opened: {string.Join(", ", t.Rounds.Select(r => r.Id))}" : "")
                    + (t.Voided.Count > 0 ? $"; {t.Voided.Count} pending payments voided" : ""));
                break;
            case AgreementSigned s:
                w.WriteLine($"agreement {s.Id} signed by {s.Party}: {s.From} -> {s.To}");
                break;
            case RoundTransitioned t:
                w.WriteLine($"round {t.Round}: {t.From} -> {t.To}{(t.Reason is null ? "" : " (" + t.Reason + ")")}");
                break;
            case AgreementCreated c:
                w.WriteLine($"agreement {c.Id} created (draft), administrator {c.Administrator}, rule {c.Spec.Rule.Kind}, " +
                    $"{c.Spec.Parties.Count} parties, {c.Spec.Funding.Count} funding sources");
                break;
            default:
                w.WriteLine(JsonSerializer.Serialize(payload, payload.GetType(), Journal.PayloadOptions));
                break;
        }
    }

    private static void WritePostings(CliIo io, IEnumerable<MoneyPosting> postings)
    {
        foreach (var p in postings)
        {
            io.Out.WriteLine($"  {p.Account,-36} {AssessmentRule.Yuan(p.AmountFen),20}");
        }
    }

    private static long Fen(string text)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cny) || decimal.Round(cny, 2) != cny)
        {
            throw new CliException($"Invalid --amount '{text}': expected an amount in CNY with at most two decimals, e.g. 12345.67.");
        }
        return (long)(cny * 100m);
    }
}
