using EcoLedger.Ledger;
using EcoLedger.Monitoring;
using static EcoLedger.Tests.Monitoring.MonitoringTestData;

namespace EcoLedger.Tests.Monitoring;

public class RetentionTests
{
    private static InMemoryMonitoringStore TwoYears()
    {
        var store = new InMemoryMonitoringStore();
        Run(store, new RegisterStations("stations.csv", [Tower("T1", Unit("U1", 1m, 100m))]));
        // Two half hours on 1 June 2023 (−10, −8) and one on 1 June 2024 (−4), UTC+8.
        Run(store, new IngestReadings("r.csv", [Input(new DateTime(2023, 6, 1).AddMinutes(30), -10m), Input(new DateTime(2023, 6, 1).AddMinutes(60), -8m),
            Input(new DateTime(2024, 6, 1).AddMinutes(30), -4m)]), 2);
        return store;
    }

    [Fact]
    public void Pruning_deletes_the_raw_readings_of_older_years_and_keeps_their_aggregates_and_accounts()
    {
        var store = TwoYears();
        var before = store.Series("T1", "nee", 2023)!;
        var days = store.Aggregates("T1", "nee", 2023);

        var e = (ReadingsPruned)Run(store, new PruneReadings(1), 3);

        Assert.Equal((2024, 2023), (e.AsOfYear, e.ThroughYear));
        Assert.Equal([new PrunedSeries("T1", "nee", 2023, 2)], e.Series);
        Assert.Equal([3L], store.Readings().Select(r => r.Id));
        // (−10 − 8) × 792,180,000 µg/ha per µmol·half-hour = −14,259,240,000 µg CO2/ha, kept after the readings are gone
        Assert.Equal(-14_259_240_000L, store.Series("T1", "nee", 2023)!.Total);
        Assert.Equal(before.ValidSlots, store.Series("T1", "nee", 2023)!.ValidSlots);
        Assert.Equal(3L, store.Series("T1", "nee", 2023)!.PrunedSeq);
        Assert.Equal(days, store.Aggregates("T1", "nee", 2023));
        // U1, 100 ha: −14,259,240,000 × 100 / 10⁶ = −1,425,924 g CO2
        Assert.Equal(-1_425_924L, store.FindUnit("U1", "nee", 2023)!.Total);
        // A full recompute leaves the pruned year's account as it was.
        MonitoringApplier.Recompute(store, [("T1", "nee", 2023), ("T1", "nee", 2024)]);
        Assert.Equal(-14_259_240_000L, store.Series("T1", "nee", 2023)!.Total);
    }

    [Fact]
    public void A_reading_for_a_pruned_year_is_refused_naming_row_field_and_the_prune()
    {
        var store = TwoYears();
        Run(store, new PruneReadings(1), 3);
        var e = Assert.Throws<LedgerException>(() => Run(store, new IngestReadings("late.csv", [Input(new DateTime(2023, 6, 1).AddMinutes(90), -9m, row: 2)]), 4));
        Assert.Equal("r.csv: row 2, field 'time': the raw readings of station 'T1' nee for account year 2023 were pruned (journal entry 3); that year's account is final."
            + Environment.NewLine + "Nothing was written.", e.Message);
    }

    [Theory]
    [InlineData(0, null, "Field 'keep_years': expected at least 1 account year of raw readings to keep (the as-of year); got 0. Nothing was written.")]
    [InlineData(1, 2025, "Field 'as_of_year': expected a year with readings, at most 2024; got 2025. Nothing was written.")]
    [InlineData(2, null, "No raw readings of account year 2022 or earlier are stored; nothing to prune.")]
    public void A_prune_that_would_keep_nothing_or_prune_nothing_is_refused(int keep, int? asOf, string message)
    {
        var store = TwoYears();
        var e = Assert.Throws<LedgerException>(() => Run(store, new PruneReadings(keep, asOf), 3));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Replaying_the_journal_with_the_prune_rebuilds_the_same_tables()
    {
        var live = TwoYears();
        var prune = Run(live, new PruneReadings(1), 3);
        // Replay: the same events applied to an empty store (what `audit verify --db` does with the SQL tables).
        var replay = new InMemoryMonitoringStore();
        var fresh = new InMemoryMonitoringStore();
        var register = Run(fresh, new RegisterStations("stations.csv", [Tower("T1", Unit("U1", 1m, 100m))]));
        var ingest = Run(fresh, new IngestReadings("r.csv", [Input(new DateTime(2023, 6, 1).AddMinutes(30), -10m), Input(new DateTime(2023, 6, 1).AddMinutes(60), -8m),
            Input(new DateTime(2024, 6, 1).AddMinutes(30), -4m)]), 2);
        MonitoringApplier.Apply(replay, register, 1);
        MonitoringApplier.Apply(replay, ingest, 2);
        MonitoringApplier.Apply(replay, prune, 3);
        Assert.Equal(Dump(live), Dump(replay));
    }

    private static string Dump(InMemoryMonitoringStore s) => string.Join("\n",
        s.Readings().Select(r => $"{r.Id} {r.TimeUtc:O} {r.Value} {r.Flags}")
        .Concat(new[] { 2023, 2024 }.SelectMany(y => s.Aggregates("T1", "nee", y)).Select(a => a.ToString()))
        .Concat(new[] { 2023, 2024 }.Select(y => s.Series("T1", "nee", y) is { } x ? $"{x.Total} {x.ValidSlots} {x.PrunedSeq}" : "-"))
        .Concat(s.Units().Select(u => u.ToString())).Concat(s.Regions().Select(r => r.ToString())));
}
