using System.Text.Json.Nodes;
using EcoLedger.IntegrationTests.Ledger;

namespace EcoLedger.IntegrationTests.Audit;

public class AuditCliTests
{
    [Fact]
    public void Should_create_the_key_pair_next_to_the_database_and_print_the_public_key()
    {
        using var t = new LedgerTestDb();

        string output = t.Ok("ledger", "init", "--ledger-id", "yichun-registry");

        Assert.Contains("ledger id: yichun-registry", output);
        Assert.Contains("-----BEGIN PUBLIC KEY-----", output);
        Assert.Equal(File.ReadAllText(t.Path + ".pub.pem").TrimEnd(), output[output.IndexOf("-----BEGIN", StringComparison.Ordinal)..(output.IndexOf("-----END PUBLIC KEY-----", StringComparison.Ordinal) + 24)]);
        Assert.DoesNotContain("PRIVATE", output);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(t.Path + ".key.pem"));
            // the database is the owner's only too (SQLite gives its WAL and shared-memory files the same mode)
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(t.Path));
        }
    }

    [Fact]
    public void Should_sign_a_checkpoint_at_the_end_of_every_command()
    {
        using var t = new LedgerTestDb();
        t.Seed();
        var cp = t.Json("audit", "checkpoint");
        Assert.Equal(13, (long)cp["checkpoint"]!["tree_size"]!);

        t.Ok("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "5", "--request-id", "x1", "--actor", "farm");
        t.Ok("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "5", "--request-id", "x1", "--actor", "farm");

        var after = t.Json("audit", "checkpoint");
        Assert.Equal(15, (long)after["checkpoint"]!["tree_size"]!); // 14: the request accepted, 15: the transfer
        var verify = t.Json("audit", "verify");
        Assert.True((bool)verify["verified"]!);
        Assert.Equal(14, (long)verify["checkpoints"]!); // one per event-writing command; the repeated request wrote nothing
    }

    [Fact]
    public void Should_export_verify_prove_and_report()
    {
        using var t = new LedgerTestDb();
        t.Seed();
        t.Ok("ledger", "credits", "retire", "--holder", "farm", "--quantity", "50", "--beneficiary", "Yichun", "--purpose", "offset", "--request-id", "r1", "--actor", "farm");
        string bundle = Path.Combine(t.Dir, "ledger.bundle");
        string cp = Path.Combine(t.Dir, "cp.json");
        t.Ok("audit", "export", "--out", bundle, "--checkpoint-out", cp);

        Assert.Contains("verified: ", t.Ok("audit", "verify", bundle, "--trusted-checkpoint", cp, "--public-key", t.Path + ".pub.pem"));
        string proof = Path.Combine(t.Dir, "e15.json");
        t.Ok("audit", "prove", "--event", "15", "--out", proof); // 14 is the request r1 accepted, 15 the retirement
        Assert.Equal("verified: event 15 (credits.retired) is included in the tree of size 15, root " + JsonNode.Parse(File.ReadAllText(cp))!["checkpoint"]!["root_hash"],
            t.Ok("audit", "verify-proof", proof, "--checkpoint", cp).TrimEnd());
        var serialProofs = t.Json("audit", "prove", "--serial", "150", "--project", "P1", "--out", Path.Combine(t.Dir, "proofs"));
        Assert.Equal([13L, 15L], serialProofs.AsArray().Select(x => (long)x!["event"]!));

        t.Ok("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "5", "--request-id", "x2", "--actor", "farm");
        string cp2 = Path.Combine(t.Dir, "cp2.json");
        t.Ok("audit", "checkpoint", "--out", cp2);
        Assert.StartsWith("verified: checkpoint at size 15 is consistent with size 17", t.Ok("audit", "consistency", "--from", cp, "--to", cp2, "--out", Path.Combine(t.Dir, "c.json")));
        Assert.StartsWith("verified: ", t.Ok("audit", "verify-proof", Path.Combine(t.Dir, "c.json"), "--checkpoint", cp));

        string dir = Path.Combine(t.Dir, "report");
        t.Ok("audit", "report", "--out", dir, "--lang", "en");
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "audit-report.json")))!;
        Assert.True((bool)json["verified"]!);
        Assert.Equal(17, (long)json["events"]!);
        Assert.Equal(50, (long)json["supply"]![0]!["retired"]!);
        Assert.Contains("VERIFIED", File.ReadAllText(Path.Combine(dir, "audit-report.html")));
    }

    [Fact]
    public void Should_say_that_a_database_verified_without_a_public_key_proves_only_its_own_consistency()
    {
        // Before: audit verify --db checked the checkpoints against the database's own key without a word; whoever can write the database
        // can re-sign its history with a key of their own.
        using var t = new LedgerTestDb();
        t.Seed();
        string fingerprint = (string)t.Json("audit", "verify", "--public-key", t.Path + ".pub.pem")["public_key_fingerprint"]!;

        var (code, output, _) = t.Cli("audit", "verify");

        Assert.Equal(0, code);
        Assert.Equal($"key not pinned: the checkpoints were checked against the database's own public key (fingerprint {fingerprint}), which proves only " +
            "that the database is internally consistent, not who signed it; pass --public-key with the operator's published key to pin it",
            output.Split('\n')[1]);
        Assert.False((bool)t.Json("audit", "verify")["public_key_pinned"]!);
        Assert.DoesNotContain("key not pinned", t.Ok("audit", "verify", "--public-key", t.Path + ".pub.pem"), StringComparison.Ordinal);
        Assert.True((bool)t.Json("audit", "verify", "--public-key", t.Path + ".pub.pem")["public_key_pinned"]!);
    }

    [Fact]
    public void Should_say_that_a_bundle_verified_without_a_public_key_proves_only_its_own_consistency()
    {
        // Before: the same "verified: …" as with --public-key, nothing saying the signatures were checked against the bundle's own key.
        using var t = new LedgerTestDb();
        t.Seed();
        string bundle = Path.Combine(t.Dir, "ledger.bundle");
        t.Ok("audit", "export", "--out", bundle);
        string fingerprint = (string)t.Json("audit", "verify", bundle, "--public-key", t.Path + ".pub.pem")["public_key_fingerprint"]!;

        var (code, output, _) = t.Cli("audit", "verify", bundle);

        Assert.Equal(0, code);
        Assert.Equal($"key not pinned: the checkpoints were checked against the bundle's own public key (fingerprint {fingerprint}), which proves only " +
            "that the bundle is internally consistent, not who signed it; pass --public-key with the operator's published key to pin it",
            output.Split('\n')[1]);
        Assert.False((bool)t.Json("audit", "verify", bundle)["public_key_pinned"]!);
        var pinned = t.Ok("audit", "verify", bundle, "--public-key", t.Path + ".pub.pem");
        Assert.DoesNotContain("key not pinned", pinned, StringComparison.Ordinal);
        Assert.True((bool)t.Json("audit", "verify", bundle, "--public-key", t.Path + ".pub.pem")["public_key_pinned"]!);
    }

    [Fact]
    public void Should_say_the_checkpoints_are_of_different_ledgers_when_asked_for_their_consistency()
    {
        // Before: "No consistency proof from size 14 to size 4: sizes must not decrease and the tree has 14 events."
        using var t = new LedgerTestDb();
        t.Seed();
        string ours = Path.Combine(t.Dir, "ours.json");
        t.Ok("audit", "checkpoint", "--out", ours);
        using var other = new LedgerTestDb();
        other.Ok("ledger", "init", "--ledger-id", "other-registry");
        string theirs = Path.Combine(t.Dir, "theirs.json");
        other.Ok("audit", "checkpoint", "--out", theirs);
        string ourId = (string)JsonNode.Parse(File.ReadAllText(ours))!["checkpoint"]!["ledger_id"]!;

        var (code, _, err) = t.Cli("audit", "consistency", "--from", ours, "--to", theirs);
        Assert.Equal(2, code);
        Assert.Equal($"error: --from {ours} and --to {theirs} are checkpoints of different ledgers ('{ourId}' and 'other-registry'); " +
            "a consistency proof relates two checkpoints of one ledger.", err.TrimEnd());

        (code, _, err) = t.Cli("audit", "consistency", "--from", theirs, "--to", theirs);
        Assert.Equal(2, code);
        Assert.Equal($"error: --from {theirs} and --to {theirs} are checkpoints of ledger 'other-registry', not of this database's ledger '{ourId}'.", err.TrimEnd());
    }

    [Fact]
    public void Should_say_which_checkpoint_is_older_when_consistency_is_given_the_newer_first()
    {
        // Before: "No consistency proof from size 12 to size 11: sizes must not decrease and the tree has 12 events."
        using var t = new LedgerTestDb();
        t.Seed();
        string older = Path.Combine(t.Dir, "older.json");
        t.Ok("audit", "checkpoint", "--out", older);
        t.Ok("ledger", "participant", "add", "--id", "h5", "--role", "holder", "--actor", "reg");
        string newer = Path.Combine(t.Dir, "newer.json");
        t.Ok("audit", "checkpoint", "--out", newer);
        var o = JsonNode.Parse(File.ReadAllText(older))!["checkpoint"]!;
        var n = JsonNode.Parse(File.ReadAllText(newer))!["checkpoint"]!;

        var (code, _, err) = t.Cli("audit", "consistency", "--from", newer, "--to", older);

        Assert.Equal(2, code);
        Assert.Equal($"error: --from {newer} (size {n["tree_size"]}, {n["time"]}) is newer than --to {older} (size {o["tree_size"]}, {o["time"]}); " +
            "the older checkpoint goes first.", err.TrimEnd());
        Assert.StartsWith($"verified: checkpoint at size {o["tree_size"]} is consistent with size {n["tree_size"]}", t.Ok("audit", "consistency", "--from", older, "--to", newer),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Should_leave_no_database_file_when_init_is_refused_for_its_ledger_id()
    {
        // Before: the refused init left a 400 KB database (migrated, with its first event) behind.
        using var t = new LedgerTestDb();

        var (code, _, err) = t.Cli("ledger", "init", "--ledger-id", "bad id!");

        Assert.Equal(2, code);
        Assert.Equal("error: Invalid --ledger-id: A ledger id is 1–200 printable ASCII characters without spaces (got \"bad id!\").", err.TrimEnd());
        Assert.Empty(Directory.EnumerateFileSystemEntries(t.Dir));
    }

    [Fact]
    public void Should_exit_1_and_name_the_event_when_the_bundle_was_tampered()
    {
        using var t = new LedgerTestDb();
        t.Seed();
        string bundle = Path.Combine(t.Dir, "ledger.bundle");
        t.Ok("audit", "export", "--out", bundle);
        File.WriteAllText(bundle, File.ReadAllText(bundle).Replace("\"quantity\":1000", "\"quantity\":9000", StringComparison.Ordinal));

        var (code, output, _) = t.Cli("audit", "verify", bundle);

        Assert.Equal(1, code);
        Assert.Equal($"verification FAILED: {bundle}: event 11: hash mismatch", output.TrimEnd());
    }

    [Fact]
    public void Should_exit_1_and_name_the_column_when_a_participant_name_was_edited_in_the_database()
    {
        using var t = new LedgerTestDb();
        t.Seed();
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={t.Path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE participants SET name = 'Evil corp' WHERE id = 'buyer'";
            cmd.ExecuteNonQuery();
        }

        var (code, output, _) = t.Cli("audit", "verify");

        Assert.Equal(1, code);
        Assert.Equal($"verification FAILED: {t.Path}: participant 'buyer': name is 'Evil corp' in the live table but 'buyer' by the journal", output.Split('\n')[0].TrimEnd());
    }
}
