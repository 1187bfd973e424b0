using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.Storage;
using Microsoft.Data.Sqlite;

namespace EcoLedger.IntegrationTests.Monitoring;

/// <summary>
/// <c>monitor stations import</c>, <c>ingest</c>, <c>follow</c> and <c>status</c> on a real SQLite ledger: exact messages and exit codes,
/// idempotent re-ingest, corrections, and the audit catching a tampered reading or aggregate.
/// </summary>
public sealed class MonitoringCliTests : IDisposable
{
    private readonly LedgerTestDb _t = new();

    public MonitoringCliTests()
    {
        _t.SeedFast();
        File.WriteAllText(F("units.csv"), "unit_id,region,ecosystem,subtype,area_ha\nU1,YC,forest,mixed,100\nU2,YC,forest,mixed,50\n");
        File.WriteAllText(F("stations.csv"), EcoLedger.Monitoring.StationFile.Header + "\n" +
            "T1,flux_tower,128.9,47.7,nee,umol m-2 s-1,30,-50,50,,,4,,,U1:1;U2:1\n");
        // Two half hours on 1 June 2024 (UTC+8): −10 and −8 µmol m-2 s-1.
        File.WriteAllText(F("r.csv"), "station,variable,time,value,unit\n" +
            "T1,nee,2024-06-01T00:30:00+08:00,-10,umol m-2 s-1\n" +
            "T1,nee,2024-05-31T17:00:00Z,-8,umol m-2 s-1\n");
    }

    private string F(string name) => Path.Combine(_t.Dir, name);

    private void Setup()
    {
        _t.Ok("monitor", "stations", "import", F("stations.csv"), "--units", F("units.csv"), "--actor", "reg");
        _t.Ok("monitor", "ingest", F("r.csv"), "--actor", "ver");
    }

    [Fact]
    public void Ingesting_twice_skips_the_repeats_and_keeps_the_account()
    {
        Setup();
        string again = _t.Ok("monitor", "ingest", F("r.csv"), "--actor", "ver");
        Assert.Equal($"0 new readings in {F("r.csv")}, 2 already recorded (skipped)\n", again.ReplaceLineEndings("\n"));
        var s = _t.Json("monitor", "status");
        // (−10 − 8) × 792,180,000 µg/ha = −14,259,240,000 µg CO2/ha; U1 100 ha → −1,425,924 g; U2 50 ha → −712,962 g; region −2,138,886 g
        Assert.Equal(-14_259_240_000L, (long)s["series"]![0]!["total"]!);
        Assert.Equal(-2_138_886L, (long)s["regions"]![0]!["total"]!);
        Assert.Equal(2, (long)s["readings"]!);
    }

    private long JournalCount()
    {
        using var db = LedgerDatabase.Open(_t.Path);
        return db.JournalEntries().Count;
    }

    private EcoLedger.Monitoring.ReadingsAccepted LastBatch()
    {
        using var db = LedgerDatabase.Open(_t.Path);
        var last = db.JournalEntries().Last(e => e.Kind == EcoLedger.Monitoring.MonitoringEventKinds.ReadingsAccepted);
        return (EcoLedger.Monitoring.ReadingsAccepted)EcoLedger.Ledger.Journal.ReadPayload(last.Kind, last.Payload);
    }

    [Fact]
    public void Ingesting_the_same_file_again_journals_nothing_says_so_in_one_line_and_still_verifies()
    {
        // Before: a second monitor.readings_accepted entry with no readings ("0 new readings, …, 2 repeats skipped, in 1 batch (journal entries 17–17)").
        Setup();
        long before = JournalCount();

        var (code, o, err) = _t.Cli("monitor", "ingest", F("r.csv"), "--actor", "ver");
        var json = _t.Json("monitor", "ingest", F("r.csv"), "--actor", "ver");

        Assert.Equal((0, $"0 new readings in {F("r.csv")}, 2 already recorded (skipped)\n", ""), (code, o.ReplaceLineEndings("\n"), err));
        Assert.Equal($$"""{"source":{{System.Text.Json.JsonSerializer.Serialize(F("r.csv"))}},"batches":1,"new":0,"corrections":0,"repeats":2,"first_seq":null,"last_seq":null,"unchanged":true}""",
            json.ToJsonString());
        Assert.Equal(before, JournalCount());
        // audit verify --db replays the journal into every table and compares: the skipped re-ingest left nothing to differ.
        _t.Ok("audit", "verify");
        using var db = LedgerDatabase.Open(_t.Path);
        var v = db.VerifyLive();
        Assert.True(v.Verified, v.Failure);
        Assert.Equal(2L, (long)_t.Json("monitor", "status")["readings"]!);
    }

    [Fact]
    public void Importing_the_same_stations_file_again_journals_nothing_says_so_in_one_line_and_still_verifies()
    {
        // Before: a second monitor.stations_registered entry with no stations ("registered 0 stations from … (journal entry 16); 1 already registered").
        _t.Ok("monitor", "stations", "import", F("stations.csv"), "--units", F("units.csv"), "--actor", "reg");
        long before = JournalCount();

        var (code, o, err) = _t.Cli("monitor", "stations", "import", F("stations.csv"), "--units", F("units.csv"), "--actor", "reg");
        var json = _t.Json("monitor", "stations", "import", F("stations.csv"), "--units", F("units.csv"), "--actor", "reg");

        Assert.Equal((0, $"0 new stations in {F("stations.csv")}, 1 already registered (skipped)\n", ""), (code, o.ReplaceLineEndings("\n"), err));
        Assert.Equal("""{"seq":null,"registered":[],"skipped":1,"unchanged":true}""", json.ToJsonString());
        Assert.Equal(before, JournalCount());
        // audit verify --db replays the journal into every table, the stations too, and compares.
        _t.Ok("audit", "verify");
        using var db = LedgerDatabase.Open(_t.Path);
        var v = db.VerifyLive();
        Assert.True(v.Verified, v.Failure);
    }

    [Fact]
    public void A_stations_file_with_a_registered_and_a_new_station_journals_the_new_one_and_a_changed_one_is_refused()
    {
        _t.Ok("monitor", "stations", "import", F("stations.csv"), "--units", F("units.csv"), "--actor", "reg");
        long before = JournalCount();
        File.WriteAllText(F("more.csv"), File.ReadAllText(F("stations.csv")) + "T2,flux_tower,128.9,47.7,nee,umol m-2 s-1,30,-50,50,,,4,,,U2:1\n");
        // T1 on U1 only, where the ledger has it on U1 and U2: another definition.
        File.WriteAllText(F("moved.csv"), EcoLedger.Monitoring.StationFile.Header + "\nT1,flux_tower,128.9,47.7,nee,umol m-2 s-1,30,-50,50,,,4,,,U1:1\n");

        string o = _t.Ok("monitor", "stations", "import", F("more.csv"), "--units", F("units.csv"), "--actor", "reg");
        var (code, _, err) = _t.Cli("monitor", "stations", "import", F("moved.csv"), "--units", F("units.csv"), "--actor", "reg");

        Assert.Equal($"registered 1 station from {F("more.csv")} (journal entry {before + 1}); 1 already registered\n" +
            "  T2           flux_tower     nee (umol m-2 s-1, 30 min); 1 unit\n", o.ReplaceLineEndings("\n"));
        Assert.Equal((2, "error: 1 problem; nothing was registered:\n  moved.csv: station 'T1': the station is already registered with another definition; " +
            "register a new station id for a moved or re-equipped station.\n"), (code, err.ReplaceLineEndings("\n")));
        Assert.Equal(before + 1, JournalCount());
        using var db = LedgerDatabase.Open(_t.Path);
        var last = db.JournalEntries()[^1];
        var registered = (EcoLedger.Monitoring.StationsRegistered)EcoLedger.Ledger.Journal.ReadPayload(last.Kind, last.Payload);
        Assert.Equal("more.csv", registered.Source);
        Assert.Equal(["T2"], registered.Stations.Select(s => s.Id).ToArray());
        var v = db.VerifyLive();
        Assert.True(v.Verified, v.Failure);
    }

    [Fact]
    public void A_batch_of_repeats_a_correction_and_a_new_reading_journals_the_correction_and_the_new_reading_only()
    {
        Setup();
        long before = JournalCount();
        // −10 at 00:30 again (a repeat), −6 at 01:00 (was −8: a correction), −7 at 01:30 (new).
        File.WriteAllText(F("mixed.csv"), "station,variable,time,value,unit\n" +
            "T1,nee,2024-06-01T00:30:00+08:00,-10,umol m-2 s-1\n" +
            "T1,nee,2024-06-01T01:00:00+08:00,-6,umol m-2 s-1\n" +
            "T1,nee,2024-06-01T01:30:00+08:00,-7,umol m-2 s-1\n");

        string o = _t.Ok("monitor", "ingest", F("mixed.csv"), "--actor", "ver");

        Assert.Equal($"ingested {F("mixed.csv")}: 1 new readings, 1 corrections, 1 repeats skipped, in 1 batch (journal entries {before + 1}–{before + 1})\n",
            o.ReplaceLineEndings("\n"));
        Assert.Equal(before + 1, JournalCount());
        var batch = LastBatch();
        Assert.Equal([(3L, "2024-05-31T17:00:00Z", "-6", (long?)2L), (4L, "2024-05-31T17:30:00Z", "-7", null)],
            batch.Readings.Select(r => (r.Id, r.Time, r.Value, r.Corrects)).ToArray());
        Assert.Equal(1, batch.Repeats);
    }

    [Fact]
    public void A_file_whose_first_batch_is_all_repeats_journals_only_the_batch_with_new_readings()
    {
        Setup();
        long before = JournalCount();
        File.WriteAllText(F("more.csv"), File.ReadAllText(F("r.csv")) + "T1,nee,2024-06-01T01:30:00+08:00,-7,umol m-2 s-1\n");

        string o = _t.Ok("monitor", "ingest", F("more.csv"), "--batch", "2", "--actor", "ver");

        Assert.Equal($"ingested {F("more.csv")}: 1 new readings, 0 corrections, 2 repeats skipped, in 2 batches, 1 of them repeats only and not journaled " +
            $"(journal entries {before + 1}–{before + 1})\n", o.ReplaceLineEndings("\n"));
        Assert.Equal(before + 1, JournalCount());
        var batch = LastBatch();
        Assert.Equal([(3L, "2024-05-31T17:30:00Z", "-7")], batch.Readings.Select(r => (r.Id, r.Time, r.Value)).ToArray());
        Assert.Equal(0, batch.Repeats);
    }

    [Fact]
    public void Following_a_stream_of_readings_already_stored_journals_nothing_and_prints_only_the_one_line()
    {
        Setup();
        long before = JournalCount();
        var o = new StringWriter();
        var e = new StringWriter();
        var io = new EcoLedger.Cli.Hosting.CliIo(o, e, false) { In = new StringReader(File.ReadAllText(F("r.csv"))) };

        int code = EcoLedger.Cli.Program.Run(["monitor", "follow", "-", "--batch", "1", "--actor", "ver", "--db", _t.Path], io);

        Assert.Equal((0, "0 new readings in stdin, 2 already recorded (skipped)\n", ""), (code, o.ToString().ReplaceLineEndings("\n"), e.ToString()));
        Assert.Equal(before, JournalCount());
    }

    [Fact]
    public void An_ingest_answers_its_counts_from_the_decided_batch_as_the_journal_records_them()
    {
        Setup();
        using var db = LedgerDatabase.Open(_t.Path);
        EcoLedger.Monitoring.ReadingInput At(string time, decimal value, int row) =>
            new($"b.csv, row {row}", "T1", "nee", DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture), value, "umol m-2 s-1", null);
        // −10 at 00:30 again (a repeat), −6 at 01:00 (was −8: a correction), −7 at 01:30 (new).
        var batch = new EcoLedger.Monitoring.IngestReadings("b.csv",
            [At("2024-06-01T00:30:00+08:00", -10m, 2), At("2024-06-01T01:00:00+08:00", -6m, 3), At("2024-06-01T01:30:00+08:00", -7m, 4)]);

        var result = db.Run(batch, "ver", requestId: "batch-1");
        var again = db.Run(batch, "ver", requestId: "batch-1");

        var decided = Assert.IsType<EcoLedger.Monitoring.ReadingsAccepted>(result.Decided);
        Assert.Equal((1, 1, 1), (decided.NewReadings, decided.Corrections, decided.Repeats));
        // The same counts as the journal entry read back; a repeated request has no decided batch and reads the journal.
        var journaled = (EcoLedger.Monitoring.ReadingsAccepted)result.Payload;
        Assert.Equal((1, 1, 1), (journaled.NewReadings, journaled.Corrections, journaled.Repeats));
        Assert.True(again.Repeated);
        Assert.Null(again.Decided);
        Assert.Equal((1, 1, 1), (again.PayloadAs<EcoLedger.Monitoring.ReadingsAccepted>().NewReadings, again.PayloadAs<EcoLedger.Monitoring.ReadingsAccepted>().Corrections, again.PayloadAs<EcoLedger.Monitoring.ReadingsAccepted>().Repeats));
    }

    [Fact]
    public void A_changed_value_is_a_correction_and_the_old_reading_is_kept()
    {
        Setup();
        File.WriteAllText(F("fix.jsonl"), "{\"station\":\"T1\",\"variable\":\"nee\",\"time\":\"2024-06-01T01:00:00+08:00\",\"value\":-6,\"unit\":\"umol m-2 s-1\"}\n");
        string o = _t.Ok("monitor", "ingest", F("fix.jsonl"), "--actor", "ver");
        Assert.StartsWith($"ingested {F("fix.jsonl")}: 0 new readings, 1 corrections, 0 repeats skipped", o);
        var s = _t.Json("monitor", "status");
        // −10 − 6 = −16 × 792,180,000 = −12,674,880,000 µg/ha
        Assert.Equal(-12_674_880_000L, (long)s["series"]![0]!["total"]!);
        Assert.Equal((3L, 1L), ((long)s["readings"]!, (long)s["superseded"]!));
    }

    [Fact]
    public void A_file_with_bad_rows_is_refused_naming_file_row_field_and_expectation_and_writes_nothing()
    {
        _t.Ok("monitor", "stations", "import", F("stations.csv"), "--units", F("units.csv"), "--actor", "reg");
        File.WriteAllText(F("bad.csv"), "station,variable,time,value,unit\nT1,nee,2024-06-01 00:30,-10,umol m-2 s-1\nT1,nee,2024-06-01T01:00:00+08:00,ten,umol m-2 s-1\n");
        var (code, _, err) = _t.Cli("monitor", "ingest", F("bad.csv"), "--actor", "ver");
        Assert.Equal(2, code);
        Assert.Equal($"error: 2 problems in {F("bad.csv")}; this batch was not written:\n" +
            $"  {F("bad.csv")}: row 2, field 'time': Expected ISO 8601 with an offset, e.g. 2024-06-01T08:30:00+08:00; got '2024-06-01 00:30'.\n" +
            $"  {F("bad.csv")}: row 3, field 'value': Expected a decimal number; got 'ten'.\n", err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_bad_row_refuses_its_batch_and_says_what_the_batches_before_it_committed()
    {
        _t.Ok("monitor", "stations", "import", F("stations.csv"), "--units", F("units.csv"), "--actor", "reg");
        const string Header = "station,variable,time,value,unit\n";
        File.WriteAllText(F("late.csv"), Header + "T1,nee,2024-06-01T00:30:00+08:00,-10,umol m-2 s-1\nT1,nee,2024-06-01T01:00:00+08:00,-8,umol m-2 s-1\n" +
            "T1,nee,2024-06-01T01:30:00+08:00,ten,umol m-2 s-1\nT1,nee,2024-06-01T02:00:00+08:00,-6,umol m-2 s-1\n");

        var (code, _, err) = _t.Cli("monitor", "ingest", F("late.csv"), "--batch", "2", "--actor", "ver");

        // Rows 2–3 are batch 1 (committed, journal entry 5 after init, two participants and the stations); row 4 spoils batch 2.
        Assert.Equal(2, code);
        Assert.Matches(@"^error: 1 problem in .*late\.csv; this batch was not written:\n  .*late\.csv: row 4, field 'value': Expected a decimal number; got 'ten'\.\n" +
            @"The 1 batch before it stay committed \(2 readings, journal entries \d+–\d+\); ingesting the corrected file again skips them as repeats\.\n$",
            err.ReplaceLineEndings("\n"));
        Assert.Equal(2L, (long)_t.Json("monitor", "status")["readings"]!);

        File.WriteAllText(F("late.csv"), File.ReadAllText(F("late.csv")).Replace(",ten,", ",-7,", StringComparison.Ordinal));
        var again = _t.Json("monitor", "ingest", F("late.csv"), "--batch", "2", "--actor", "ver");
        Assert.Equal((2L, 2L), ((long)again["new"]!, (long)again["repeats"]!));
    }

    [Fact]
    public void A_reading_for_an_unknown_station_or_in_an_unknown_unit_is_refused()
    {
        _t.Ok("monitor", "stations", "import", F("stations.csv"), "--units", F("units.csv"), "--actor", "reg");
        File.WriteAllText(F("bad.csv"), "station,variable,time,value,unit\nT9,nee,2024-06-01T00:30:00+08:00,-10,umol m-2 s-1\nT1,nee,2024-06-01T01:00:00+08:00,-1,g m-2 d-1\n");
        var (code, _, err) = _t.Cli("monitor", "ingest", F("bad.csv"), "--actor", "ver");
        Assert.Equal(2, code);
        Assert.Equal("error: 2 problems in bad.csv; this batch was not written:\n" +
            "  bad.csv: row 2, field 'station': station 'T9' is not registered (monitor stations import).\n" +
            "  bad.csv: row 3, field 'unit': Unit 'g m-2 d-1' is not known for variable 'nee'; expected 'umol m-2 s-1' (also 'µmol m-2 s-1', 'umol/m2/s') or 'mg m-2 s-1' (mg CO2).\n", err.ReplaceLineEndings("\n").Replace(F("bad.csv"), "bad.csv", StringComparison.Ordinal));
        var (status, _, none) = _t.Cli("monitor", "status");
        Assert.Equal((2, "error: No readings have been ingested yet (monitor ingest).\n"), (status, none.ReplaceLineEndings("\n")));
    }

    [Theory]
    [InlineData("99999")]
    [InlineData("0")]
    public void A_status_year_outside_1900_to_2100_is_bad_input_naming_the_option(string year)
    {
        Setup();
        var (code, _, err) = _t.Cli("monitor", "status", "--year", year);
        Assert.Equal((2, $"error: --year: expected a year from 1900 to 2100; got {year}.\n"), (code, err.ReplaceLineEndings("\n")));
    }

    [Fact]
    public void A_file_with_syntax_and_station_problems_lists_every_problem_at_once_one_line_each_in_row_order()
    {
        _t.Ok("monitor", "stations", "import", F("stations.csv"), "--units", F("units.csv"), "--actor", "reg");
        File.WriteAllText(F("bad.csv"), "station,variable,time,value,unit,quality\n" +
            "T1,nee,2024-06-01T00:30:00+08:00,-10,g m-2 d-1,\n" +
            "T9,nee,2024-06-01T01:00:00+08:00,-10,umol m-2 s-1,\n" +
            "T1,nee,2024-06-01 01:30,-10,umol m-2 s-1,\n" +
            "T1,precipitation,2024-06-01T02:00:00+08:00,-10,mm,\n" +
            "T1,nee,2024-06-01T02:30:00+08:00,abc,umol m-2 s-1,\n" +
            "T1,nee,2024-06-01T03:00:00+08:00,-10,umol m-2 s-1,weird\n" +
            "T1,nee,2099-06-01T03:00:00+08:00,-10,umol m-2 s-1,\n");
        var (code, _, err) = _t.Cli("monitor", "ingest", F("bad.csv"), "--actor", "ver");
        Assert.Equal(2, code);
        Assert.Matches("^error: 7 problems in bad.csv; this batch was not written:\n" +
            "  bad.csv: row 2, field 'unit': Unit 'g m-2 d-1' is not known for variable 'nee'; expected 'umol m-2 s-1' \\(also 'µmol m-2 s-1', 'umol/m2/s'\\) or 'mg m-2 s-1' \\(mg CO2\\)\\.\n" +
            "  bad.csv: row 3, field 'station': station 'T9' is not registered \\(monitor stations import\\)\\.\n" +
            "  bad.csv: row 4, field 'time': Expected ISO 8601 with an offset, e.g. 2024-06-01T08:30:00\\+08:00; got '2024-06-01 01:30'\\.\n" +
            "  bad.csv: row 5, field 'variable': station 'T1' measures nee; got 'precipitation'\\.\n" +
            "  bad.csv: row 6, field 'value': Expected a decimal number; got 'abc'\\.\n" +
            "  bad.csv: row 7, field 'quality': expected empty \\(a good reading\\) or one of 'bad', 'invalid'; got 'weird'\\.\n" +
            "  bad.csv: row 8, field 'time': expected a time no later than the moment of ingest \\(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00\\) plus 1 day for clock skew; got 2099-06-01T03:00:00\\+08:00\\.\n$",
            err.ReplaceLineEndings("\n").Replace(F("bad.csv"), "bad.csv", StringComparison.Ordinal));
        var (status, _, none) = _t.Cli("monitor", "status");
        Assert.Equal((2, "error: No readings have been ingested yet (monitor ingest).\n"), (status, none.ReplaceLineEndings("\n")));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void A_reading_later_than_a_day_past_the_runners_clock_is_refused_and_status_keeps_its_year()
    {
        Setup();
        var clock = new FixedClock(new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.FromHours(8)));
        using (var db = LedgerDatabase.Open(_t.Path, clock))
        {
            var future = new EcoLedger.Monitoring.IngestReadings("r5.csv", [new("r5.csv, row 4", "T1", "nee",
                DateTimeOffset.Parse("2031-06-30T02:30:00+08:00", System.Globalization.CultureInfo.InvariantCulture), -3m, "umol m-2 s-1", null)]);
            var e = Assert.Throws<EcoLedger.Ledger.LedgerException>(() => db.Run(future, "ver"));
            Assert.Equal("r5.csv: row 4, field 'time': expected a time no later than the moment of ingest (2025-07-01T00:00:00+08:00) plus 1 day for clock skew; " +
                "got 2031-06-30T02:30:00+08:00." + Environment.NewLine + "Nothing was written.", e.Message);
        }
        Assert.Equal(2024L, (long)_t.Json("monitor", "status")["year"]!);
    }

    [Fact]
    public void Station_import_lists_range_and_weight_problems_on_their_rows_with_the_syntax_problems()
    {
        File.WriteAllText(F("bad-stations.csv"), EcoLedger.Monitoring.StationFile.Header + "\n" +
            "T1,flux_tower,abc,47.7,nee,umol m-2 s-1,30,-50,50,,,4,,,U1:1\n" +
            "T2,flux_tower,228.9,97.7,nee,umol m-2 s-1,30,50,-50,,,4,,,U1:1.5\n" +
            "T3,flux_tower,128.9,47.7,nee,umol m-2 s-1,7,-50,50,,,4,,,U9:1\n");
        var (code, _, err) = _t.Cli("monitor", "stations", "import", F("bad-stations.csv"), "--units", F("units.csv"), "--actor", "reg");
        Assert.Equal(2, code);
        Assert.Equal("error: 6 problems; nothing was registered:\n" +
            "  bad-stations.csv: row 2, station 'T1', field 'lon': Expected a decimal number; got 'abc'.\n" +
            "  bad-stations.csv: row 3, station 'T2', field 'lon/lat': expected degrees within ±180/±90; got 228.9, 97.7.\n" +
            "  bad-stations.csv: row 3, station 'T2', field 'range_min': expected a value below range_max.\n" +
            "  bad-stations.csv: row 3, station 'T2', field 'units': the weight of unit 'U1' must be above 0 and at most 1; got 1.5.\n" +
            "  bad-stations.csv: row 4, station 'T3', field 'units': Unit 'U9' is not in the units file.\n" +
            "  bad-stations.csv: row 4, station 'T3', field 'interval_min': expected a divisor of 1,440 from 1 to 60 minutes; got 7.\n",
            err.ReplaceLineEndings("\n").Replace(F("bad-stations.csv"), "bad-stations.csv", StringComparison.Ordinal));
    }

    [Fact]
    public void A_station_geojson_file_holding_a_single_feature_is_refused_saying_a_FeatureCollection_is_expected()
    {
        // Before: "Expected a GeoJSON FeatureCollection: " followed by the GeoJSON library's own message.
        File.WriteAllText(F("station.geojson"), """
            {"type":"Feature","properties":{"station_id":"T1","kind":"flux_tower","variables":[]},"geometry":{"type":"Point","coordinates":[128.9,47.7]}}
            """);

        var (code, _, err) = _t.Cli("monitor", "stations", "import", F("station.geojson"), "--units", F("units.csv"), "--actor", "reg");

        Assert.Equal(2, code);
        Assert.Equal("error: 1 problem; nothing was registered:\n" +
            $"  {F("station.geojson")}: found \"type\": \"Feature\"; expected a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\" with a \"features\" array).\n",
            err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_floor_outside_zero_to_one_is_refused_naming_the_option()
    {
        Setup();
        var (code, _, err) = _t.Cli("monitor", "status", "--min-observed", "5");
        var (code2, _, err2) = _t.Cli("monitor", "status", "--min-observed", "0.05", "--max-filled", "x");
        Assert.Equal((2, "error: --min-observed: expected a decimal between 0 and 1; got '5'.\n"), (code, err.ReplaceLineEndings("\n")));
        Assert.Equal((2, "error: --max-filled: expected a decimal between 0 and 1; got 'x'.\n"), (code2, err2.ReplaceLineEndings("\n")));
    }

    [Fact]
    public void A_stations_file_without_the_required_range_is_refused()
    {
        File.WriteAllText(F("s2.csv"), EcoLedger.Monitoring.StationFile.Header + "\nT2,rain_gauge,128.9,47.7,precipitation,mm,10,,50,off,,off,,,U1:1\n");
        var (code, _, err) = _t.Cli("monitor", "stations", "import", F("s2.csv"), "--units", F("units.csv"), "--actor", "reg");
        Assert.Equal(2, code);
        Assert.Equal($"error: 1 problem; nothing was registered:\n  {F("s2.csv")}: row 2, station 'T2', field 'range_min': Expected a decimal number; the field is empty and has no default.\n",
            err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Follow_reads_standard_input_in_batches_and_prints_each_change()
    {
        _t.Ok("monitor", "stations", "import", F("stations.csv"), "--units", F("units.csv"), "--actor", "reg");
        var o = new StringWriter();
        var e = new StringWriter();
        var io = new EcoLedger.Cli.Hosting.CliIo(o, e, false) { In = new StringReader(File.ReadAllText(F("r.csv"))) };
        int code = EcoLedger.Cli.Program.Run(["monitor", "follow", "-", "--batch", "1", "--actor", "ver", "--db", _t.Path], io);
        Assert.True(code == 0, e.ToString());
        // −10 × 0.79218 g/m² … per half hour: −0.007922 t CO2/ha after the first reading, −0.014259 after the second
        Assert.Equal("T1 nee 2024: 0.000000 t CO2/ha → -0.007922 t CO2/ha\nT1 nee 2024: -0.007922 t CO2/ha → -0.014259 t CO2/ha\n" +
            "ingested stdin: 2 new readings, 0 corrections, 0 repeats skipped, in 2 batches (journal entries 16–17)\n", o.ToString().ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("UPDATE mon_readings SET value = '-1' WHERE id = 1", "mon_readings row (id=1): value is '-1' in the live table but '-10' by the journal")]
    [InlineData("DELETE FROM mon_readings WHERE id = 2", "mon_readings row (id=2) is missing from the live table")]
    [InlineData("UPDATE mon_units SET total = 0 WHERE unit_id = 'U1'", "mon_units row (unit_id=U1, variable=nee, year=2024): total is '0' in the live table but '-1425924' by the journal")]
    [InlineData("UPDATE mon_regions SET total = 5", "mon_regions row (region=YC, variable=nee, year=2024): total is '5' in the live table but '-2138886' by the journal")]
    public void A_tampered_reading_or_aggregate_fails_audit_verification(string sql, string failure)
    {
        Setup();
        using (var c = new SqliteConnection($"Data Source={_t.Path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }
        using var db = LedgerDatabase.Open(_t.Path);
        var v = db.VerifyLive();
        Assert.False(v.Verified);
        Assert.Equal(failure, v.Failure);
    }

    [Fact]
    public void The_untampered_monitoring_tables_verify_and_a_replay_rebuilds_them()
    {
        Setup();
        using var db = LedgerDatabase.Open(_t.Path);
        var v = db.VerifyLive();
        Assert.True(v.Verified, v.Failure);
        Assert.Empty(v.Differences);
    }

    [Fact]
    public void Pruning_a_past_year_keeps_its_account_journals_the_prune_and_still_verifies()
    {
        Setup();
        File.WriteAllText(F("r2025.csv"), "station,variable,time,value,unit\nT1,nee,2025-06-01T00:30:00+08:00,-4,umol m-2 s-1\n");
        _t.Ok("monitor", "ingest", F("r2025.csv"), "--actor", "ver");
        string o = _t.Ok("monitor", "prune", "--keep-years", "1", "--actor", "reg");
        Assert.Equal("pruned 2 raw readings of 1 series through account year 2024 (journal entry 18); their aggregates and accounts are kept\n", o.ReplaceLineEndings("\n"));
        var s = _t.Json("monitor", "status", "--year", "2024");
        // The 2024 account outlives its readings: (−10 − 8) × 792,180,000 = −14,259,240,000 µg CO2/ha; one 2025 reading is left.
        Assert.Equal(-14_259_240_000L, (long)s["series"]![0]!["total"]!);
        Assert.Equal(1, (long)s["readings"]!);
        var (code, _, late) = _t.Cli("monitor", "ingest", F("r.csv"), "--actor", "ver");
        Assert.Equal(2, code);
        Assert.Contains("field 'time': the raw readings of station 'T1' nee for account year 2024 were pruned (journal entry 18); that year's account is final.", late);
        using (var db = LedgerDatabase.Open(_t.Path))
        {
            var v = db.VerifyLive();
            Assert.True(v.Verified, v.Failure);
        }
        // Un-marking the prune behind the journal's back is caught.
        using (var c = new SqliteConnection($"Data Source={_t.Path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE mon_series SET pruned_seq = NULL";
            cmd.ExecuteNonQuery();
        }
        using var tampered = LedgerDatabase.Open(_t.Path);
        Assert.False(tampered.VerifyLive().Verified);
    }

    public void Dispose() => _t.Dispose();
}
