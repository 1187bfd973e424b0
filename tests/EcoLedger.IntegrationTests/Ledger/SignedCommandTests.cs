using EcoLedger.Audit;
using EcoLedger.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.IntegrationTests.Ledger;

/// <summary>
/// Participants sign their own commands (issue 12 §2): the operator, who runs the CLI and holds the checkpoint key but not the participants'
/// keys, can neither make a keyed participant act nor rewrite what a signed command did without the audit naming the event.
/// </summary>
public sealed class SignedCommandTests
{
    /// <summary>Seed, then farm gives the buyer 100 t (farm has no key and acts on the operator's word, as before keys existed).</summary>
    private static LedgerTestDb BuyerWithCredits()
    {
        var t = new LedgerTestDb();
        t.Seed();
        t.Ok("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "100", "--request-id", "t0", "--actor", "farm");
        return t;
    }

    private static string[] Retire(string rid, long quantity = 10) =>
        ["ledger", "credits", "retire", "--holder", "buyer", "--quantity", quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--beneficiary", "Yichun", "--purpose", "offset", "--request-id", rid, "--actor", "buyer"];

    [Fact]
    public void A_keyed_participant_acts_only_with_its_own_signature()
    {
        using var t = BuyerWithCredits();
        string buyerKey = t.GiveKey("buyer");
        string bankKey = t.GiveKey("bank");

        // The operator, naming the buyer, is refused; so is the bank's key used for the buyer
        var unsigned = t.Cli(Retire("r1"));
        var wrongKey = t.Cli([.. Retire("r2"), "--key", bankKey]);
        var signed = t.Json([.. Retire("r3"), "--key", buyerKey]);

        Assert.Equal(2, unsigned.Code);
        Assert.StartsWith("error: 'buyer' has a registered signing key (", unsigned.Err);
        Assert.Contains("its commands must be signed with it (--key), or entered by the registry with the registry's key (--entered-by and --key).", unsigned.Err);
        Assert.Equal(2, wrongKey.Code);
        Assert.Matches("^error: key [0-9a-f]{16} is not registered for 'buyer'\n$", wrongKey.Err.ReplaceLineEndings("\n"));
        Assert.Equal("credits.retired", signed["kind"]!.GetValue<string>());
        Assert.Equal(90L, t.Json("ledger", "balance", "--holder", "buyer")[0]!["active"]!.GetValue<long>());

        // and the audit sees who signed: seq − 1 is the accepted command with the buyer's signature
        using var db = LedgerDatabase.Open(t.Path);
        var accepted = (CommandAccepted)Journal.ReadPayload(CommandSignatures.AcceptedKind, db.JournalEntries().Single(e => e.Seq == signed["seq"]!.GetValue<long>() - 1).Payload);
        Assert.Equal(("buyer", "r3", "CreditCommand"), (accepted.Signer, accepted.RequestId, accepted.Command));
        var replayer = new LedgerReplayer();
        var v = db.VerifyLive(replayer);
        Assert.True(v.Verified, v.Failure);
        Assert.Equal(new SignatureTally(1, 0, 0), replayer.Signatures["buyer"]);
        Assert.Equal(0, replayer.Signatures["farm"].Signed);

        // and the auditor's report counts them per participant
        string dir = Path.Combine(t.Dir, "audit-report");
        t.Ok("audit", "report", "--out", dir, "--lang", "en");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "audit-report.json")))!;
        Assert.Equal(1L, json["signatures"]!["buyer"]!["signed"]!.GetValue<long>());
        Assert.Equal(4L, json["signatures"]!["farm"]!["unsigned"]!.GetValue<long>()); // project create and submit, issuance request, the 100 t transfer
        string html = File.ReadAllText(Path.Combine(dir, "audit-report.html"));
        Assert.Contains("Who authorised the events", html);
    }

    [Fact]
    public void The_registry_enters_a_command_for_a_participant_only_with_its_own_key_and_the_audit_counts_it()
    {
        using var t = BuyerWithCredits();
        t.GiveKey("buyer");

        // Without a registered registry key the back-office entry is refused
        string stray = Path.Combine(t.Dir, "stray.key.pem");
        t.Ok("ledger", "participant", "keygen", "--private", stray, "--public", Path.Combine(t.Dir, "stray.pub.pem"));
        var noRegistryKey = t.Cli([.. Retire("r1"), "--entered-by", "reg", "--key", stray]);
        Assert.Equal(2, noRegistryKey.Code);
        Assert.Matches("^error: key [0-9a-f]{16} is not registered for 'reg'\n$", noRegistryKey.Err.ReplaceLineEndings("\n"));

        // With the registry's own key registered, it may enter the retirement; a holder may not enter for another
        string regKey = t.GiveKey("reg");
        t.Ok([.. Retire("r2"), "--entered-by", "reg", "--key", regKey]);
        string bankKey = t.GiveKey("bank", registryKey: regKey);
        var holderEnters = t.Cli([.. Retire("r3"), "--entered-by", "bank", "--key", bankKey]);
        Assert.Equal("error: 'bank' signed a command of 'buyer'; only the actor itself or a registry entering it may\n", holderEnters.Err.ReplaceLineEndings("\n"));

        using var db = LedgerDatabase.Open(t.Path);
        var replayer = new LedgerReplayer();
        Assert.True(db.VerifyLive(replayer).Verified);
        Assert.Equal(new SignatureTally(0, 1, 0), replayer.Signatures["buyer"]);
    }

    [Fact]
    public void A_revoked_key_signs_nothing_after_its_revocation_and_the_rotated_key_does()
    {
        using var t = BuyerWithCredits();
        string oldKey = t.GiveKey("buyer");
        string newPriv = Path.Combine(t.Dir, "buyer2.key.pem");
        string newPub = Path.Combine(t.Dir, "buyer2.pub.pem");
        t.Ok("ledger", "participant", "keygen", "--private", newPriv, "--public", newPub);

        // The buyer adds its new key and revokes the old one, each signed with the old key
        t.Ok("ledger", "participant", "key", "add", "--participant", "buyer", "--public-key", newPub, "--actor", "buyer", "--key", oldKey);
        var keys = t.Json("ledger", "participant", "keys", "--participant", "buyer").AsArray();
        string oldId = keys[0]!["key_id"]!.GetValue<string>();
        var revoked = t.Json("ledger", "participant", "key", "revoke", "--participant", "buyer", "--key-id", oldId[..16], "--reason", "rotation",
            "--actor", "buyer", "--key", oldKey);

        var withOld = t.Cli([.. Retire("r1"), "--key", oldKey]);
        Assert.Equal($"error: key {oldId[..16]} of 'buyer' was revoked by event {revoked["seq"]!.GetValue<long>()}\n", withOld.Err.ReplaceLineEndings("\n"));
        t.Ok([.. Retire("r2"), "--key", newPriv]);
        var after = t.Json("ledger", "participant", "keys", "--participant", "buyer").AsArray();
        Assert.Equal([revoked["seq"]!.GetValue<long>(), 0L], after.Select(k => k!["revoked_seq"]?.GetValue<long>() ?? 0L));
        using var db = LedgerDatabase.Open(t.Path);
        Assert.True(db.VerifyLive().Verified);
    }

    [Fact]
    public void Once_a_registry_requires_signatures_nobody_acts_on_the_operators_word_and_the_audit_holds_it_to_that()
    {
        using var t = BuyerWithCredits();

        // A registry without a key of its own cannot lock everyone (itself included) out
        var keyless = t.Cli("ledger", "policy", "require-signatures", "--actor", "reg");
        Assert.Equal("error: Registry 'reg' has no registered key; register its own key before requiring signatures.\n", keyless.Err.ReplaceLineEndings("\n"));
        string regKey = t.GiveKey("reg");
        var policy = t.Json("ledger", "policy", "require-signatures", "--actor", "reg", "--key", regKey);

        // Then farm, which has no key, can no longer act on the operator's word; the registry can enter for it, signed
        var farm = t.Cli("ledger", "credits", "transfer", "--from", "farm", "--to", "bank", "--quantity", "5", "--request-id", "f1", "--actor", "farm");
        Assert.Equal($"error: This ledger requires every command to be signed (since event {policy["seq"]}); sign it with the actor's key (--key), " +
            "or enter it as a registry with the registry's key (--entered-by and --key).\n", farm.Err.ReplaceLineEndings("\n"));
        t.Ok("ledger", "credits", "transfer", "--from", "farm", "--to", "bank", "--quantity", "5", "--request-id", "f2", "--actor", "farm", "--entered-by", "reg", "--key", regKey);
        string regKeyId = t.Json("ledger", "participant", "keys", "--participant", "reg")[0]!["key_id"]!.GetValue<string>();
        var lockout = t.Cli("ledger", "participant", "key", "revoke", "--participant", "reg", "--key-id", regKeyId, "--reason", "rotation", "--actor", "reg", "--key", regKey);
        Assert.Equal($"error: Key {regKeyId[..16]} is the last active key of registry 'reg' while signatures are required; register its new key first, then revoke this one.\n",
            lockout.Err.ReplaceLineEndings("\n"));
        Assert.Equal(5L, t.Json("ledger", "balance", "--holder", "bank")[0]!["active"]!.GetValue<long>());
        using (var db = LedgerDatabase.Open(t.Path))
        {
            Assert.True(db.VerifyLive().Verified);
        }

        // And an unsigned event slipped in after the policy, re-signed by the checkpoint-key holder, fails the audit
        string bundle = Path.Combine(t.Dir, "ledger.bundle");
        t.Ok("audit", "export", "--out", bundle);
        var events = BundleReader.ReadEvents(bundle).ToList();
        var v = BundleVerifier.Verify(Resign(t, [.. events, ForgedTransfer(events, "farm")]), null, new LedgerReplayer());
        Assert.Equal($"event {events.Count + 1}: signatures are required since event {policy["seq"]}, but the command of 'farm' is not signed", v.Failure);
    }

    [Fact]
    public void A_signature_is_bound_to_its_request_id_and_its_ledger()
    {
        using var t = BuyerWithCredits();
        string keyPath = t.GiveKey("buyer");
        using var db = LedgerDatabase.Open(t.Path);
        using var key = LedgerKeys.LoadPrivateKey(keyPath);
        string ledgerId = db.AuditIdentity()!.LedgerId;
        var retire = new CreditCommand(CreditOperation.Retire, "buyer", 10, Beneficiary: "Yichun", Purpose: "offset", RequestId: "r1");

        // Replayed under another request id, or made for another ledger, the signature does not verify; a signature needs a request id
        var replayed = Assert.Throws<LedgerException>(() => db.Run(retire, "buyer", "r2", CommandSignatures.Sign(key, ledgerId, "buyer", "buyer", "r1", retire)));
        var otherLedger = Assert.Throws<LedgerException>(() => db.Run(retire, "buyer", "r1", CommandSignatures.Sign(key, "ecoledger-other", "buyer", "buyer", "r1", retire)));
        var noNonce = Assert.Throws<LedgerException>(() => db.Run(retire, "buyer", null, CommandSignatures.Sign(key, ledgerId, "buyer", "buyer", "r1", retire)));

        Assert.Matches("^the signature by 'buyer' \\(key [0-9a-f]{16}\\) does not verify over the command$", replayed.Message);
        Assert.Matches("^the signature by 'buyer' \\(key [0-9a-f]{16}\\) does not verify over the command$", otherLedger.Message);
        Assert.Equal("A signed command needs a request_id: it is the signature's nonce.", noNonce.Message);
        db.Run(retire, "buyer", "r1", CommandSignatures.Sign(key, ledgerId, "buyer", "buyer", "r1", retire));
        Assert.Equal(90L, db.Balances("buyer")[0].Active);
    }

    /// <summary>
    /// The operator's strongest move: it holds the checkpoint key, so it can rewrite the journal, rebuild the hash chain and re-sign a
    /// checkpoint that verifies on its own. What it cannot make is a participant's signature.
    /// </summary>
    [Theory]
    [InlineData("forge", "event 19: 'buyer' has registered key")]
    [InlineData("redirect", "event 18: the CreditCommand accepted at event 17 decides a different credits.transferred event than the journal holds")]
    [InlineData("inflate", "event 17: the signature by 'buyer'")]
    public void A_history_rewritten_and_resigned_by_the_key_holder_fails_the_audit_where_a_participant_signature_is_missing_or_broken(string attack, string failure)
    {
        // Given a ledger in which the buyer signed one transfer to the bank (events 17: accepted, 18: transferred)
        using var t = BuyerWithCredits();
        string buyerKey = t.GiveKey("buyer");
        t.Ok("ledger", "credits", "transfer", "--from", "buyer", "--to", "bank", "--quantity", "10", "--request-id", "s1", "--actor", "buyer", "--key", buyerKey);
        string bundle = Path.Combine(t.Dir, "ledger.bundle");
        t.Ok("audit", "export", "--out", bundle);
        var events = BundleReader.ReadEvents(bundle).ToList();
        Assert.Equal((CommandSignatures.AcceptedKind, "credits.transferred"), (events[16].Kind, events[17].Kind));

        // When the operator rewrites it and re-signs
        var rewritten = attack switch
        {
            // an unsigned transfer of the buyer's credits to the operator's friend, decided by the engine itself so the ledger's rules hold
            "forge" => [.. events, ForgedTransfer(events)],
            // the signed transfer's event now pays 'farm' instead of the bank
            "redirect" => events.Select(e => e.Seq == 18 ? e with { Payload = e.Payload.Replace("\"bank\"", "\"farm\"", StringComparison.Ordinal) } : e).ToList(),
            // the signed command itself now says 90 t
            _ => events.Select(e => e.Seq == 17 ? e with { Payload = e.Payload.Replace("\"quantity\":10", "\"quantity\":90", StringComparison.Ordinal) } : e).ToList(),
        };
        string forged = Resign(t, rewritten);

        // Then the bundle's chain and checkpoint verify, and the audit still names the event
        var v = BundleVerifier.Verify(forged, null, new LedgerReplayer());
        Assert.False(v.Verified);
        Assert.StartsWith(failure, v.Failure);
    }

    private static JournalEvent ForgedTransfer(List<JournalEvent> events, string from = "buyer")
    {
        var replay = new LedgerReplayer();
        foreach (var e in events)
        {
            Assert.Null(replay.Apply(e));
        }
        var actor = Actor.Of(replay.Store.FindParticipant(from)!);
        var pending = new LedgerEngine(replay.Store).Decide(actor, new CreditCommand(CreditOperation.Transfer, from, 50, from == "farm" ? "buyer" : "farm"));
        var sealedEntry = Journal.Seal(events.Count + 1, DateTimeOffset.Parse(events[^1].Time, System.Globalization.CultureInfo.InvariantCulture), pending, events[^1].Hash);
        return new JournalEvent(sealedEntry.Seq, sealedEntry.Time, sealedEntry.Actor, sealedEntry.Kind, sealedEntry.Payload, sealedEntry.PrevHash, sealedEntry.Hash);
    }

    /// <summary>Re-seals the chain and signs a checkpoint over it with the operator's own key, as the key holder can.</summary>
    private static string Resign(LedgerTestDb t, List<JournalEvent> events)
    {
        var chain = new List<JournalEvent>(events.Count);
        string prev = JournalEvent.GenesisHash;
        foreach (var e in events)
        {
            var s = JournalEvent.Seal(e.Seq, e.Time, e.Actor, e.Kind, e.Payload, prev);
            chain.Add(s);
            prev = s.Hash;
        }
        var tree = ProofFiles.BuildTree(chain);
        string ledgerId;
        string publicKey;
        using (var db = LedgerDatabase.Open(t.Path))
        {
            (ledgerId, publicKey) = (db.AuditIdentity()!.LedgerId, db.AuditIdentity()!.PublicKeyPem);
        }
        using var key = LedgerKeys.LoadSigner(t.Path + ".key.pem");
        var cp = key.Sign(new Checkpoint(ledgerId, tree.Size, Convert.ToHexStringLower(tree.Root()), DateTimeOffset.UtcNow));
        string path = Path.Combine(t.Dir, "rewritten.bundle");
        AuditExport.Write(path, new BundleHeader(AuditBundle.FormatVersion, ledgerId, publicKey), chain, [cp]);
        return path;
    }
}
