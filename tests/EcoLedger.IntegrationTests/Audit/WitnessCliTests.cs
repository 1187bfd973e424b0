using System.Text.Json.Nodes;
using EcoLedger.Audit;
using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.Ledger;

namespace EcoLedger.IntegrationTests.Audit;

/// <summary>
/// Witnesses through the CLI, as the operator, a witness and an auditor would script them: the ledger's checkpoint as a C2SP note,
/// a witness request with its consistency proof, the witness's cosignature, and verification that demands it.
/// </summary>
public sealed class WitnessCliTests : IDisposable
{
    private readonly LedgerTestDb _t = new();

    public void Dispose() => _t.Dispose();

    private string F(string name) => Path.Combine(_t.Dir, name);

    [Fact]
    public void Should_cosign_the_operators_checkpoints_one_extension_after_another_and_verify_with_the_witness()
    {
        // Given a ledger, its note key and a witness
        Seed();
        string logKey = _t.Ok("audit", "log-key").TrimEnd();
        string witnessKey = WitnessInit("w1");
        Assert.Matches(@"^ecoledger/yichun-registry\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$", logKey);
        Assert.Matches(@"^witness\.example/w1\+[0-9a-f]{8}\+B[A-Za-z0-9+/]{43}$", witnessKey);

        // When the operator has two checkpoints cosigned in turn
        string first = Cosign("w1", old: 0, "cp1");
        _t.Ok("ledger", "participant", "add", "--id", "bank", "--role", "holder", "--actor", "reg");
        var status = JsonNode.Parse(_t.Ok("audit", "witness", "status", "--state", F("w1.state"), "--json"))!.AsArray();
        string second = Cosign("w1", old: (long)status[0]!["tree_size"]!, "cp2");

        // Then each cosignature verifies with the witness's published key, and the auditor accepts the ledger and its bundle
        var witness = NoteVerifierKey.Parse(witnessKey);
        Assert.Equal([witness], SignedNote.Parse(File.ReadAllBytes(first)).Verify([witness]).Verified);
        Assert.Equal([witness], SignedNote.Parse(File.ReadAllBytes(second)).Verify([witness]).Verified);
        Assert.Equal(4L, (long)status[0]!["tree_size"]!);
        _t.Ok("audit", "export", "--out", F("ledger.bundle"));
        Assert.Contains("; the latest checkpoint is cosigned by known witnesses: witness.example/w1 at ",
            _t.Ok("audit", "verify", F("ledger.bundle"), "--witnessed", second, "--witness-key", witnessKey, "--min-witnesses", "1"), StringComparison.Ordinal);
        var cpJson = _t.Json("audit", "checkpoint", "--note", F("again.note"));
        Assert.Equal(logKey, (string)cpJson["log_key"]!);
        Assert.Equal(File.ReadAllText(F("cp2.note")), File.ReadAllText(F("again.note"))); // no event since: the same checkpoint, the same (deterministic) Ed25519 signature
        var live = JsonNode.Parse(_t.Ok("audit", "verify", "--witnessed", second, "--witness-key", F("w1.vkey"), "--json"))!;
        Assert.True((bool)live["verified"]!);
        Assert.Equal("witness.example/w1", ((string)live["cosigned_by"]![0]!)[..18]);
    }

    [Fact]
    public void Should_reject_a_history_rewritten_and_re_signed_by_the_key_holder_once_a_witness_cosigned_the_original()
    {
        // Given a witness cosigned the ledger's checkpoint at size 4
        Seed();
        string witnessKey = WitnessInit("w1");
        string original = Cosign("w1", old: 0, "cp");
        _t.Ok("audit", "export", "--out", F("original.bundle"));

        // When the holder of the checkpoint key rewrites event 3 and re-signs every checkpoint and the note
        var events = BundleReader.ReadEvents(F("original.bundle")).ToList();
        var rewritten = new List<JournalEvent>();
        string prev = JournalEvent.GenesisHash;
        foreach (var e in events)
        {
            string payload = e.Seq == 3 ? e.Payload.Replace("\"name\":\"Verifier\"", "\"name\":\"Friendly verifier\"", StringComparison.Ordinal) : e.Payload;
            var sealedEvent = JournalEvent.Seal(e.Seq, e.Time, e.Actor, e.Kind, payload, prev);
            rewritten.Add(sealedEvent);
            prev = sealedEvent.Hash;
        }
        Assert.NotEqual(events[2].Payload, rewritten[2].Payload);
        var tree = ProofFiles.BuildTree(rewritten);
        using var signer = LedgerKeys.LoadSigner(_t.Path + ".key.pem");
        var resigned = signer.Sign(new Checkpoint("yichun-registry", tree.Size, Convert.ToHexStringLower(tree.Root()), DateTimeOffset.UtcNow));
        AuditExport.Write(F("rewritten.bundle"), new BundleHeader(AuditBundle.FormatVersion, "yichun-registry", signer.PublicKeyPem), rewritten, [resigned]);
        File.WriteAllText(F("rewritten.note"), CheckpointNote.Sign(resigned.Checkpoint, signer).ToString());
        File.WriteAllText(F("rewritten.req"), new WitnessRequest(4, [], SignedNote.Parse(File.ReadAllBytes(F("rewritten.note")))).ToString());

        // Then the rewritten bundle verifies on its own (the key holder re-signed it) ...
        Assert.Equal(0, _t.Cli("audit", "verify", F("rewritten.bundle")).Code);
        // ... but not against the witnessed checkpoint,
        var (code, output, _) = _t.Cli("audit", "verify", F("rewritten.bundle"), "--witnessed", original, "--witness-key", witnessKey, "--min-witnesses", "1");
        Assert.Equal(1, code);
        Assert.Equal($"verification FAILED: {F("rewritten.bundle")}: the witnessed checkpoint at size 4 has root {RootOf(events)}, "
            + $"but events 1-4 have root {Convert.ToHexStringLower(tree.Root())}: this history is not the one the witnesses cosigned (rewritten or forked)", output.TrimEnd());
        // ... the witness refuses to cosign the rewritten checkpoint and keeps its state,
        var refused = _t.Cli("audit", "witness", "cosign", F("rewritten.req"), "--key", F("w1.key"), "--state", F("w1.state"), "--log-key", F("log.vkey"));
        Assert.Equal(1, refused.Code);
        Assert.StartsWith("witness REFUSED: fork: the checkpoint at size 4 has root ", refused.Out, StringComparison.Ordinal);
        Assert.Contains("\"tree_size\": 4", File.ReadAllText(F("w1.state")), StringComparison.Ordinal);
        // ... and the operator's own note of the rewritten history carries no cosignature of a known witness.
        var unwitnessed = _t.Cli("audit", "verify", F("rewritten.bundle"), "--witnessed", F("rewritten.note"), "--witness-key", witnessKey);
        Assert.Equal(1, unwitnessed.Code);
        Assert.EndsWith("the checkpoint at size 4 is cosigned by 0 of the known witnesses, fewer than the 1 required; no valid cosignature from: witness.example/w1",
            unwitnessed.Out.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_require_the_minimum_number_of_distinct_witnesses_and_name_the_missing_ones()
    {
        // Given w1 cosigned the latest checkpoint, w2 has not yet
        Seed();
        string w1 = WitnessInit("w1");
        string w2 = WitnessInit("w2");
        string byW1 = Cosign("w1", old: 0, "cp");

        // When the auditor requires two witnesses
        var one = _t.Cli("audit", "verify", "--witnessed", byW1, "--witness-key", w1, "--witness-key", w2, "--min-witnesses", "2");
        // ... and the operator then has w2 cosign the note w1 already cosigned
        _t.Ok("audit", "witness-request", "--note", byW1, "--old", "0", "--out", F("w2.req"));
        _t.Ok("audit", "witness", "cosign", F("w2.req"), "--key", F("w2.key"), "--state", F("w2.state"), "--log-key", F("log.vkey"), "--out", F("cp.both"));
        var two = _t.Cli("audit", "verify", "--witnessed", F("cp.both"), "--witness-key", w1, "--witness-key", w2, "--min-witnesses", "2");
        var sameKeyTwice = _t.Cli("audit", "verify", "--witnessed", F("cp.both"), "--witness-key", w1, "--witness-key", w1, "--min-witnesses", "2");

        // Then
        Assert.Equal(1, one.Code);
        Assert.EndsWith("the checkpoint at size 4 is cosigned by 1 of the known witnesses (witness.example/w1), fewer than the 2 required; no valid cosignature from: witness.example/w2",
            one.Out.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(0, two.Code);
        Assert.Contains("cosigned by known witnesses: witness.example/w1 at ", two.Out, StringComparison.Ordinal);
        Assert.Contains(", witness.example/w2 at ", two.Out, StringComparison.Ordinal);
        Assert.Equal((2, "error: The minimum number of witnesses must be 1 to 1 (the number of distinct witness keys given); got 2."), (sameKeyTwice.Code, sameKeyTwice.Err.TrimEnd()));
    }

    [Fact]
    public void Should_refuse_a_rollback_with_exit_1_and_a_request_from_the_wrong_size_with_exit_2()
    {
        Seed();
        WitnessInit("w1");
        Cosign("w1", old: 0, "cp1");
        _t.Ok("ledger", "participant", "add", "--id", "bank", "--role", "holder", "--actor", "reg");
        Cosign("w1", old: 4, "cp2");
        _t.Ok("ledger", "participant", "add", "--id", "h5", "--role", "holder", "--actor", "reg");
        _t.Ok("audit", "checkpoint", "--note", F("cp3.note"));
        _t.Ok("audit", "witness-request", "--note", F("cp3.note"), "--old", "0", "--out", F("cp3-from-0.req"));

        var rollback = _t.Cli("audit", "witness", "cosign", F("cp1.req"), "--key", F("w1.key"), "--state", F("w1.state"), "--log-key", F("log.vkey"));
        var wrongOld = _t.Cli("audit", "witness", "cosign", F("cp3-from-0.req"), "--key", F("w1.key"), "--state", F("w1.state"), "--log-key", F("log.vkey"), "--json");

        Assert.Equal(1, rollback.Code);
        Assert.Equal("witness REFUSED: rollback: the checkpoint has size 4, smaller than size 5 this witness already cosigned for 'ecoledger/yichun-registry'", rollback.Out.TrimEnd());
        Assert.Equal(2, wrongOld.Code);
        var json = JsonNode.Parse(wrongOld.Out)!;
        Assert.Equal("wrong_old_size", (string)json["refusal"]!);
        Assert.Equal(5L, (long)json["witness_size"]!);
    }

    [Fact]
    public void Should_refuse_bad_witness_input_with_exit_2_and_never_overwrite_a_key()
    {
        Seed();
        WitnessInit("w1");

        var again = _t.Cli("audit", "witness", "init", "--key", F("w1.key"), "--name", "witness.example/w1");
        var badName = _t.Cli("audit", "witness", "init", "--key", F("w2.key"), "--name", "bad name");
        File.WriteAllText(F("garbage.req"), "old 0\nnot a note\n");
        var garbage = _t.Cli("audit", "witness", "cosign", F("garbage.req"), "--key", F("w1.key"), "--state", F("w1.state"), "--log-key", F("log.vkey"));
        var badVkey = _t.Cli("audit", "verify", "--witnessed", F("garbage.req"), "--witness-key", "witness.example/w1+00000000+BBBB");

        Assert.Equal((2, $"error: --key '{F("w1.key")}' already exists; a witness key is never overwritten. Choose a new file."), (again.Code, again.Err.TrimEnd()));
        Assert.Equal((2, "error: --name: A key name is non-empty, without spaces or '+' (got 'bad name')."), (badName.Code, badName.Err.TrimEnd()));
        Assert.Equal((2, $"error: {F("garbage.req")}: Not a witness request: expected 'old <size>', proof lines, an empty line and the checkpoint note."), (garbage.Code, garbage.Err.TrimEnd()));
        Assert.Equal(2, badVkey.Code);
        Assert.StartsWith("error: --witness-key: Verifier key 'witness.example/w1+00000000+BBBB': ", badVkey.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", again.Err + badName.Err + garbage.Err + badVkey.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_state_that_is_a_folder_in_one_line_naming_the_option()
    {
        // Before: "error: Is a directory : '…/w1.state'" (exit 3) from cosign, and "no log cosigned yet" (exit 0) from status.
        Seed();
        WitnessInit("w1");
        _t.Ok("audit", "checkpoint", "--note", F("cp.note"));
        _t.Ok("audit", "witness-request", "--note", F("cp.note"), "--old", "0", "--out", F("cp.req"));
        string folder = Directory.CreateDirectory(F("w1.state")).FullName;

        var (code, output, err) = _t.Cli("audit", "witness", "cosign", F("cp.req"), "--key", F("w1.key"), "--state", folder, "--log-key", F("log.vkey"));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"error: --state: '{folder}' is a folder; expected the witness's state file (a file, created on first use).", err.TrimEnd());

        (code, output, err) = _t.Cli("audit", "witness", "status", "--state", folder);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"error: --state: '{folder}' is a folder; expected the witness's state file (a file, created on first use).", err.TrimEnd());
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    private void Seed()
    {
        _t.Ok("ledger", "init", "--ledger-id", "yichun-registry");
        _t.Ok("ledger", "participant", "add", "--id", "reg", "--role", "registry", "--name", "Registry");
        _t.Ok("ledger", "participant", "add", "--id", "ver", "--role", "verifier", "--name", "Verifier", "--actor", "reg");
        _t.Ok("ledger", "participant", "add", "--id", "farm", "--role", "project_owner", "--name", "Farm", "--actor", "reg");
        if (!File.Exists(F("log.vkey")))
        {
            _t.Ok("audit", "log-key", "--out", F("log.vkey"));
        }
    }

    private string WitnessInit(string name)
    {
        _t.Ok("audit", "witness", "init", "--key", F(name + ".key"), "--name", "witness.example/" + name, "--vkey-out", F(name + ".vkey"));
        return File.ReadAllText(F(name + ".vkey")).TrimEnd();
    }

    /// <summary>The operator's checkpoint note and witness request, then the witness's cosignature; returns the cosigned note's path.</summary>
    private string Cosign(string witness, long old, string name)
    {
        _t.Ok("audit", "checkpoint", "--note", F(name + ".note"));
        _t.Ok("audit", "witness-request", "--note", F(name + ".note"), "--old", old.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", F(name + ".req"));
        string line = _t.Ok("audit", "witness", "cosign", F(name + ".req"), "--key", F(witness + ".key"), "--state", F(witness + ".state"),
            "--log-key", F("log.vkey"), "--out", F(name + ".cosigned")).TrimEnd();
        Assert.StartsWith($"— witness.example/{witness} ", line, StringComparison.Ordinal);
        Assert.EndsWith(line + "\n", File.ReadAllText(F(name + ".cosigned")), StringComparison.Ordinal);
        return F(name + ".cosigned");
    }

    private static string RootOf(List<JournalEvent> events) => Convert.ToHexStringLower(ProofFiles.BuildTree(events).Root());
}
