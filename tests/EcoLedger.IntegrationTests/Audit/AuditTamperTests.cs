using System.Text.Json;
using System.Text.RegularExpressions;
using EcoLedger.Audit;
using EcoLedger.Ledger;
using EcoLedger.Storage;
using Microsoft.Data.Sqlite;

namespace EcoLedger.IntegrationTests.Audit;

/// <summary>
/// The heart of the audit issue: a ledger of a few thousand random operations, exported; each tampering must make verification fail
/// at the right place, and the untampered bundle and database must verify.
/// </summary>
public partial class AuditTamperTests(AuditLedgerFixture f) : IClassFixture<AuditLedgerFixture>
{
    [Fact]
    public void Should_verify_the_untampered_bundle_and_database()
    {
        var bundle = BundleVerifier.Verify(f.BundlePath, f.EarlyCheckpoint, new LedgerReplayer(), f.PublicKeyPem);
        Assert.True(bundle.Verified, bundle.Failure);
        Assert.Equal(f.EventCount, bundle.Events);
        Assert.Equal(f.Latest.Checkpoint.RootHash, bundle.RootHash);
        Assert.True(bundle.Checkpoints.Count > 100, "every command and batch ends with a checkpoint");

        using var db = LedgerDatabase.Open(f.CopyDatabase());
        var live = db.VerifyLive(null, f.PublicKeyPem);
        Assert.True(live.Verified, live.Failure);
        Assert.Equal(bundle.RootHash, live.RootHash);
        Assert.Empty(live.Differences);
    }

    [Fact]
    public void Should_name_the_event_whose_byte_was_changed()
    {
        var lines = f.BundleLines();
        int i = lines.FindIndex(l => l.StartsWith("{\"event\":", StringComparison.Ordinal) && Seq(l) >= 1234 && l.Contains("\"quantity\":", StringComparison.Ordinal));
        long seq = Seq(lines[i]);
        int at = lines[i].IndexOf("\"quantity\":", StringComparison.Ordinal) + "\"quantity\":".Length;
        char d = lines[i][at];
        lines[i] = lines[i][..at] + (d == '9' ? '8' : (char)(d + 1)) + lines[i][(at + 1)..];

        var v = BundleVerifier.Verify(f.WriteBundle("byte.bundle", lines), null, new LedgerReplayer());

        Assert.Equal($"event {seq}: hash mismatch", v.Failure);
    }

    [Fact]
    public void Should_name_the_deleted_event()
    {
        var lines = f.BundleLines();
        int i = EventLine(lines, 1500);
        lines.RemoveAt(i);

        var v = BundleVerifier.Verify(f.WriteBundle("deleted.bundle", lines), null, new LedgerReplayer());

        Assert.False(v.Verified);
        Assert.StartsWith("event 1500: ", v.Failure);
    }

    [Fact]
    public void Should_name_the_first_of_two_swapped_events()
    {
        var lines = f.BundleLines();
        int a = EventLine(lines, 2000);
        int b = EventLine(lines, 2007);
        (lines[a], lines[b]) = (lines[b], lines[a]);

        var v = BundleVerifier.Verify(f.WriteBundle("swapped.bundle", lines), null, new LedgerReplayer());

        Assert.Equal("event 2000: out of sequence (found event 2007 where event 2000 was expected)", v.Failure);
    }

    [Fact]
    public void Should_reject_a_last_checkpoint_signed_by_another_key()
    {
        var lines = f.BundleLines();
        int i = lines.FindLastIndex(l => l.StartsWith("{\"checkpoint\":", StringComparison.Ordinal));
        using var doc = JsonDocument.Parse(lines[i]);
        var cp = SignedCheckpoint.Parse(System.Text.Encoding.UTF8.GetBytes(
            $"{{\"checkpoint\":{doc.RootElement.GetProperty("checkpoint").GetRawText()},\"signature\":\"{doc.RootElement.GetProperty("signature").GetString()}\"}}"));
        string dir = Directory.CreateTempSubdirectory("ecoledger-otherkey-").FullName;
        LedgerKeys.CreateKeyPair(Path.Combine(dir, "k.pem"), Path.Combine(dir, "k.pub"));
        using var other = LedgerKeys.LoadSigner(Path.Combine(dir, "k.pem"));
        string forged = other.Sign(cp.Checkpoint).Signature;
        lines[i] = lines[i].Replace(cp.Signature, forged, StringComparison.Ordinal);

        var v = BundleVerifier.Verify(f.WriteBundle("otherkey.bundle", lines), null, new LedgerReplayer());

        Assert.Equal($"checkpoint at size {f.EventCount}: signature does not verify with the bundle's public key", v.Failure);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Should_reject_a_consistency_proof_for_a_rewritten_history()
    {
        // Given the operator, who holds the key, rewrites event 4 (the owner's name) and re-seals and re-signs everything after it
        var events = BundleReader.ReadEvents(f.BundlePath).ToList();
        var rewritten = new List<JournalEvent>(events.Count);
        string prev = JournalEvent.GenesisHash;
        foreach (var e in events)
        {
            string payload = e.Seq == 4 ? e.Payload.Replace("\"name\":\"farm\"", "\"name\":\"Farm Ltd\"", StringComparison.Ordinal) : e.Payload;
            var sealedEvent = JournalEvent.Seal(e.Seq, e.Time, e.Actor, e.Kind, payload, prev);
            rewritten.Add(sealedEvent);
            prev = sealedEvent.Hash;
        }
        Assert.NotEqual(events[3].Payload, rewritten[3].Payload);
        var tree = ProofFiles.BuildTree(rewritten);
        using var key = LedgerKeys.LoadSigner(f.DbPath + ".key.pem");
        var resigned = key.Sign(new Checkpoint("tamper-test", tree.Size, Convert.ToHexStringLower(tree.Root()), f.Latest.Checkpoint.Time));
        long m = f.EarlyCheckpoint.Checkpoint.TreeSize;

        // When the auditor checks it against the checkpoint kept from earlier
        var proof = ProofFiles.ProveConsistency(tree, f.EarlyCheckpoint, resigned);
        string? failure = ProofFiles.VerifyConsistency(proof, f.PublicKeyPem, f.EarlyCheckpoint);

        // Then
        Assert.Equal($"checkpoint at size {m} not consistent with size {tree.Size}", failure);
        string path = Path.Combine(f.Dir, "rewritten.bundle");
        AuditExport.Write(path, new BundleHeader(AuditBundle.FormatVersion, "tamper-test", f.PublicKeyPem), rewritten, [resigned]);
        Assert.True(BundleVerifier.Verify(path, null, new LedgerReplayer()).Verified, "re-signed by the key holder, the bundle verifies on its own");
        Assert.Equal($"trusted checkpoint at size {m} not consistent with the bundle (events 1-{m} have a different root)",
            BundleVerifier.Verify(path, f.EarlyCheckpoint, new LedgerReplayer()).Failure);
    }

    [Fact]
    public void Should_name_an_appended_transfer_of_retired_serials()
    {
        // Given a correctly hashed and signed event that moves credits already retired
        var events = BundleReader.ReadEvents(f.BundlePath).ToList();
        var replay = new LedgerReplayer();
        foreach (var e in events)
        {
            Assert.Null(replay.Apply(e));
        }
        var retired = replay.Store.Blocks.First(b => b.Status == BlockStatus.Retired);
        var payload = new CreditsMoved("transfer", "x1", retired.HolderId, "h1", retired.Quantity, null, null, null, null, null,
            [new BlockMove(retired.Id, null, null, retired.ProjectId, retired.VintageStart, retired.VintageEnd, retired.Start, retired.End,
                "transfer", retired.HolderId, "h1", "retired", "active", null, "serial")]);
        long n = events.Count + 1;
        var forged = JournalEvent.Seal(n, events[^1].Time, "h1", "credits.transferred",
            JsonSerializer.Serialize(payload, Journal.PayloadOptions), events[^1].Hash);
        events.Add(forged);
        var tree = ProofFiles.BuildTree(events);
        using var key = LedgerKeys.LoadSigner(f.DbPath + ".key.pem");
        var cp = key.Sign(new Checkpoint("tamper-test", n, Convert.ToHexStringLower(tree.Root()), f.Latest.Checkpoint.Time));
        string path = Path.Combine(f.Dir, "retired.bundle");
        AuditExport.Write(path, new BundleHeader(AuditBundle.FormatVersion, "tamper-test", f.PublicKeyPem), events, [f.Latest, cp]);

        // When
        var v = BundleVerifier.Verify(path, null, new LedgerReplayer());

        // Then
        Assert.Equal($"event {n}: transfer of retired serials {retired.Start}-{retired.End}", v.Failure);
    }

    [Fact]
    public void Should_locate_an_amount_changed_in_the_live_postings()
    {
        string path = f.CopyDatabase();
        (long seq, string account, string project, string vintage, long amount) p;
        using (var c = Raw(path))
        {
            Exec(c, "DROP TRIGGER postings_no_update");
            using var q = c.CreateCommand();
            q.CommandText = "SELECT seq, account, project_id, vintage_start, amount FROM postings WHERE seq >= 1700 AND amount > 0 ORDER BY seq LIMIT 1";
            using (var r = q.ExecuteReader())
            {
                r.Read();
                p = (r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4));
            }
            Exec(c, $"UPDATE postings SET amount = amount + 7 WHERE seq = {p.seq} AND account = '{p.account}' AND project_id = '{p.project}' AND vintage_start = '{p.vintage}'");
        }
        using var db = LedgerDatabase.Open(path);

        var v = db.VerifyLive();

        Assert.Equal($"posting of event {p.seq} to '{p.account}' ({p.project} {p.vintage}): amount is {p.amount + 7} in the live table but {p.amount} by the journal", v.Failure);
        Assert.Single(v.Differences);
    }

    [Fact]
    public void Should_locate_a_holder_edited_in_the_live_blocks()
    {
        string path = f.CopyDatabase();
        long id;
        using (var c = Raw(path))
        {
            using var q = c.CreateCommand();
            q.CommandText = "SELECT id FROM blocks WHERE holder_id = 'h3' AND status = 'active' ORDER BY id LIMIT 1";
            id = (long)q.ExecuteScalar()!;
            Exec(c, $"UPDATE blocks SET holder_id = 'mallory' WHERE id = {id}");
        }
        using var db = LedgerDatabase.Open(path);

        var v = db.VerifyLive();

        Assert.Matches(new Regex($"^block {id} \\(P\\d serials \\d+-\\d+, last changed by event \\d+\\): holder_id is 'mallory' in the live table but 'h3' by the journal$"), v.Failure);
    }

    [Fact]
    public void Should_locate_a_version_edited_in_the_live_blocks()
    {
        // version was left out of the columns compared; every column is compared now
        string path = f.CopyDatabase();
        long id, version;
        using (var c = Raw(path))
        {
            using var q = c.CreateCommand();
            q.CommandText = "SELECT id, version FROM blocks WHERE holder_id = 'h3' AND status = 'active' ORDER BY id LIMIT 1";
            using (var r = q.ExecuteReader())
            {
                r.Read();
                (id, version) = (r.GetInt64(0), r.GetInt64(1));
            }
            Exec(c, $"UPDATE blocks SET version = version + 5 WHERE id = {id}");
        }
        using var db = LedgerDatabase.Open(path);

        var v = db.VerifyLive();

        Assert.Matches(new Regex($"^block {id} \\(P\\d serials \\d+-\\d+, last changed by event \\d+\\): version is {version + 5} in the live table but {version} by the journal$"), v.Failure);
        Assert.Single(v.Differences);
    }

    [Theory]
    // Columns the audit used to leave out (only role, owner/state/serials and state/quantity/serial_start/project were compared):
    // a forged display name is what the ledger report prints; a region, methodology or crediting period is what the credits claim.
    [InlineData("UPDATE participants SET name = 'Evil corp' WHERE id = 'h3'",
        "participant 'h3': name is 'Evil corp' in the live table but 'h3' by the journal")]
    [InlineData("UPDATE projects SET region = 'XX', methodology = 'FORGED-01' WHERE id = 'P2'",
        "project 'P2': region is 'XX' in the live table but 'YC' by the journal",
        "project 'P2': methodology is 'FORGED-01' in the live table but 'CCER-14-001-V01' by the journal")]
    [InlineData("UPDATE projects SET period_start = '2019-01-01' WHERE id = 'P1'",
        "project 'P1': period_start is 2019-01-01 in the live table but 2020-01-01 by the journal")]
    [InlineData("UPDATE issuance_requests SET verifier_id = 'farm' WHERE id = 'R1'",
        "issuance request 'R1': verifier_id is 'farm' in the live table but 'ver' by the journal")]
    [InlineData("UPDATE issuance_requests SET buffer_quantity = 0 WHERE id = 'R1'",
        "issuance request 'R1': buffer_quantity is 0 in the live table but 5000 by the journal")]
    [InlineData("UPDATE issuance_requests SET vintage_end = '2029-12-31' WHERE id = 'R2'",
        "issuance request 'R2': vintage_end is 2029-12-31 in the live table but 2022-12-31 by the journal")]
    public void Should_locate_any_column_edited_in_the_live_participants_projects_and_requests(string sql, string failure, string? second = null)
    {
        string path = f.CopyDatabase();
        using (var c = Raw(path))
        {
            Exec(c, sql);
        }
        using var db = LedgerDatabase.Open(path);

        var v = db.VerifyLive();

        Assert.False(v.Verified);
        Assert.Equal(failure, v.Failure);
        Assert.Equal(second is null ? [failure] : [failure, second], v.Differences);
    }

    [Fact]
    public void Should_name_an_event_deleted_from_the_live_journal()
    {
        string path = f.CopyDatabase();
        using (var c = Raw(path))
        {
            Exec(c, "DROP TRIGGER journal_no_delete");
            Exec(c, "DELETE FROM journal WHERE seq = 1500");
        }
        using var db = LedgerDatabase.Open(path);

        Assert.Equal("event 1500: missing (found event 1501 where event 1500 was expected)", db.VerifyLive().Failure);
    }

    [Fact]
    public void Should_name_the_first_of_two_events_reordered_in_the_live_journal()
    {
        string path = f.CopyDatabase();
        using (var c = Raw(path))
        {
            Exec(c, "DROP TRIGGER journal_no_update");
            Exec(c, "UPDATE journal SET seq = -1 WHERE seq = 1600; UPDATE journal SET seq = 1600 WHERE seq = 1601; UPDATE journal SET seq = 1601 WHERE seq = -1");
        }
        using var db = LedgerDatabase.Open(path);

        Assert.Equal("event 1600: prev_hash does not match the hash of event 1599", db.VerifyLive().Failure);
    }

    [Fact]
    public void Should_catch_a_live_journal_rewritten_with_a_recomputed_hash_chain_at_the_next_checkpoint()
    {
        // An attacker without the signing key edits event 1800's time and recomputes every later hash: the chain holds, the signed roots do not.
        string path = f.CopyDatabase();
        using (var c = Raw(path))
        {
            Exec(c, "DROP TRIGGER journal_no_update");
            var rows = new List<JournalEvent>();
            using (var q = c.CreateCommand())
            {
                q.CommandText = "SELECT seq, time, actor, kind, payload, prev_hash, hash FROM journal WHERE seq >= 1799 ORDER BY seq";
                using var r = q.ExecuteReader();
                while (r.Read())
                {
                    rows.Add(new JournalEvent(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6)));
                }
            }
            string prev = rows[0].Hash;
            foreach (var e in rows.Skip(1))
            {
                var s = JournalEvent.Seal(e.Seq, e.Seq == 1800 ? "2020-01-01T00:00:00.0000000Z" : e.Time, e.Actor, e.Kind, e.Payload, prev);
                using var u = c.CreateCommand();
                u.CommandText = "UPDATE journal SET time = $a, prev_hash = $p, hash = $h WHERE seq = $s";
                u.Parameters.AddWithValue("$a", s.Time);
                u.Parameters.AddWithValue("$p", s.PrevHash);
                u.Parameters.AddWithValue("$h", s.Hash);
                u.Parameters.AddWithValue("$s", s.Seq);
                u.ExecuteNonQuery();
                prev = s.Hash;
            }
        }
        using var db = LedgerDatabase.Open(path);
        long next = db.Checkpoints().First(c => c.Checkpoint.TreeSize >= 1800).Checkpoint.TreeSize;

        Assert.Equal($"checkpoint at size {next}: root hash does not match events 1-{next}", db.VerifyLive().Failure);
    }

    private static long Seq(string line) => long.Parse(SeqPattern().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static int EventLine(List<string> lines, long seq) =>
        lines.FindIndex(l => l.StartsWith("{\"event\":", StringComparison.Ordinal) && l.Contains($",\"seq\":{seq},\"time\":", StringComparison.Ordinal));

    private static SqliteConnection Raw(string path)
    {
        var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        return c;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    [GeneratedRegex(",\"seq\":(\\d+),\"time\":")]
    private static partial Regex SeqPattern();
}
