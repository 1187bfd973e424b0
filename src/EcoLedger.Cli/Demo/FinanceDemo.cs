using System.Globalization;
using EcoLedger.Cli.Hosting;
using EcoLedger.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.Cli.Demo;

/// <summary>The finance sample of the demo: a carbon-ticket pledge with its loan, prices, and an ecological-bank package.</summary>
public static class FinanceDemo
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>The market whose price the finance sample's pledge valuation uses (the demo's ledger report uses it too).</summary>
    public const string SampleMarket = "CEA";

    /// <summary>The finance sample's valuation date.</summary>
    public const string SampleAsOf = "2025-06-30";

    /// <summary>
    /// Runs the finance sample (<c>samples/finance</c>) against the database at <paramref name="dbPath"/> and prints the valuation
    /// tables: a Sanming-style carbon-ticket project (12,723 t sold at 15 CNY/t; 18,294 t pledged for a 5 million CNY loan),
    /// a Shunchang-style ecological-bank package of household plots, prices on two markets. The lead's <c>demo</c> command calls this.
    /// Reuses an existing database: every write carries a request id, so a second run writes nothing new.
    /// </summary>
    public static int RunFinanceSample(CliIo io, string dbPath, string samplesDir, VerbRunner run)
    {
        ArgumentNullException.ThrowIfNull(io);
        string dir = System.IO.Path.Combine(samplesDir, "finance");
        string F(string name) => System.IO.Path.Combine(dir, name);
        if (!File.Exists(F("prices.csv")))
        {
            throw new CliException($"{F("prices.csv")}: file not found; run from the repository root or pass the samples folder.");
        }
        int Run(params string[] args)
        {
            int code = run([.. args, "--db", dbPath], io);
            return code == 0 ? 0 : throw new CliException($"finance sample: 'ecoledger {string.Join(' ', args)}' failed (exit code {code}).");
        }
        var quiet = new CliIo(TextWriter.Null, io.Err, false);
        int Quiet(params string[] args)
        {
            int code = run([.. args, "--db", dbPath], quiet);
            return code == 0 ? 0 : throw new CliException($"finance sample: 'ecoledger {string.Join(' ', args)}' failed (exit code {code}).");
        }
        string Rid(string s) => "finance_sample_" + s;
        // The ledger story: the village collective's carbon-ticket project, issued for 2016–2020, part sold, part pledged.
        using (var db = LedgerDatabase.Open(dbPath))
        {
            if (db.JournalEntries().All(j => j.Kind != EventKinds.LedgerInitialized))
            {
                Quiet("ledger", "init", "--request-id", Rid("init"));
            }
            using var c = db.NewContext();
            if (c.Participants.Find("sm_registry") is null && c.Participants.Find("registry") is null)
            {
                Quiet("ledger", "participant", "add", "--id", "registry", "--role", "registry", "--name", "Provincial carbon registry", "--request-id", Rid("p0"));
            }
        }
        string registry = "registry";
        foreach (var (pid, role, name) in new[]
        {
            ("sm_verifier", "verifier", "Forestry carbon verification centre"), ("sm_village", "project_owner", "Changkou village collective"),
            ("sm_buyer", "holder", "Industrial buyer"), ("sm_bank", "holder", "Rural commercial bank"),
            // The Shunchang ecological bank and the households contributing plots: every actor and certificate holder is a participant.
            ("sc_operator", "holder", "Shunchang forest ecological bank"), ("hh_chen", "holder", "Chen household"), ("hh_lin", "holder", "Lin household"),
            ("hh_wu", "holder", "Wu household"), ("hh_zhang", "holder", "Zhang household"),
        })
        {
            Quiet("ledger", "participant", "add", "--id", pid, "--role", role, "--name", name, "--actor", registry, "--request-id", Rid("add_" + pid));
        }
        string project = "SM_CT_1";
        Quiet("ledger", "project", "create", "--id", project, "--owner", "sm_village", "--region", "FJSM", "--methodology", "SM-FCT-2021", "--buffer-pct", "0",
            "--period-start", "2016-01-01", "--period-end", "2035-12-31", "--units", "SM-V01,SM-V02,SM-V03", "--actor", "sm_village", "--request-id", Rid("create"));
        Quiet("ledger", "project", "submit", "--id", project, "--actor", "sm_village", "--request-id", Rid("submit"));
        Quiet("ledger", "project", "validate", "--id", project, "--actor", "sm_verifier", "--request-id", Rid("validate"));
        Quiet("ledger", "project", "register", "--id", project, "--actor", registry, "--request-id", Rid("register"));
        Quiet("ledger", "issuance", "request", "--id", "SM_CT_1_2016_2020", "--project", project, "--vintage-start", "2016-01-01", "--vintage-end", "2020-12-31",
            "--quantity", "31017", "--actor", "sm_village", "--request-id", Rid("request"));
        Quiet("ledger", "issuance", "verify", "--id", "SM_CT_1_2016_2020", "--actor", "sm_verifier", "--request-id", Rid("verify"));
        Quiet("ledger", "issuance", "issue", "--id", "SM_CT_1_2016_2020", "--actor", registry, "--request-id", Rid("issue"));
        Quiet("ledger", "credits", "transfer", "--from", "sm_village", "--to", "sm_buyer", "--quantity", "12723", "--project", project,
            "--price", "190845", "--actor", "sm_village", "--request-id", Rid("sale"));
        Quiet("ledger", "credits", "pledge", "--holder", "sm_village", "--to", "sm_bank", "--quantity", "18294", "--project", project,
            "--actor", "sm_village", "--request-id", Rid("pledge"));
        long pledgeSeq;
        using (var db = LedgerDatabase.Open(dbPath))
        {
            pledgeSeq = db.JournalEntries().Last(j => j.Kind == "credits.pledged" && j.Actor == "sm_village").Seq;
        }
        // The bank signs its own loan record: its key pair is made on its side, the registry journals the public key, and from then
        // on only a command signed with the bank's private key acts for the bank (methodology/audit.md §12).
        string keys = Path.Combine(Path.GetDirectoryName(LedgerDatabase.FilesOf(dbPath))!, "participant-keys");
        string bankKey = DemoKeys.WriteFiles(keys, "sm_bank");
        bool bankHasKey;
        using (var db = LedgerDatabase.Open(dbPath))
        using (var c = db.NewContext())
        {
            bankHasKey = c.ParticipantKeys.Any(k => k.ParticipantId == "sm_bank" && k.RevokedSeq == null);
        }
        if (!bankHasKey)
        {
            Quiet("ledger", "participant", "key", "add", "--participant", "sm_bank", "--public-key", Path.Combine(keys, "sm_bank.pub.pem"),
                "--actor", registry, "--request-id", Rid("bank_key"));
        }
        Quiet("bank", "loan", "record", "--pledge", pledgeSeq.ToString(Ci), "--principal", "5000000", "--actor", "sm_bank", "--key", bankKey,
            "--request-id", Rid("loan"));
        Quiet("price", "import", F("prices.csv"), "--actor", registry, "--request-id", Rid("prices"));
        Quiet("bank", "package", "create", "--id", "SC_PKG_1", "--name", "Shunchang forest ecological bank package 1", "--units", F("shunchang-contributions.csv"),
            "--gep", F("gep-units.csv"), "--services", "water_conservation,soil_retention,oxygen_release", "--share-basis", "area",
            "--actor", "sc_operator", "--request-id", Rid("package"));
        Quiet("bank", "certificate", "pledge", "--id", "SC_PKG_1_C01", "--to", "sm_bank", "--loan", "150000", "--actor", "hh_chen", "--request-id", Rid("cert_pledge"));
        Quiet("bank", "package", "distribute", "--id", "SC_PKG_1", "--year", "2024", "--income", "126000", "--actor", "sc_operator", "--request-id", Rid("dist_2024"));
        Quiet("bank", "package", "distribute", "--id", "SC_PKG_1", "--year", "2025", "--income", "5000", "--actor", "sc_operator", "--request-id", Rid("dist_2025"));

        io.Out.WriteLine("== prices as of 2025-06-30 (last quote on or before the date)");
        Run("price", "show", "--as-of", "2025-06-30");
        io.Out.WriteLine();
        io.Out.WriteLine("== mark-to-market of holdings (FJ_FFCER, vintage discounts)");
        Run("value", "holdings", "--market", "FJ_FFCER", "--as-of", "2025-06-30", "--discounts", F("vintage-discounts.csv"));
        io.Out.WriteLine();
        io.Out.WriteLine("== forward value of SM_CT_1 (units' carbon_sequestration, growth path)");
        Run("value", "project", "--project", project, "--market", "FJ_FFCER", "--as-of", "2025-06-30", "--gep", F("gep-units.csv"), "--years", "5",
            "--path", "growth", "--growth", "0.05", "--discount-rate", "0.06", "--delivery-haircut", "0.1");
        io.Out.WriteLine();
        io.Out.WriteLine("== pledges: collateral, LTV, margin calls (CEA reference price)");
        Run("value", "pledges", "--market", SampleMarket, "--as-of", SampleAsOf, "--haircut", "0.3", "--threshold", "0.8", "--discounts", F("vintage-discounts.csv"));
        io.Out.WriteLine();
        io.Out.WriteLine("== ecological-bank package SC_PKG_1");
        Run("bank", "package", "show", "--id", "SC_PKG_1");
        io.Out.WriteLine();
        Run("bank", "package", "value", "--id", "SC_PKG_1", "--market", "FJ_FFCER", "--as-of", "2025-06-30", "--discount-rate", "0.06");
        return 0;
    }
}
