using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EcoLedger.Audit;
using EcoLedger.Cli.Hosting;
using EcoLedger.IO;
using EcoLedger.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.Cli.Commands;

/// <summary>Options shared by every ledger verb, and the plumbing that runs a verb against the database.</summary>
internal sealed class LedgerCli(CliIo io)
{
    public CliIo Io { get; } = io;

    public Option<string> Db { get; } = new("--db")
    {
        Description = "Ledger database: a file, or a PostgreSQL connection string (Host=…;Database=…) (default: $ECOLEDGER_DB or ecoledger.db).",
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

    /// <summary>The signer's private key: the actor's own, or with <see cref="EnteredBy"/> the entering registry's.</summary>
    public Option<string> Key { get; } = new("--key")
    {
        Description = "Sign the command with this private key (PKCS#8 PEM, mode 0600): the actor's own, or the registry's with --entered-by. " +
            "Required once the actor has a registered key.",
        Recursive = true,
    };

    /// <summary>A registry entering the command on the actor's behalf (back office), signing with its own key.</summary>
    public Option<string> EnteredBy { get; } = new("--entered-by")
    {
        Description = "Back office: the registry participant entering this command for --actor; --key is then the registry's key.",
        Recursive = true,
    };

    /// <summary>Adds the options every module's root shares (database, actor, signing, JSON).</summary>
    public void AddSharedOptions(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Options.Add(Db);
        root.Options.Add(Actor);
        root.Options.Add(Key);
        root.Options.Add(EnteredBy);
        root.Options.Add(SigningKey);
        root.Options.Add(Json);
    }

    /// <summary>
    /// Runs one command as <c>--actor</c>, signed when <c>--key</c> is given (by the actor, or by <c>--entered-by</c>). A signed command
    /// without <c>--request-id</c> gets a fresh one: the request id is the signature's nonce.
    /// </summary>
    public CommandResult Run(LedgerDatabase db, ParseResult r, ICommand command, string? requestId)
    {
        ArgumentNullException.ThrowIfNull(db);
        string? actor = ActorOf(r);
        var signature = Sign(db, r, command, actor, ref requestId);
        return db.Run(command, actor, requestId, signature);
    }

    private CommandSignature? Sign(LedgerDatabase db, ParseResult r, ICommand command, string? actor, ref string? requestId)
    {
        string? keyPath = r.GetValue(Key);
        string? enteredBy = r.GetValue(EnteredBy);
        if (keyPath is null)
        {
            return enteredBy is null ? null : throw new CliException("--entered-by needs --key: the registry's private key that signs the entry.");
        }
        if (actor is null)
        {
            throw new CliException("--key signs for the acting participant; give it with --actor.");
        }
        string ledgerId = SigningLedgerId(db);
        requestId ??= "req_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        using var key = LoadKey(keyPath);
        return CommandSignatures.Sign(key, ledgerId, actor, enteredBy ?? actor, requestId, command);
    }

    /// <summary>The id signatures are bound to (<see cref="CommandSignatures.Statement"/>); a ledger without one cannot take signed commands.</summary>
    private static string SigningLedgerId(LedgerDatabase db) => db.AuditIdentity()?.LedgerId
        ?? throw new CliException($"Ledger '{db.Path}' has no id to bind signatures to; run 'ecoledger ledger init' on it to give it one.");

    /// <summary>Loads a participant's private key for signing, with the CLI's errors.</summary>
    public static System.Security.Cryptography.ECDsa LoadKey(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"Key file '{path}' does not exist.");
        }
        try
        {
            return LedgerKeys.LoadPrivateKey(path);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(e.Message);
        }
        catch (Exception e) when (e is ArgumentException or System.Security.Cryptography.CryptographicException or FormatException)
        {
            throw new CliException($"Key file '{path}' is not an ECDSA P-256 private key in PKCS#8 PEM: {e.Message}");
        }
    }

    public string? ActorOf(ParseResult r) => r.GetValue(Actor);

    /// <summary>Opens an existing ledger; a missing file is refused, never created and migrated empty (only <c>ledger init</c> creates one).</summary>
    public LedgerDatabase Open(ParseResult r)
    {
        string path = r.GetValue(Db)!;
        RefuseFolder(path);
        return LedgerDatabase.Exists(path)
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

    /// <summary>
    /// Opens the ledger, creating the database when it does not exist (<c>ledger init</c> only). An existing file that is not an
    /// SQLite database is refused as a wrong path: init creates ledgers, so nothing was overwritten.
    /// </summary>
    public LedgerDatabase OpenOrCreate(ParseResult r)
    {
        string path = r.GetValue(Db)!;
        RefuseFolder(path);
        if (StorageProvider.For(path).Name == "sqlite" && File.Exists(path) && !LooksLikeSqlite(path))
        {
            throw new CliException($"--db '{path}' exists and is not a ledger database; 'ledger init' creates a new one: choose another path (it leaves this file as it is).");
        }
        return WithKey(LedgerDatabase.Open(path), r);
    }

    /// <summary>
    /// The files <c>ledger init</c> would create for a SQLite ledger that do not exist yet (database, its companions and keys), so that a
    /// refused init can remove what it made (<see cref="NewFiles.Remove"/>). Empty for a PostgreSQL ledger and for an existing database.
    /// </summary>
    public NewFiles NewLedgerFiles(ParseResult r)
    {
        string path = r.GetValue(Db)!;
        if (StorageProvider.For(path).Name != "sqlite" || File.Exists(path) || Directory.Exists(path))
        {
            return new NewFiles([]);
        }
        string files = LedgerDatabase.FilesOf(path);
        var candidates = new List<string> { path, path + "-wal", path + "-shm", path + "-journal", path + ".migrating", files + ".key.pem", files + ".pub.pem" };
        if (r.GetValue(SigningKey) is { Length: > 0 } key)
        {
            candidates.Add(key);
        }
        return new NewFiles(candidates.Where(f => !File.Exists(f)).ToList());
    }

    /// <summary>Files that did not exist before a command; <see cref="Remove"/> deletes those it created.</summary>
    public sealed class NewFiles(IReadOnlyList<string> paths)
    {
        /// <summary>Deletes each of the files that now exists; a file that cannot be deleted is left.</summary>
        public void Remove()
        {
            foreach (var p in paths)
            {
                try
                {
                    File.Delete(p);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // left behind: the refusal the user sees matters more than a stray file
                }
            }
        }
    }

    private static void RefuseFolder(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"--db '{path}' is a folder; expected the ledger database file.");
        }
    }

    /// <summary>True for an empty file (SQLite makes it a database) or one that starts with SQLite's header, "SQLite format 3\0".</summary>
    private static bool LooksLikeSqlite(string path)
    {
        ReadOnlySpan<byte> header = "SQLite format 3\0"u8;
        using var f = File.OpenRead(path);
        if (f.Length == 0)
        {
            return true;
        }
        Span<byte> start = stackalloc byte[16];
        return f.ReadAtLeast(start, 16, throwOnEndOfStream: false) == 16 && start.SequenceEqual(header);
    }

    /// <summary>
    /// Refuses an output file named '-' (OutputPaths.DashProblem), or that is the ledger database or one of its companions (WAL, shared memory, keys): writing there would
    /// destroy the ledger or its signing key.
    /// </summary>
    public void RefuseOverwrite(ParseResult r, string? output, string option)
    {
        if (output is null)
        {
            return;
        }
        if (OutputPaths.DashProblem(option, output) is { } dash)
        {
            throw new CliException(dash);
        }
        // Compared as OutputPaths compares the inputs of other commands: a symbolic link to the database is the database.
        string db = Path.GetFullPath(LedgerDatabase.FilesOf(r.GetValue(Db)!));
        if (r.GetValue(SigningKey) is { Length: > 0 } key && OutputPaths.Same(output, key))
        {
            throw new CliException($"{option} '{output}' is the ledger's signing key itself; writing there would destroy it. Choose another file.");
        }
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal", ".key.pem", ".pub.pem" })
        {
            if (OutputPaths.Same(output, db + suffix))
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
        var result = Run(db, r, command, requestId);
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

    /// <summary>The JSON of a command that changed nothing (<see cref="CommandResult.Unchanged"/>): what it decided, with no journal position.</summary>
    public static JsonObject UnchangedJson(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new()
        {
            ["unchanged"] = true,
            ["actor"] = result.Entry.Actor,
            ["kind"] = result.Entry.Kind,
            ["payload"] = JsonNode.Parse(result.Entry.Payload),
        };
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

    /// <summary>Who a credit move is from and to, in the operation's words: "from farm to buyer", "of farm to bank" (pledge), "of farm pledged to bank" (release).</summary>
    private static string MoveParties(CreditsMoved c) => (c.Operation, c.Counterparty) switch
    {
        (_, null) => $"of {c.Holder}",
        ("transfer", { } to) => $"from {c.Holder} to {to}",
        ("pledge", { } bank) => $"of {c.Holder} to {bank}",
        ("release", { } bank) => $"of {c.Holder} pledged to {bank}",
        (_, { } other) => $"of {c.Holder} ({other})",
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
                w.WriteLine($"{c.Operation} {c.Quantity} t {MoveParties(c)}");
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
            case ParticipantKeyRegistered kr:
                w.WriteLine($"key {ParticipantKeys.Short(kr.KeyId)} registered for {kr.Participant}: from now on its commands must be signed with it");
                break;
            case ParticipantKeyRevoked kv:
                w.WriteLine($"key {ParticipantKeys.Short(kv.KeyId)} of {kv.Participant} revoked ({kv.Reason}): it signs nothing from now on");
                break;
            case SignaturePolicySet sp:
                w.WriteLine(sp.Required ? "signatures required: from now on every participant's command must be signed"
                    : "unsigned commands allowed again for participants without a key (the audit counts them)");
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
    /// <c>credits transfer --batch FILE.csv</c>: header <c>request_id,from,to,quantity[,project]</c>; all rows commit in one transaction or
    /// none do. Every row runs as <c>--actor</c> (signed with <c>--key</c> when given); or, with <paramref name="keyDir"/>, each row acts for
    /// its <c>from</c> holder and is signed by <c>KEYDIR/FROM.key.pem</c>. A row never acts for its <c>from</c> on the file's word alone.
    /// </summary>
    public int RunBatch(ParseResult r, string file, string? keyDir = null)
    {
        if (!File.Exists(file))
        {
            throw new CliException($"Batch file '{file}' does not exist.");
        }
        string? actor = ActorOf(r);
        if (actor is null && keyDir is null)
        {
            throw new CliException("A batch runs as one participant (--actor), or with --key-dir each row signed by its 'from' holder; " +
                "a row never acts for its 'from' holder on the file's word alone.");
        }
        if (keyDir is not null && !Directory.Exists(keyDir))
        {
            throw new CliException($"Key folder '{keyDir}' does not exist.");
        }
        // Rows are the file's records, the header being row 1, as every other CSV input counts them (GEP units, prices).
        var rows = new List<(int Row, string Line, CreditCommand Command)>();
        try
        {
            // RFC 4180 through the shared reader (quoted fields, BOM, CRLF, strict UTF-8); messages name the file and the row.
            using var csv = EcoLedger.IO.CsvRecordReader.Open(file);
            if (!csv.Read() || csv.FieldCount < 4 || !csv.TrimmedFields().Take(4).SequenceEqual(["request_id", "from", "to", "quantity"]))
            {
                throw new CliException($"Batch file '{file}' must start with the header request_id,from,to,quantity[,project].");
            }
            while (csv.Read())
            {
                var f = csv.TrimmedFields();
                if (f.Count < 4 || !long.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out long q))
                {
                    throw new CliException($"{file}, {csv.Location}: expected request_id,from,to,quantity[,project] with a whole quantity; got '{string.Join(',', f)}'.");
                }
                if (f[0].Length == 0)
                {
                    throw new CliException($"{file}, {csv.Location}: request_id is empty; every row needs one (idempotency, and the signature's nonce).");
                }
                string? project = f.Count > 4 && f[4].Length > 0 ? f[4] : null;
                rows.Add((csv.Row, csv.Location, new CreditCommand(CreditOperation.Transfer, f[1], q, f[2], project, RequestId: f[0])));
            }
            if (rows.Count == 0)
            {
                throw new CliException($"Batch file '{file}' has no transfers: it holds only the header.");
            }
        }
        catch (EcoLedger.IO.CsvFormatException e)
        {
            throw new CliException(e.Message);
        }
        using var db = Open(r);
        var items = new List<CommandRequest>(rows.Count);
        var keys = new Dictionary<string, System.Security.Cryptography.ECDsa>(StringComparer.Ordinal);
        try
        {
            string? ledgerId = keyDir is null && r.GetValue(Key) is null ? null : SigningLedgerId(db);
            foreach (var (_, line, cmd) in rows)
            {
                string rowActor = actor ?? cmd.Holder;
                string signer = r.GetValue(EnteredBy) ?? rowActor;
                // With --key-dir each signer's own file; with --key the one key for every row.
                string? keyPath = keyDir is not null ? Path.Combine(keyDir, signer + ".key.pem") : r.GetValue(Key);
                CommandSignature? signature = null;
                if (keyPath is not null)
                {
                    string cacheKey = keyDir is null ? "" : signer;
                    if (!keys.TryGetValue(cacheKey, out var key))
                    {
                        if (keyDir is not null && (!Identifiers.IsValid(signer) || !File.Exists(keyPath)))
                        {
                            throw new CliException($"{file}, {line}: no key for '{signer}' in {keyDir} (expected {signer}.key.pem).");
                        }
                        key = LoadKey(keyPath);
                        keys.Add(cacheKey, key);
                    }
                    signature = CommandSignatures.Sign(key, ledgerId!, rowActor, signer, cmd.RequestId!, cmd);
                }
                items.Add(new CommandRequest(cmd, rowActor, cmd.RequestId, signature));
            }
        }
        finally
        {
            foreach (var k in keys.Values)
            {
                k.Dispose();
            }
        }
        // The runner numbers the commands 1, 2, …; report the file's row of each instead.
        var results = db.Commands.RunBatch(items, out bool committed).Select(x => x with { Row = rows[x.Row - 1].Row }).ToList();
        if (r.GetValue(Json))
        {
            LedgerCommands.WriteJson(Io, new JsonObject
            {
                ["committed"] = committed,
                ["rows"] = new JsonArray(results.Select(x => LedgerCommands.ToNode(x)).ToArray()),
            });
        }
        else
        {
            foreach (var row in results.Where(x => x.Status is "error" or "repeated"))
            {
                Io.Out.WriteLine($"row {row.Row} ({row.RequestId}): {row.Status}{(row.Error is null ? "" : ": " + row.Error)}");
            }
            Io.Out.WriteLine(committed ? $"{results.Count(x => x.Status == "ok")} transfers committed, {results.Count(x => x.Status == "repeated")} repeated"
                : "batch rejected: nothing was written");
        }
        if (!committed)
        {
            var bad = results.First(x => x.Status == "error");
            throw new CliException($"batch rejected at {rows[results.IndexOf(bad)].Line} ({bad.RequestId}): {bad.Error}");
        }
        return 0;
    }
}
