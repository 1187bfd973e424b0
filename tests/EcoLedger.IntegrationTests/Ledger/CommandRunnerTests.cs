using EcoLedger.IntegrationTests.Audit;
using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;
using EcoLedger.Ledger.Interop;
using EcoLedger.Pricing;
using EcoLedger.Storage;

namespace EcoLedger.IntegrationTests.Ledger;

/// <summary>The one command runner: actors checked for every command type, idempotency by the typed command's hash.</summary>
public sealed class CommandRunnerTests(DemoDatabaseFixture demo) : IClassFixture<DemoDatabaseFixture>
{
    private static readonly DateOnly D = new(2024, 1, 1);

    /// <summary>
    /// One instance of every command type, on the demo database, with an actor that is registered but not allowed to run it
    /// (<c>buyer</c>, a holder, or <c>mee</c> where a registry is not the one allowed). Package creation is open to any participant
    /// (a cooperative, a company, a township runs one), so its only refusals are unknown and system actors.
    /// </summary>
    public static readonly IReadOnlyList<(ICommand Command, string? WrongActor)> EveryCommand =
    [
        (new InitializeLedger(), null),
        (new AddParticipant("newcomer", Role.Holder), "buyer"),
        (new CreateProject("P9", "forest_farm", "HLJYC", "CCER-14-001-V01", 1_000, D, D.AddYears(30), []), "buyer"),
        (new TransitionProject("YC_FOREST_1", ProjectTrigger.Suspend), "buyer"),
        (new RequestIssuance("R9", "YC_FOREST_1", D, D.AddYears(1).AddDays(-1), 10), "buyer"),
        (new TransitionIssuance("YC_FOREST_1_2023", IssuanceTrigger.Reject), "buyer"),
        (new IssueCredits("YC_FOREST_1_2023"), "buyer"),
        (new ReportReversal("YC_FOREST_1", 5, "fire"), "buyer"),
        (new CreditCommand(CreditOperation.Transfer, "forest_farm", 5, "buyer", RequestId: "x1"), "buyer"),
        (new CreateAgreement("XINAN2", new AgreementSpec("x", D, D.AddYears(1), 12, [new PartySpec("zhejiang", "payer"), new PartySpec("anhui", "payee")],
            [new FundingSpec("f", "government_transfer", 1)], new RuleSpec("target"))), "buyer"),
        (new SignAgreement("XINAN"), "buyer"),
        (new TransitionAgreement("XINAN", AgreementTrigger.Suspend), "buyer"),
        (new ImportSamples("XINAN_R2", "s.csv", [new SampleRow(2, "Jiekou", "2025-01-01T09:30", "CODMn", "1.7", "mg/L", "lab", "joint")]), "buyer"),
        (new CloseMonitoring("XINAN_R2"), "buyer"),
        (new AssessRound("XINAN_R2"), "buyer"),
        (new SettleRound("XINAN_R2"), "buyer"),
        (new DisputeRound("XINAN_R1", "too high"), "buyer"),
        (new ResolveRound("XINAN_R1", "upheld", null, null), "buyer"),
        (new ImportPrices("p.csv", new string('0', 64), [new QuoteEntry("CEA", D, 8_000, "test")]), "buyer"),
        (new RecordLoan(46, Money.Money.Cny(1m), null), "buyer"),
        (new CreatePackage("PKG9", "p", "area", ["water_conservation"], [new PackageUnitEntry("U1", "hh_lin", "custody", 30, "1", 100, "1", 0)],
            [new CertificateEntry("PKG9_C01", "hh_lin", "1", 0)]), null),
        (new PledgeCertificate("SC_PKG_1_C02", "sm_bank", Money.Money.Cny(1m)), "buyer"),
        (new ReleaseCertificate("SC_PKG_1_C01"), "buyer"),
        (new DistributeIncome("SC_PKG_1", 2026, Money.Money.Cny(1m)), "buyer"),
        (new RegisterParticipantKey("forest_farm", NewPublicKey()), "buyer"),
        (new RevokeParticipantKey("forest_farm", new string('0', 64), "rotation"), "buyer"),
        (new SetSignaturePolicy(true), "buyer"),
        (new EcoLedger.Monitoring.RegisterStations("s.csv", []), "buyer"),
        (new EcoLedger.Monitoring.IngestReadings("r.csv", []), "buyer"),
        (new EcoLedger.Monitoring.PruneReadings(1), "buyer"),
        (new DescribeProject("YC_FOREST_1", "n", "CN", null, "s", "t", "m", NdcCoverage.Unknown), "buyer"),
        (new AddListing("YC_FOREST_1", "Verra", "VCS-1", ListingRelationship.AlsoListed, null), "buyer"),
        (new RemoveListing("YC_FOREST_1", "Verra", "VCS-1", "error"), "buyer"),
        (new GrantLabel("L1", "YC_FOREST_1", null, "ICVCM CCP", "Certification", "ICVCM", D, D, D.AddYears(1), "x"), "buyer"),
        (new WithdrawLabel("L1", "error"), "buyer"),
        (new ChangeAuthorization("YC_FOREST_1_2023", AuthorizationTrigger.Authorize, "LoA", D), "buyer"),
        (new RecordFirstTransfer("YC_FOREST_1_2023", D, "use"), "buyer"),
        (new CompleteAdjustment("YC_FOREST_1_2023", "BTR", D), "buyer"),
        (new SetJurisdiction("buyer", "CN", null), "buyer"),
    ];

    private static string NewPublicKey()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        return Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Every_command_type_is_in_the_actor_table()
    {
        var types = typeof(ICommand).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICommand).IsAssignableFrom(t))
            .Select(t => t.Name).Order(StringComparer.Ordinal);
        Assert.Equal(types, EveryCommand.Select(c => c.Command.GetType().Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Unknown_system_and_wrong_role_actors_are_refused_for_every_command_and_nothing_is_written()
    {
        using var db = LedgerDatabase.Open(demo.Copy());
        long before = db.JournalEntries().Count;
        var wrong = new List<string>();
        foreach (var (command, wrongActor) in EveryCommand.Where(c => c.Command is not InitializeLedger))
        {
            string name = command.GetType().Name;
            void Refused(string? actor, Func<string, bool> message)
            {
                var e = Record.Exception(() => db.Run(command, actor));
                if (e is not LedgerException le || !message(le.Message))
                {
                    wrong.Add($"{name} as '{actor}': {e?.Message ?? "accepted"}");
                }
            }
            Refused(null, m => m == "This command needs the acting participant (actor).");
            Refused("nobody", m => m == "Unknown actor 'nobody'.");
            Refused("issuance", m => m == "System account 'issuance' cannot act.");
            if (wrongActor is not null)
            {
                Refused(wrongActor, m => m.Contains($"'{wrongActor}'", StringComparison.Ordinal));
            }
        }
        Assert.Empty(wrong);
        Assert.Equal(before, db.JournalEntries().Count);
    }

    [Fact]
    public void The_bank_commands_refuse_an_unregistered_operator_that_used_to_be_journaled()
    {
        // Before the runner, 'bank package distribute --actor nobody_registered' succeeded and was journaled under that name.
        using var db = LedgerDatabase.Open(demo.Copy());
        var e = Assert.Throws<LedgerException>(() => db.Run(new DistributeIncome("SC_PKG_1", 2026, Money.Money.Cny(100m)), "nobody_registered"));
        Assert.Equal("Unknown actor 'nobody_registered'.", e.Message);
        var e2 = Assert.Throws<LedgerException>(() => db.Run(new CreatePackage("PKG9", "p", "area", ["water_conservation"],
            [new PackageUnitEntry("U1", "hh_ghost", "custody", 30, "1", 100, "1", 0)], [new CertificateEntry("PKG9_C01", "hh_ghost", "1", 0)]), "sc_operator"));
        Assert.Equal("Unknown participant 'hh_ghost' (of package 'PKG9'); add it with 'ledger participant add' first.", e2.Message);
    }

    [Fact]
    public void A_batch_row_quantity_010_and_a_later_quantity_10_under_the_same_request_id_are_one_command()
    {
        // Given a ledger where farm holds 900 t
        using var t = new LedgerTestDb();
        t.Seed();
        File.WriteAllText(System.IO.Path.Combine(t.Dir, "b.csv"), "request_id,from,to,quantity\nt1,farm,buyer,010\n");

        // When the batch transfers 010 t and the same request id is sent again as --quantity 10
        t.Ok("ledger", "credits", "transfer", "--batch", System.IO.Path.Combine(t.Dir, "b.csv"), "--actor", "farm");
        var again = t.Ok("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "10", "--request-id", "t1", "--actor", "farm");

        // Then the second is a repeat: nothing written, buyer holds 10 t, not 20
        Assert.Contains("(repeated request: nothing written)", again);
        var changed = t.Cli("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "11", "--request-id", "t1", "--actor", "farm");
        Assert.Equal(2, changed.Code);
        Assert.Contains("Request id 't1' was already used for a different command", changed.Err);
        using var db = LedgerDatabase.Open(t.Path);
        Assert.Equal(10L, db.Balances("buyer").Sum(b => b.Active));
    }

    [Fact]
    public void The_hash_of_a_command_is_the_hash_of_its_typed_content()
    {
        var a = new CreditCommand(CreditOperation.Transfer, "farm", 10, "buyer", RequestId: "t1");
        Assert.Equal(CommandHash.Of(a, "farm"), CommandHash.Of(a with { }, "farm"));
        Assert.NotEqual(CommandHash.Of(a, "farm"), CommandHash.Of(a with { Quantity = 11 }, "farm"));
        Assert.NotEqual(CommandHash.Of(a, "farm"), CommandHash.Of(a, "registry"));
        // 1.50 CNY and 1.5 CNY are the same amount.
        Assert.Equal(CommandHash.Of(new RecordLoan(46, Money.Money.Cny(1.50m), null), "b"), CommandHash.Of(new RecordLoan(46, Money.Money.Cny(1.5m), null), "b"));
    }
}
