using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EcoLedger.Cli.Hosting;
using EcoLedger.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.Cli.Commands;

/// <summary>Options shared by every ledger verb, and the plumbing that runs a verb against the database.</summary>
internal sealed class LedgerCli(CliIo io)
{
    public CliIo Io { get; } = io;

    public Option<string> Db { get; } = new("--db")
    {
        Description = "Ledger database file (default: $ECOLEDGER_DB or ecoledger.db).",
        Recursive = true,
        DefaultValueFactory = _ => LedgerDatabase.DefaultPath,
    };

    public Option<string> SigningKey { get; } = new("--signing-key")
    {
        Description = "The checkpoint signing key (PKCS#8 PEM; default: $ECOLEDGER_SIGNING_KEY, else DB.key.pem beside the database). Keep it away from the database.",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ECOLEDGER_SIGNING_KEY") is { Length: > 0 } k ? k : null!,
    };

    public Option<string> Actor { get; } = new("--actor") { Description = "The acting participant, whose role is checked.", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Machine-readable JSON output.", Recursive = true };

    public string? ActorOf(ParseResult r) => r.GetValue(Actor);

    /// <summary>Opens an existing ledger; a missing file is refused, never created and migrated empty (only <c>ledger init</c> creates one).</summary>
    public LedgerDatabase Open(ParseResult r)
    {
        string path = r.GetValue(Db)!;
        return File.Exists(path)
            ? WithKey(LedgerDatabase.Open(path), r)
            : throw new CliException($"Ledger database '{path}' does not exist; 'ecoledger ledger init --db {path}' creates one.");
    }

    private LedgerDatabase WithKey(LedgerDatabase db, ParseResult r)
    {
        if (r.GetValue(SigningKey) is { Length: > 0 } key)
        {
            db.KeyStore = new FileKeyStore(key);
        }
        return db;
    }

    /// <summary>Opens the ledger, creating the database when it does not exist (<c>ledger init</c> only).</summary>
    public LedgerDatabase OpenOrCreate(ParseResult r) => WithKey(LedgerDatabase.Open(r.GetValue(Db)!), r);

    /// <summary>
    /// Refuses an output file that is the ledger database or one of its companions (WAL, shared memory, keys): writing there would
    /// destroy the ledger or its signing key.
    /// </summary>
    public void RefuseOverwrite(ParseResult r, string? output, string option)
    {
        if (output is null)
        {
            return;
        }
        string db = Path.GetFullPath(r.GetValue(Db)!);
        string target = Path.GetFullPath(output);
        if (r.GetValue(SigningKey) is { Length: > 0 } key && string.Equals(target, Path.GetFullPath(key), StringComparison.Ordinal))
        {
            throw new CliException($"{option} '{output}' is the ledger's signing key itself; writing there would destroy it. Choose another file.");
        }
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal", ".key.pem", ".pub.pem" })
        {
            if (string.Equals(target, db + suffix, StringComparison.Ordinal))
            {
                throw new CliException($"{option} '{output}' is the ledger database{(suffix.Length == 0 ? "" : " file " + Path.GetFileName(db + suffix))} itself; " +
                    "writing there would destroy the ledger or its keys. Choose another file.");
            }
        }
    }

    /// <summary>Runs an action, turning ledger refusals into one-line CLI errors.</summary>
    public int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (LedgerException e)
        {
            throw CliFields.ToCli(e);
        }
    }

    /// <summary>A mutating verb with an optional --request-id: <paramref name="build"/> turns the arguments into the command record.</summary>
    public Command Mutating(string name, string description, Option[] options, Func<ParseResult, ICommand> build)
    {
        var command = new Command(name, description);
        var requestId = new Option<string>("--request-id") { Description = "Idempotency id: repeating it with the same content returns the original result." };
        foreach (var o in options)
        {
            command.Options.Add(o);
        }
        command.Options.Add(requestId);
        command.SetAction(r => Guard(() => Execute(r, r.GetValue(requestId), build(r))));
        return command;
    }

    /// <summary>Runs a command record through the database's command runner and prints its journal entry.</summary>
    public int Execute(ParseResult r, string? requestId, ICommand command)
    {
        using var db = Open(r);
        var result = db.Run(command, ActorOf(r), requestId);
        Print(r, result);
        return 0;
    }

    /// <summary>Prints a command's journal entry: JSON with --json, else a line and the payload for people.</summary>
    public void Print(ParseResult r, CommandResult result)
    {
        if (r.GetValue(Json))
        {
            LedgerCommands.WriteJson(Io, EntryJson(result.Entry, result.Repeated));
        }
        else
        {
            WriteText(result.Entry, result.Repeated);
        }
    }

    public static JsonObject EntryJson(JournalEntry e, bool repeated) => new()
    {
        ["seq"] = e.Seq,
        ["time"] = e.Time,
        ["actor"] = e.Actor,
        ["kind"] = e.Kind,
        ["repeated"] = repeated,
        ["hash"] = e.Hash,
        ["payload"] = JsonNode.Parse(e.Payload),
    };

    private void WriteText(JournalEntry e, bool repeated)
    {
        var w = Io.Out;
        w.WriteLine($"event {e.Seq} {e.Kind} by {e.Actor}{(repeated ? " (repeated request: nothing written)" : "")}");
        switch (Journal.ReadPayload(e.Kind, e.Payload))
        {
            case IssuanceIssued i:
                w.WriteLine($"issued {i.Quantity} t {i.Serial}: buffer {i.Buffer} t, owner {i.Quantity - i.Buffer} t");
                WriteMoves(i.Moves);
                break;
            case CreditsMoved c:
                if (c.Operation == "retire")
                {
                    w.WriteLine($"Retirement statement: {c.Quantity} t retired by {c.Holder} for {c.Beneficiary}; purpose: {c.Purpose}");
                }
                w.WriteLine($"{c.Operation} {c.Quantity} t from {c.Holder}{(c.Counterparty is null ? "" : " (" + c.Counterparty + ")")}");
                WriteMoves(c.Moves);
                break;
            case LedgerInitialized li:
                w.WriteLine($"system accounts: {string.Join(", ", li.Accounts)}");
                break;
            case ParticipantAdded pa:
                w.WriteLine($"participant {pa.Id} ({pa.Name}) joined with role {pa.Role}");
                break;
            case ProjectCreated pc:
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"project {pc.Id} created (draft) for owner {pc.Owner}: region {pc.Region}, methodology {pc.Methodology}, buffer {pc.BufferBasisPoints / 100m:0.##} %, crediting {pc.PeriodStart:yyyy-MM-dd}..{pc.PeriodEnd:yyyy-MM-dd}, {pc.Units.Count} units"));
                break;
            case ProjectTransitioned pt:
                w.WriteLine($"project {pt.Id}: {pt.From} -> {pt.To} ({pt.Trigger})");
                break;
            case IssuanceRequested ir:
                w.WriteLine($"issuance request {ir.Id} for project {ir.Project}: {ir.Quantity} t CO2e, vintage {ir.VintageStart:yyyy-MM-dd}..{ir.VintageEnd:yyyy-MM-dd}");
                break;
            case IssuanceTransitioned it:
                w.WriteLine($"issuance request {it.Id}: {it.From} -> {it.To} ({it.Trigger})");
                break;
            case ReversalReported rr:
                w.WriteLine($"reversal of {rr.Quantity} t ({rr.Cause}) on {rr.Project}: {rr.FromBuffer} t cancelled from the buffer, shortfall {rr.Shortfall} t");
                WriteMoves(rr.Moves);
                break;
            default:
                w.WriteLine(e.Payload);
                break;
        }
    }

    private void WriteMoves(IEnumerable<BlockMove> moves)
    {
        foreach (var m in moves)
        {
            Io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {m.Serial}  {m.Quantity} t  {m.FromHolder} -> {m.Holder}  {m.FromStatus} -> {m.Status}{(m.Pledgee is null ? "" : " (pledged to " + m.Pledgee + ")")}"));
        }
    }

    /// <summary>
    /// <c>credits transfer --batch FILE.csv</c>: header <c>request_id,from,to,quantity[,project]</c>; each row is a transfer by its
    /// <c>from</c> holder (or by <c>--actor</c> when given); all rows commit in one transaction or none do.
    /// </summary>
    public int RunBatch(ParseResult r, string file)
    {
        if (!File.Exists(file))
        {
            throw new CliException($"Batch file '{file}' does not exist.");
        }
        var lines = File.ReadAllLines(file);
        if (lines.Length == 0 || !lines[0].Trim().StartsWith("request_id,from,to,quantity", StringComparison.Ordinal))
        {
            throw new CliException($"Batch file '{file}' must start with the header request_id,from,to,quantity[,project].");
        }
        string? actor = ActorOf(r);
        var items = new List<CommandRequest>(lines.Length);
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            var f = lines[i].Split(',');
            if (f.Length < 4 || !long.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out long q))
            {
                throw new CliException($"{file}, line {i + 1}: expected request_id,from,to,quantity[,project] with a whole quantity; got '{lines[i]}'.");
            }
            string? project = f.Length > 4 && f[4].Length > 0 ? f[4] : null;
            var cmd = new CreditCommand(CreditOperation.Transfer, f[1], q, f[2], project, RequestId: f[0]);
            items.Add(new CommandRequest(cmd, actor ?? f[1], f[0]));
        }
        using var db = Open(r);
        var rows = db.Commands.RunBatch(items, out bool committed);
        if (r.GetValue(Json))
        {
            LedgerCommands.WriteJson(Io, new JsonObject
            {
                ["committed"] = committed,
                ["rows"] = new JsonArray(rows.Select(x => LedgerCommands.ToNode(x)).ToArray()),
            });
        }
        else
        {
            foreach (var row in rows.Where(x => x.Status is "error" or "repeated"))
            {
                Io.Out.WriteLine($"row {row.Row} ({row.RequestId}): {row.Status}{(row.Error is null ? "" : ": " + row.Error)}");
            }
            Io.Out.WriteLine(committed ? $"{rows.Count(x => x.Status == "ok")} transfers committed, {rows.Count(x => x.Status == "repeated")} repeated"
                : "batch rejected: nothing was written");
        }
        if (!committed)
        {
            var bad = rows.First(x => x.Status == "error");
            throw new CliException($"batch rejected at row {bad.Row} ({bad.RequestId}): {bad.Error}");
        }
        return 0;
    }
}
