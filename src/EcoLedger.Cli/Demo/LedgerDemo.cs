using System.Globalization;
using EcoLedger.Ledger;

using EcoLedger.Storage;

namespace EcoLedger.Cli.Demo;

/// <summary>Builds a small demonstration ledger (the README's main command calls this).</summary>
public static class LedgerDemo
{
    /// <summary>
    /// Creates (or reuses) the database at <paramref name="dbPath"/> and runs a complete story: a registry, a verifier, a forest farm
    /// (project owner), a buyer and a bank; project <paramref name="projectId"/> over <paramref name="unitIds"/> (10 % buffer,
    /// methodology CCER-14-001-V01) is submitted, validated and registered; one monitoring period of <paramref name="tonnes"/> t CO2e
    /// is requested, verified and issued; the owner transfers 40 % of the issued quantity to the buyer, pledges 20 % to the bank, and the
    /// buyer retires half of what it bought. Returns the supply table.
    /// </summary>
    /// <remarks>
    /// With 1,000 t: buffer floor(1,000 × 10 %) = 100 (serials 1–100), owner 900 (101–1,000); transfer 400 (101–500) to the buyer;
    /// pledge 200 (501–700) to the bank; the buyer retires 200 (101–300). Supply: issued 1,000 = buffer 100 + active 500 + pledged 200 + retired 200.
    /// </remarks>
    public static IReadOnlyList<SupplyRow> Build(string dbPath, IReadOnlyList<string> unitIds, long tonnes, string projectId = "YC_FOREST_1",
        string region = "HLJYC", TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tonnes, 10);
        using var db = LedgerDatabase.Open(dbPath, time);
        string P(string s) => projectId + "_" + s;
        // Every step has a request id, so running the demo again on the same database changes nothing; the command hash covers
        // the demo's inputs, so a rerun with other units or tonnes fails instead of silently returning the first run.
        void Do(string id, string? actor, ILedgerCommand command) => db.Run(command, actor, "demo_" + P(id));
        if (db.JournalEntries().Count == 0)
        {
            Do("init", null, new InitializeLedger());
        }
        using (var ctx = db.NewContext())
        {
            if (ctx.Participants.Find("registry") is null)
            {
                Do("p1", null, new AddParticipant("registry", Role.Registry, "Provincial carbon registry"));
                Do("p2", "registry", new AddParticipant("verifier", Role.Verifier, "Forest carbon verification centre"));
                Do("p3", "registry", new AddParticipant("forest_farm", Role.ProjectOwner, "State forest farm"));
                Do("p4", "registry", new AddParticipant("buyer", Role.Holder, "Power company"));
                Do("p5", "registry", new AddParticipant("bank", Role.Holder, "Green bank"));
            }
        }
        var start = new DateOnly(2023, 1, 1);
        var end = new DateOnly(2023, 12, 31);
        Do("create", "forest_farm", new CreateProject(projectId, "forest_farm", region, "CCER-14-001-V01", 1_000,
            new DateOnly(2020, 1, 1), new DateOnly(2049, 12, 31), unitIds));
        Do("submit", "forest_farm", new TransitionProject(projectId, ProjectTrigger.Submit));
        Do("validate", "verifier", new TransitionProject(projectId, ProjectTrigger.Validate));
        Do("register", "registry", new TransitionProject(projectId, ProjectTrigger.Register));
        string req = projectId + "_2023";
        Do("request", "forest_farm", new RequestIssuance(req, projectId, start, end, tonnes));
        Do("verify", "verifier", new TransitionIssuance(req, IssuanceTrigger.Verify));
        Do("issue", "registry", new IssueCredits(req));
        long sold = tonnes * 4 / 10;
        long pledged = tonnes * 2 / 10;
        long retired = sold / 2;
        Do("transfer", "forest_farm", new CreditCommand(CreditOperation.Transfer, "forest_farm", sold, "buyer", projectId, RequestId: "demo_" + P("transfer")));
        Do("pledge", "forest_farm", new CreditCommand(CreditOperation.Pledge, "forest_farm", pledged, "bank", projectId, RequestId: "demo_" + P("pledge")));

        // The buyer registers its public key with the registry; from then on only a command signed with its private key (which the
        // operator does not hold) acts for it, and the auditor checks that signature against the key in the journal.
        using var buyerKey = DemoKeys.For("buyer");
        DemoKeys.WriteFiles(Path.Combine(Path.GetDirectoryName(LedgerDatabase.FilesOf(dbPath))!, "participant-keys"), "buyer");
        bool hasKey;
        using (var ctx = db.NewContext())
        {
            hasKey = ctx.ParticipantKeys.Any(k => k.ParticipantId == "buyer" && k.RevokedSeq == null);
        }
        if (!hasKey)
        {
            Do("buyer_key", "registry", new RegisterParticipantKey("buyer", Convert.ToBase64String(buyerKey.ExportSubjectPublicKeyInfo())));
        }
        string ledgerId = db.AuditIdentity()?.LedgerId ?? db.InitializeAudit(null).LedgerId;
        var retire = new CreditCommand(CreditOperation.Retire, "buyer", retired, Project: projectId,
            Beneficiary: "Power company", Purpose: string.Create(CultureInfo.InvariantCulture, $"Offset of 2024 emissions ({retired} t)"),
            RequestId: "demo_" + P("retire"));
        db.Run(retire, "buyer", "demo_" + P("retire"), CommandSignatures.Sign(buyerKey, ledgerId, "buyer", "buyer", "demo_" + P("retire"), retire));
        return db.Supply(projectId);
    }

    /// <summary>
    /// <see cref="Build"/> with the issuance sized from a sequestration figure in t CO2: rounded down to whole credits.
    /// </summary>
    public static IReadOnlyList<SupplyRow> BuildFromSequestration(string dbPath, IReadOnlyList<string> unitIds, decimal carbonSequestrationTonnes,
        string projectId = "YC_FOREST_1", string region = "HLJYC", TimeProvider? time = null) =>
        Build(dbPath, unitIds, (long)decimal.Floor(carbonSequestrationTonnes), projectId, region, time);
}
