using System.CommandLine;
using System.Text.Json.Nodes;
using EcoLedger.Audit;
using EcoLedger.Cli.Hosting;
using EcoLedger.Ledger;
using static EcoLedger.Cli.Commands.LedgerCommands;

namespace EcoLedger.Cli.Commands;

/// <summary>
/// <c>ecoledger ledger participant keygen | key add | key revoke | keys</c>: participants' own signing keys. A participant makes its key
/// pair on its own machine (keygen), hands the public key to the registry (key add), and signs its commands with <c>--key</c>.
/// </summary>
internal static class KeyCommands
{
    public static Command Keygen(LedgerCli ctx)
    {
        var privateOut = Req("--private", "Where to write the private key (PKCS#8 PEM, created with mode 0600; never overwritten). Keep it off the operator's machine.");
        var publicOut = Req("--public", "Where to write the public key (SubjectPublicKeyInfo PEM) to hand to the registry.");
        var c = new Command("keygen", "Create an ECDSA P-256 key pair for a participant (no database needed).") { privateOut, publicOut };
        c.SetAction(r =>
        {
            string priv = r.GetValue(privateOut)!;
            string pub = r.GetValue(publicOut)!;
            if (File.Exists(priv) || File.Exists(pub))
            {
                throw new CliException($"'{(File.Exists(priv) ? priv : pub)}' already exists; a key file is never overwritten. Choose another path.");
            }
            ctx.RefuseOverwrite(r, priv, "--private");
            ctx.RefuseOverwrite(r, pub, "--public");
            string pem = LedgerKeys.CreateKeyPair(priv, pub);
            string keyId = ParticipantKeys.KeyIdOf(Convert.FromBase64String(ParticipantKeys.Normalize(pem)));
            if (r.GetValue(ctx.Json))
            {
                WriteJson(ctx.Io, new JsonObject { ["private_key"] = priv, ["public_key"] = pub, ["key_id"] = keyId });
            }
            else
            {
                ctx.Io.Out.WriteLine($"key {ParticipantKeys.Short(keyId)} created: private {priv} (0600), public {pub}");
                ctx.Io.Out.WriteLine("Give the public key to the registry ('ledger participant key add'); sign commands with --key.");
            }
            return 0;
        });
        return c;
    }

    public static Command Key(LedgerCli ctx)
    {
        var key = new Command("key", "Register or revoke a participant's public key (journaled; the registry or the participant itself).");
        var participant = Req("--participant", "Whose key.");
        var publicKey = Req("--public-key", "The public key file (PEM) the participant made with 'keygen'.");
        key.Subcommands.Add(ctx.Mutating("add", "Register a public key: from then on the participant's commands must be signed with it.", [participant, publicKey], r =>
        {
            string file = r.GetValue(publicKey)!;
            if (!File.Exists(file))
            {
                throw new CliException($"Public key file '{file}' does not exist.");
            }
            return new RegisterParticipantKey(r.GetValue(participant)!, ParticipantKeys.Normalize(File.ReadAllText(file)));
        }));
        var who = Req("--participant", "Whose key.");
        var keyId = Req("--key-id", "The key's id (full, or its first 16 hex digits as 'keys' shows them).");
        var reason = Req("--reason", "Why (rotation, compromise, left the registry).");
        key.Subcommands.Add(ctx.Mutating("revoke", "Revoke a key: it signs nothing after this event.", [who, keyId, reason],
            r => new RevokeParticipantKey(r.GetValue(who)!, r.GetValue(keyId)!, r.GetValue(reason)!)));
        return key;
    }

    /// <summary><c>ledger policy require-signatures | allow-unsigned</c>.</summary>
    public static Command Policy(LedgerCli ctx)
    {
        var policy = new Command("policy", "Ledger-wide rules set by a registry (journaled).");
        policy.Subcommands.Add(ctx.Mutating("require-signatures",
            "From now on every participant's command must be signed (--key), or entered by a registry with its key. The acting registry needs a key of its own.",
            [], _ => new SetSignaturePolicy(true)));
        policy.Subcommands.Add(ctx.Mutating("allow-unsigned", "Allow participants without a key to act unsigned again (on the operator's word, counted by the audit).",
            [], _ => new SetSignaturePolicy(false)));
        return policy;
    }

    public static Command List(LedgerCli ctx)
    {
        var participant = Opt("--participant", "Only this participant's keys.");
        var c = new Command("keys", "List registered participant keys, active and revoked.") { participant };
        c.SetAction(r => ctx.Guard(() =>
        {
            using var db = ctx.Open(r);
            using var q = db.NewContext();
            string? only = r.GetValue(participant);
            var keys = q.ParticipantKeys.Where(k => only == null || k.ParticipantId == only).OrderBy(k => k.RegisteredSeq).ToList();
            if (r.GetValue(ctx.Json))
            {
                WriteJson(ctx.Io, new JsonArray(keys.Select(k => (JsonNode)new JsonObject
                {
                    ["participant"] = k.ParticipantId,
                    ["key_id"] = k.KeyId,
                    ["registered_seq"] = k.RegisteredSeq,
                    ["revoked_seq"] = k.RevokedSeq,
                    ["revoked_reason"] = k.RevokedReason,
                }).ToArray()));
                return 0;
            }
            if (keys.Count == 0)
            {
                ctx.Io.Out.WriteLine("no participant keys registered: every command runs on the operator's word (unsigned)");
                return 0;
            }
            foreach (var k in keys)
            {
                ctx.Io.Out.WriteLine($"{k.ParticipantId}  {ParticipantKeys.Short(k.KeyId)}  registered by event {k.RegisteredSeq}" +
                    (k.RevokedSeq is { } s ? $", revoked by event {s} ({k.RevokedReason})" : ", active"));
            }
            return 0;
        }));
        return c;
    }
}
