using EcoLedger.Monitoring;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static EcoLedger.Tests.Monitoring.MonitoringTestData;

namespace EcoLedger.Tests.Monitoring;

public class LiveAccountPropertyTests
{
    private static readonly DateTime Day = new(2024, 6, 1);

    private static readonly Station[] Stations =
    [
        new("T1", StationKind.FluxTower, 128.9m, 47.7m, [Nee30(Qc(spikeZ: 4m, spikeWindowDays: 1, stuck: 4))], [Unit("U1", 1m, 100m), Unit("U2", 0.5m, 40m)]),
        new("T2", StationKind.FluxTower, 129.0m, 47.8m, [Nee30(Qc(stuck: 3, linearMax: 60, diurnalDays: 2))], [Unit("U2", 0.5m, 40m), Unit("U3", 1m, 7.5m, "LL")]),
    ];

    /// <summary>A stream of distinct readings (station, slot) over three days with random values (some out of range) and holes.</summary>
    private static readonly Gen<ReadingInput[]> Streams =
        from picks in Gen.ArrayOf(Gen.Choose(0, 2 * 144 - 1), 120)
        from values in Gen.ArrayOf(Gen.Choose(-600, 200), 120)
        select picks.Select((p, i) => (p, v: values[i])).DistinctBy(x => x.p)
            .Select(x => Input(Day.AddMinutes(30 * (x.p % 144 + 1)), x.v / 10m, x.p < 144 ? "T1" : "T2")).ToArray();

    private static string Account(IEnumerable<IReadOnlyList<ReadingInput>> batches)
    {
        var store = new InMemoryMonitoringStore();
        Run(store, new RegisterStations("s.csv", Stations));
        long seq = 2;
        foreach (var b in batches)
        {
            Run(store, new IngestReadings("r.csv", b), seq++);
        }
        var series = Stations.Select(s => store.Series(s.Id, "nee", 2024)).Select(s => s is null ? "-" :
            $"{s.Total} {s.Filled} {s.ValidSlots} {s.LinearSlots} {s.DiurnalSlots} {s.UnfilledSlots} {s.RangeFlags} {s.SpikeFlags} {s.StuckFlags}");
        var aggregates = Stations.SelectMany(s => store.Aggregates(s.Id, "nee", 2024)).Select(a => a.ToString());
        return string.Join("\n", series.Concat(aggregates).Concat(store.Units().Select(u => u.ToString())).Concat(store.Regions().Select(r => r.ToString())));
    }

    [Property(MaxTest = 60)]
    public Property Any_split_into_batches_in_any_arrival_order_gives_the_same_account_as_one_batch() =>
        Prop.ForAll(Streams.ToArbitrary(), Gen.Choose(1, 7).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (stream, parts, seed) =>
        {
            var rng = new Random(seed);
            var shuffled = stream.OrderBy(_ => rng.Next()).ToArray();
            var batches = shuffled.Select((r, i) => (r, i)).GroupBy(x => x.i % parts).Select(g => (IReadOnlyList<ReadingInput>)g.Select(x => x.r).ToList())
                .OrderBy(_ => rng.Next()).ToList();
            // A repeat of some readings in a later batch changes nothing either.
            batches.Add(shuffled.Take(10).ToList());
            return Account([stream]) == Account(batches);
        });
}
