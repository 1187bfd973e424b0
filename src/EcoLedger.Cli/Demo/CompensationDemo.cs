using System.Text.Json;
using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;

using EcoLedger.Storage;

namespace EcoLedger.Cli.Demo;

/// <summary>Runs the Xin'an sample agreement (<c>samples/xinan/</c>) through one round to settlement (the <c>demo</c> command calls this).</summary>
public static class CompensationDemo
{
    /// <summary>The agreement id the demo creates.</summary>
    public const string AgreementId = "XINAN";

    /// <summary>
    /// On the database at <paramref name="dbPath"/> (created or reused; every step has a request id, so a second run repeats nothing):
    /// participants <c>mee</c> (registry, the administrator), <c>zhejiang</c> and <c>anhui</c>; agreement <c>XINAN</c> from
    /// <c>agreement.json</c>, signed by both provinces and activated; the year's samples <c>jiekou-2024.csv</c> imported into round
    /// <c>XINAN_R1</c>; monitoring closed; the outlier (TP on 2024-06-16, a shifted decimal point) corrected; assessed; settled by the
    /// paying province. Writes the statement to <paramref name="output"/> and returns it.
    /// </summary>
    /// <param name="dbPath">Ledger database file.</param>
    /// <param name="xinanDir">The <c>samples/xinan</c> folder.</param>
    /// <param name="output">Where to print progress and the statement (optional).</param>
    /// <param name="time">Clock of the journal (optional).</param>
    public static string Run(string dbPath, string xinanDir, TextWriter? output = null, TimeProvider? time = null)
    {
        string specPath = Path.Combine(xinanDir, "agreement.json");
        string csvPath = Path.Combine(xinanDir, "jiekou-2024.csv");
        var spec = AgreementSpecJson.Parse(File.ReadAllText(specPath));
        var (rows, problems) = SampleFile.Read(csvPath, "region", "joint");
        if (problems.Count > 0)
        {
            throw new LedgerException(string.Join(" ", problems));
        }
        using var db = LedgerDatabase.Open(dbPath, time);
        if (db.JournalEntries().Count == 0)
        {
            db.Run(new InitializeLedger(), requestId: "demo_xinan_init");
        }
        using (var ctx = db.NewContext())
        {
            if (ctx.Participants.Find("mee") is null)
            {
                string? registry = ctx.Participants.Where(p => p.Role == Role.Registry).Select(p => p.Id).FirstOrDefault();
                db.Run(new AddParticipant("mee", Role.Registry, "Ministry of Ecology and Environment"), registry, "demo_xinan_p1");
            }
            if (ctx.Participants.Find("zhejiang") is null)
            {
                db.Run(new AddParticipant("zhejiang", Role.Holder, "Zhejiang province"), "mee", "demo_xinan_p2");
            }
            if (ctx.Participants.Find("anhui") is null)
            {
                db.Run(new AddParticipant("anhui", Role.Holder, "Anhui province"), "mee", "demo_xinan_p3");
            }
        }
        CommandResult Do(string step, string actor, ICompensationCommand command)
        {
            var r = db.Run(command, actor, "demo_xinan_" + step);
            output?.WriteLine($"event {r.Entry.Seq} {r.Entry.Kind} by {r.Entry.Actor}{(r.Repeated ? " (already done)" : "")}");
            return r;
        }
        string round = AgreementId + "_R1";
        Do("create", "mee", new CreateAgreement(AgreementId, spec));
        Do("sign_zj", "zhejiang", new SignAgreement(AgreementId));
        Do("sign_ah", "anhui", new SignAgreement(AgreementId));
        Do("activate", "mee", new TransitionAgreement(AgreementId, AgreementTrigger.Activate));
        var imported = (SamplesImported)Do("import", "anhui", new ImportSamples(round, Path.GetFileName(csvPath), rows)).Payload;
        Do("close_monitoring", "mee", new CloseMonitoring(round));
        var review = db.ReadCompensation(e => e.Review(round));
        foreach (var o in review.Outliers)
        {
            output?.WriteLine("outlier: " + o);
        }
        var wrong = imported.Samples.Single(s => s.Indicator == "TP" && s.SampledAt.StartsWith("2024-06-16", StringComparison.Ordinal));
        string fixedValue = AssessmentRule.Text(decimal.Parse(wrong.Value, System.Globalization.CultureInfo.InvariantCulture) / 10m);
        Do("correct", "anhui", new ImportSamples(round, "correction", [new SampleRow(1, wrong.Section, wrong.SampledAt, wrong.Indicator, fixedValue,
            wrong.Unit, wrong.Lab, wrong.Party, wrong.Id, "decimal point shifted in transcription; lab sheet shows " + fixedValue)]));
        Do("assess", "mee", new AssessRound(round));
        Do("settle", "zhejiang", new SettleRound(round));
        string statement = CompensationStatement.Render(db.CompensationStatement(AgreementId));
        output?.WriteLine();
        output?.Write(statement);
        return statement;
    }
}
