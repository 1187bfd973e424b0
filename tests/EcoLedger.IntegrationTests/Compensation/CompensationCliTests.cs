using EcoLedger.Cli.Demo;
using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.IntegrationTests.Compensation;

public class CompensationCliTests
{
    [Fact]
    public void Should_refuse_statement_out_dash_rather_than_write_a_file_named_dash()
    {
        // Before: "statement of XINAN written to -" and a file named '-' in the working folder. No --out of the CLI means standard output.
        using var db = new LedgerTestDb();
        db.Ok("ledger", "init");

        var (code, output, err) = db.Cli("compensation", "statement", "--agreement", "XINAN", "--out", "-");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("error: --out: '-' is not standard output here; expected the name of the file to write.", err.TrimEnd());
        Assert.False(File.Exists("-"));
    }

    [Fact]
    public void Should_run_the_xinan_round_to_settlement_through_the_cli()
    {
        // Given a ledger with the administrator and the two provinces
        using var db = new LedgerTestDb();
        db.Ok("ledger", "init");
        db.Ok("ledger", "participant", "add", "--id", "mee", "--role", "registry");
        db.Ok("ledger", "participant", "add", "--id", "zhejiang", "--role", "holder", "--actor", "mee");
        db.Ok("ledger", "participant", "add", "--id", "anhui", "--role", "holder", "--actor", "mee");
        string spec = CliRunner.Repo("samples", "xinan", "agreement.json");
        string csv = CliRunner.Repo("samples", "xinan", "jiekou-2024.csv");

        // When the agreement is created, signed, activated, monitored, assessed and settled
        db.Ok("compensation", "agreement", "create", "--id", "XINAN", "--spec", spec, "--actor", "mee", "--request-id", "c1");
        Assert.Contains("(repeated request: nothing written)",
            db.Ok("compensation", "agreement", "create", "--id", "XINAN", "--spec", spec, "--actor", "mee", "--request-id", "c1"));
        db.Ok("compensation", "agreement", "sign", "--id", "XINAN", "--actor", "zhejiang");
        Assert.Equal("signed", db.Json("compensation", "agreement", "sign", "--id", "XINAN", "--actor", "anhui")["payload"]!["to"]!.GetValue<string>());
        db.Ok("compensation", "agreement", "activate", "--id", "XINAN", "--actor", "mee");
        Assert.Contains("96 samples imported into XINAN_R1", db.Ok("compensation", "samples", "import", "--round", "XINAN_R1", csv, "--actor", "anhui"));
        var closed = db.Ok("compensation", "round", "close-monitoring", "--round", "XINAN_R1", "--actor", "mee");
        Assert.Contains("outlier: Sample 48 (TP 0.2784 mg/L on 2024-06-16T09:30) is more than 3 × the baseline 0.025 mg/L.", closed);
        var dry = db.Ok("compensation", "round", "assess", "--round", "XINAN_R1", "--dry-run", "--actor", "mee");
        Assert.Contains("dry run: compensation.round_assessed by mee (nothing written)", dry);
        var assessed = db.Json("compensation", "round", "assess", "--round", "XINAN_R1", "--actor", "mee");
        var record = assessed["payload"]!["assessment"]!;
        Assert.Equal("water_quality_index/1", record["rule_version"]!.GetValue<string>());
        Assert.Equal("payer_to_payee", record["direction"]!.GetValue<string>());

        // a payee cannot settle; nothing is written
        int events = db.Json("ledger", "verify")["events"]?.GetValue<int>() ?? 0;
        var (code, _, err) = db.Cli("compensation", "round", "settle", "--round", "XINAN_R1", "--actor", "anhui");
        Assert.Equal(2, code);
        Assert.Equal("error: Actor 'anhui' (role 'holder') may not fire trigger 'settle' on round 'XINAN_R1' in state 'assessed': " +
            "it requires the administrator 'mee' or a paying party ('zhejiang').", err.Trim());
        Assert.Equal(events, db.Json("ledger", "verify")["events"]?.GetValue<int>() ?? 0);

        db.Ok("compensation", "round", "settle", "--round", "XINAN_R1", "--actor", "zhejiang");

        // Then the payments are posted, the statement adds up and the journal verifies with the compensation events in it
        var payments = db.Json("compensation", "payments", "--agreement", "XINAN").AsArray();
        Assert.Equal(3, payments.Count);
        Assert.All(payments, p => Assert.Equal("posted", p!["state"]!.GetValue<string>()));
        Assert.Equal(10_000_000_000L, payments.Sum(p => p!["amount_fen"]!.GetValue<long>()));
        string statement = Path.Combine(db.Dir, "statement.md");
        db.Ok("compensation", "statement", "--agreement", "XINAN", "--out", statement);
        string text = File.ReadAllText(statement);
        Assert.Contains("| XINAN:party:anhui | 100,000,000.00 |", text);
        Assert.Contains("| sum of all postings | 0.00 |", text);

        // --out naming the ledger or a companion file is refused before anything is written: it once replaced the database with
        // the statement and exited 0
        long size = new FileInfo(db.Path).Length;
        var overLedger = db.Cli("compensation", "statement", "--agreement", "XINAN", "--out", db.Path);
        Assert.Equal(2, overLedger.Code);
        Assert.Equal($"error: --out '{db.Path}' is the ledger database itself; writing there would destroy the ledger or its keys. Choose another file.", overLedger.Err.Trim());
        var intoFolder = db.Cli("compensation", "statement", "--agreement", "XINAN", "--out", db.Dir);
        Assert.Equal(2, intoFolder.Code);
        Assert.Equal($"error: --out: '{db.Dir}' is a folder; expected the statement file to write (e.g. statement.md).", intoFolder.Err.Trim());
        string link = Path.Combine(db.Dir, "statement-link.md");
        File.CreateSymbolicLink(link, db.Path);
        var throughLink = db.Cli("compensation", "statement", "--agreement", "XINAN", "--out", link);
        Assert.Equal(2, throughLink.Code);
        Assert.Equal($"error: --out '{link}' is the ledger database itself; writing there would destroy the ledger or its keys. Choose another file.", throughLink.Err.Trim());
        Assert.Equal(size, new FileInfo(db.Path).Length);
        Assert.Contains("ledger verified", db.Ok("ledger", "verify"));
        Assert.Equal("error: Round 'XINAN_R1' is in state 'settled', where trigger 'assess' is not allowed (actor 'mee').",
            db.Cli("compensation", "round", "assess", "--round", "XINAN_R1", "--actor", "mee").Err.Trim());
    }

    [Fact]
    public void Should_skip_samples_imported_twice_and_refuse_a_changed_value_through_the_cli()
    {
        // Given the Xin'an agreement active and its 96 samples imported into round XINAN_R1
        using var db = new LedgerTestDb();
        db.Ok("ledger", "init");
        db.Ok("ledger", "participant", "add", "--id", "mee", "--role", "registry");
        db.Ok("ledger", "participant", "add", "--id", "zhejiang", "--role", "holder", "--actor", "mee");
        db.Ok("ledger", "participant", "add", "--id", "anhui", "--role", "holder", "--actor", "mee");
        string csv = CliRunner.Repo("samples", "xinan", "jiekou-2024.csv");
        db.Ok("compensation", "agreement", "create", "--id", "XINAN", "--spec", CliRunner.Repo("samples", "xinan", "agreement.json"), "--actor", "mee");
        db.Ok("compensation", "agreement", "sign", "--id", "XINAN", "--actor", "zhejiang");
        db.Ok("compensation", "agreement", "sign", "--id", "XINAN", "--actor", "anhui");
        db.Ok("compensation", "agreement", "activate", "--id", "XINAN", "--actor", "mee");
        Assert.Contains("96 samples imported into XINAN_R1 (ids 1..96), 0 corrections", db.Ok("compensation", "samples", "import", "--round", "XINAN_R1", csv, "--actor", "anhui"));

        // When the same file is imported again, then every row is a repeat, nothing is added and nothing is journaled
        long journaled = (long)db.Json("ledger", "verify")["events"]!;
        Assert.Equal("0 new samples in XINAN_R1, 96 already recorded (skipped)", db.Ok("compensation", "samples", "import", "--round", "XINAN_R1", csv, "--actor", "anhui").TrimEnd());
        Assert.Equal(journaled, (long)db.Json("ledger", "verify")["events"]!);

        // And a file changing a recorded value (line 4: TN 1.20 → 1.25) is refused with the sample it would change
        string changed = Path.Combine(db.Dir, "jiekou-changed.csv");
        var lines = File.ReadAllLines(csv);
        Assert.Equal("Jiekou,2024-01-01T09:30,TN,1.20,mg/L,Huangshan_EMS,joint", lines[3]);
        lines[3] = "Jiekou,2024-01-01T09:30,TN,1.25,mg/L,Huangshan_EMS,joint";
        File.WriteAllLines(changed, lines);
        var (code, _, err) = db.Cli("compensation", "samples", "import", "--round", "XINAN_R1", changed, "--actor", "anhui");
        Assert.Equal(2, code);
        Assert.Equal("error: 1 problem in jiekou-changed.csv; nothing was imported:\n  jiekou-changed.csv, line 4: sample 3 of round 'XINAN_R1' has the same " +
            "section, sampled_at, indicator, lab and party with value 1.2 mg/L; got 1.25 mg/L. A recorded sample is never changed: a changed value is " +
            "a correction (give 'corrects' 3 and 'reason').", err.Trim().ReplaceLineEndings("\n"));

        // And the round is reviewed and assessed on the 96 samples once: the outlier is reported once
        var closed = db.Ok("compensation", "round", "close-monitoring", "--round", "XINAN_R1", "--actor", "mee");
        Assert.Single(closed.Split('\n'), l => l.Contains("outlier: Sample 48 ", StringComparison.Ordinal));
        var record = db.Json("compensation", "round", "assess", "--round", "XINAN_R1", "--actor", "mee")["payload"]!["assessment"]!;
        Assert.Equal(96, record["sample_count"]!.GetValue<int>());
        Assert.Contains("ledger verified", db.Ok("ledger", "verify"));
    }

    [Fact]
    public void Should_run_the_demo_round_and_repeat_nothing_the_second_time()
    {
        using var db = new LedgerTestDb();
        var output = new StringWriter();
        string statement = CompensationDemo.Run(db.Path, CliRunner.Repo("samples", "xinan"), output);
        Assert.Contains("Sample 97 corrects sample 48: 0.02784 mg/L", statement);
        Assert.Contains("**Decision:** P = 0.", statement);
        Assert.Contains("| XINAN_R1_P3 | zj_fiscal | zhejiang | anhui | 80,000,000.00 | posted |", statement);
        Assert.Equal(statement, CompensationDemo.Run(db.Path, CliRunner.Repo("samples", "xinan")));
        using var ledger = LedgerDatabase.Open(db.Path);
        Assert.Empty(ledger.Verify());
        Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() =>
        {
            using var cmd = ledger.Connection.CreateCommand();
            cmd.CommandText = "UPDATE comp_samples SET value = '0.01' WHERE id = 48";
            cmd.ExecuteNonQuery();
        });
    }
}
