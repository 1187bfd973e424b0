using EcoLedger.Ledger;
using EcoLedger.Monitoring;
using static EcoLedger.Tests.Monitoring.MonitoringTestData;

namespace EcoLedger.Tests.Monitoring;

public class MonitoringEngineTests
{
    private static readonly DateTime Day = new(2024, 6, 1);

    private static InMemoryMonitoringStore Registered()
    {
        var store = new InMemoryMonitoringStore();
        Run(store, new RegisterStations("stations.csv", [Tower("T1", Unit("U1", 1m, 100m))]));
        return store;
    }

    [Fact]
    public void Re_ingesting_the_same_readings_stores_nothing_and_counts_repeats()
    {
        var store = Registered();
        var batch = new IngestReadings("r.csv", [Input(Day.AddMinutes(30), -10m), Input(Day.AddMinutes(60), -8m)]);
        var first = (ReadingsAccepted)Run(store, batch, 2);
        var again = (ReadingsAccepted)Run(store, batch, 3);
        Assert.Equal((2, 0), (first.Readings.Count, first.Repeats));
        Assert.Equal((0, 2), (again.Readings.Count, again.Repeats));
        Assert.Equal(2, store.LastReadingId());
        // (−10 − 8) × 792,180,000 µg/ha per µmol·half-hour = −14,259,240,000 µg/ha; × 100 ha / 10⁶ = −1,425,924 g CO2 for the unit
        Assert.Equal(-1_425_924L, store.FindUnit("U1", "nee", 2024)!.Total);
    }

    [Fact]
    public void A_batch_of_repeats_only_is_decided_unchanged_and_one_with_a_new_reading_or_a_correction_is_not()
    {
        var store = Registered();
        Run(store, new IngestReadings("r.csv", [Input(Day.AddMinutes(30), -10m), Input(Day.AddMinutes(60), -8m)]), 2);
        var engine = new MonitoringEngine(store);

        var repeats = engine.Decide(Registry, new IngestReadings("r.csv", [Input(Day.AddMinutes(30), -10m), Input(Day.AddMinutes(60), -8m)]));
        var withNew = engine.Decide(Registry, new IngestReadings("r.csv", [Input(Day.AddMinutes(30), -10m), Input(Day.AddMinutes(90), -7m)]));
        var withCorrection = engine.Decide(Registry, new IngestReadings("fix.csv", [Input(Day.AddMinutes(30), -10m), Input(Day.AddMinutes(60), -6m)]));

        // Nothing to journal when every reading is stored already; the payload still says what was skipped.
        Assert.True(repeats.Unchanged);
        var skipped = (ReadingsAccepted)repeats.Payload;
        Assert.Equal((0, 2), (skipped.Readings.Count, skipped.Repeats));
        // A new reading, or a changed value (a correction naming reading 2), is journaled as before.
        Assert.False(withNew.Unchanged);
        var added = Assert.Single(((ReadingsAccepted)withNew.Payload).Readings);
        Assert.Equal((3L, "-7", (long?)null, 1), (added.Id, added.Value, added.Corrects, ((ReadingsAccepted)withNew.Payload).Repeats));
        Assert.False(withCorrection.Unchanged);
        var corrected = Assert.Single(((ReadingsAccepted)withCorrection.Payload).Readings);
        Assert.Equal((3L, "-6", (long?)2L, 1), (corrected.Id, corrected.Value, corrected.Corrects, ((ReadingsAccepted)withCorrection.Payload).Repeats));
    }

    [Fact]
    public void A_different_value_for_the_same_time_is_a_correction_that_keeps_the_old_reading()
    {
        var store = Registered();
        Run(store, new IngestReadings("r.csv", [Input(Day.AddMinutes(30), -10m), Input(Day.AddMinutes(60), -8m)]), 2);
        var fix = (ReadingsAccepted)Run(store, new IngestReadings("fix.csv", [Input(Day.AddMinutes(60), -6m)]), 3);

        var c = Assert.Single(fix.Readings);
        Assert.Equal((3L, 2L), (c.Id, c.Corrects));
        Assert.Equal(3L, store.FindReading(2)!.SupersededBy);
        Assert.Equal("-8", store.FindReading(2)!.Value);
        // The account counts −10 and −6: −16 × 792,180,000 = −12,674,880,000 µg/ha → −1,267,488 g for 100 ha
        Assert.Equal(-1_267_488L, store.FindUnit("U1", "nee", 2024)!.Total);
        Assert.Equal(-1_267_488L, store.FindRegion("YC", "nee", 2024)!.Total);
    }

    [Fact]
    public void A_batch_with_bad_readings_is_refused_naming_every_row_and_field()
    {
        var store = Registered();
        var e = Assert.Throws<LedgerException>(() => new MonitoringEngine(store).Decide(Registry, new IngestReadings("r.csv",
        [
            Input(Day.AddMinutes(30), -10m, station: "T9", row: 2),
            Input(Day.AddMinutes(30), -10m, variable: "soil_moisture", row: 3),
            Input(Day.AddMinutes(30), -10m, unit: "g m-2 d-1", row: 4),
            Input(Day.AddMinutes(45), -10m, row: 5),
        ])));
        Assert.Equal(string.Join(Environment.NewLine,
            "r.csv: row 2, field 'station': station 'T9' is not registered (monitor stations import).",
            "r.csv: row 3, field 'variable': station 'T1' measures nee; got 'soil_moisture'.",
            "r.csv: row 4, field 'unit': Unit 'g m-2 d-1' is not known for variable 'nee'; expected 'umol m-2 s-1' (also 'µmol m-2 s-1', 'umol/m2/s') or 'mg m-2 s-1' (mg CO2).",
            "r.csv: row 5, field 'time': expected the end of a 30-minute interval of station 'T1' (whole minutes divisible by 30); got 2024-06-01T00:45:00+08:00.",
            "Nothing was written."), e.Message);
    }

    [Fact]
    public void Registering_a_station_again_with_another_definition_is_refused_and_an_identical_one_is_skipped()
    {
        var store = Registered();
        var same = (StationsRegistered)new MonitoringEngine(store).Decide(Registry, new RegisterStations("s.csv", [Tower("T1", Unit("U1", 1m, 100m))])).Payload;
        Assert.Empty(same.Stations);
        var e = Assert.Throws<LedgerException>(() => new MonitoringEngine(store).Decide(Registry, new RegisterStations("s.csv", [Tower("T1", Unit("U1", 0.5m, 100m))])));
        Assert.StartsWith("s.csv: station 'T1': the station is already registered with another definition", e.Message);
    }

    [Fact]
    public void Stations_all_registered_identically_are_decided_unchanged_and_a_file_with_a_new_station_registers_that_one_only()
    {
        var store = Registered(); // T1 on U1 (weight 1, 100 ha)
        var engine = new MonitoringEngine(store);

        var same = engine.Decide(Registry, new RegisterStations("stations.csv", [Tower("T1", Unit("U1", 1m, 100m))]));
        var withNew = engine.Decide(Registry, new RegisterStations("stations.csv", [Tower("T1", Unit("U1", 1m, 100m)), Tower("T2", Unit("U1", 1m, 100m))]));

        // Nothing to journal when every station is registered already exactly as in the file.
        Assert.True(same.Unchanged);
        Assert.Equal((MonitoringEventKinds.StationsRegistered, "stations.csv", 0),
            (same.Kind, ((StationsRegistered)same.Payload).Source, ((StationsRegistered)same.Payload).Stations.Count));
        // A file with a new station is journaled with the new station only, as before.
        Assert.False(withNew.Unchanged);
        Assert.Equal(["T2"], ((StationsRegistered)withNew.Payload).Stations.Select(s => s.Id).ToArray());
    }

    /// <summary>A clock standing at one instant: the runner's clock in a test.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void A_reading_time_more_than_a_day_after_the_moment_of_ingest_or_before_1900_is_refused_naming_row_and_field()
    {
        var store = Registered();
        var clock = new FixedClock(new DateTimeOffset(2024, 6, 1, 12, 0, 0, AccountClock.Offset));
        var e = Assert.Throws<LedgerException>(() => new MonitoringEngine(store, clock).Decide(Registry, new IngestReadings("r.csv",
        [
            Input(new DateTime(2024, 6, 2, 12, 0, 0), -10m, row: 2), // exactly one day ahead: a clock running fast, accepted
            Input(new DateTime(2024, 6, 2, 12, 30, 0), -10m, row: 3),
            Input(new DateTime(2031, 6, 30, 2, 30, 0), -10m, row: 4),
            Input(new DateTime(1899, 12, 31, 8, 30, 0), -10m, row: 5),
        ])));
        Assert.Equal(string.Join(Environment.NewLine,
            "r.csv: row 3, field 'time': expected a time no later than the moment of ingest (2024-06-01T12:00:00+08:00) plus 1 day for clock skew; got 2024-06-02T12:30:00+08:00.",
            "r.csv: row 4, field 'time': expected a time no later than the moment of ingest (2024-06-01T12:00:00+08:00) plus 1 day for clock skew; got 2031-06-30T02:30:00+08:00.",
            "r.csv: row 5, field 'time': expected a time in 1900 or later; got 1899-12-31T08:30:00+08:00.",
            "Nothing was written."), e.Message);
        Assert.Equal(["row 3", "row 4", "row 5"], e.Problems.Select(p => p.Location).ToArray());
    }

    [Fact]
    public void A_quality_code_other_than_empty_bad_or_invalid_is_refused_naming_the_accepted_codes()
    {
        var store = Registered();
        var e = Assert.Throws<LedgerException>(() => new MonitoringEngine(store).Decide(Registry, new IngestReadings("r.csv",
        [
            Input(Day.AddMinutes(30), -10m, row: 2) with { Quality = "bad" },
            Input(Day.AddMinutes(60), -10m, row: 3) with { Quality = "invalid" },
            Input(Day.AddMinutes(90), -10m, row: 4) with { Quality = "weird" },
            Input(Day.AddMinutes(120), -10m, row: 5) with { Quality = "BAD" },
            Input(Day.AddMinutes(150), -10m, row: 6) with { Quality = "good" },
        ])));
        Assert.Equal(string.Join(Environment.NewLine,
            "r.csv: row 4, field 'quality': expected empty (a good reading) or one of 'bad', 'invalid'; got 'weird'.",
            "r.csv: row 5, field 'quality': expected empty (a good reading) or one of 'bad', 'invalid'; got 'BAD'.",
            "r.csv: row 6, field 'quality': expected empty (a good reading) or one of 'bad', 'invalid'; got 'good'.",
            "Nothing was written."), e.Message);
        var ok = (ReadingsAccepted)Run(store, new IngestReadings("r.csv",
            [Input(Day.AddMinutes(30), -10m) with { Quality = "bad" }, Input(Day.AddMinutes(60), -10m) with { Quality = "invalid" }, Input(Day.AddMinutes(90), -10m)]), 2);
        Assert.Equal(new string?[] { "bad", "invalid", null }, ok.Readings.Select(r => r.Quality));
    }

    [Fact]
    public void A_holder_may_not_ingest_readings()
    {
        var store = Registered();
        var e = Assert.Throws<LedgerException>(() => new MonitoringEngine(store).Decide(new Actor("buyer", Role.Holder), new IngestReadings("r.csv", [])));
        Assert.Equal("Actor 'buyer' (role 'holder') may not ingest monitoring readings: it requires role 'registry' or 'verifier'.", e.Message);
    }

    [Fact]
    public void A_unit_represented_by_two_stations_takes_their_weighted_mean_per_hectare()
    {
        // U1 (200 ha) is represented by T1 (weight 0.75) and T2 (weight 0.25); T1 reads −10, T2 −2 for one half hour.
        var store = new InMemoryMonitoringStore();
        Run(store, new RegisterStations("s.csv", [Tower("T1", Unit("U1", 0.75m, 200m)), Tower("T2", Unit("U1", 0.25m, 200m))]));
        Run(store, new IngestReadings("r.csv", [Input(Day.AddMinutes(30), -10m, "T1"), Input(Day.AddMinutes(30), -2m, "T2")]), 2);
        // per ha = (0.75 × −7,921,800,000 + 0.25 × −1,584,360,000) / 1 = −6,337,440,000 µg/ha; × 200 ha / 10⁶ = −1,267,488 g CO2
        var u = store.FindUnit("U1", "nee", 2024)!;
        Assert.Equal(("-6337440000", -1_267_488L, 2), (u.PerHa, u.Total, u.Stations));
    }
}
