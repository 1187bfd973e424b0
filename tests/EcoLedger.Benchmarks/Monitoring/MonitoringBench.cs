using System.Diagnostics;
using System.Globalization;
using System.Text;
using EcoLedger.Ledger;
using EcoLedger.Monitoring;
using EcoLedger.Storage;

namespace EcoLedger.Benchmarks.Monitoring;

/// <summary>
/// <c>monitoring ingest N [BATCH]</c>: N readings (1-minute NEE from 20 towers) from a CSV file through the command runner into SQLite,
/// side by side with its peer, parsing the same file alone. <c>monitoring incremental UNITS STATIONS</c>: 1,000 new readings reflected
/// in a region of UNITS units (in memory), side by side with a full recompute of every series. Both print the ratio.
/// </summary>
public static class MonitoringBench
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static int Run(string[] args) => args.FirstOrDefault() switch
    {
        "ingest" => Ingest(long.Parse(args[1], Ci), args.Length > 2 ? int.Parse(args[2], Ci) : 50_000),
        "incremental" => Incremental(int.Parse(args[1], Ci), int.Parse(args[2], Ci)),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.Error.WriteLine("usage: monitoring ingest N [BATCH] | monitoring incremental UNITS STATIONS");
        return 2;
    }

    private static Station Tower(string id, IReadOnlyList<RepresentedUnit> units) =>
        new(id, StationKind.FluxTower, 128.4m, 47.4m, [new StationVariable(MonitoredVariable.Nee, "umol m-2 s-1", 1, new QcSettings(-50m, 50m, null, 13, 4, 120, 14))], units);

    private static int Ingest(long n, int batch)
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-monbench-").FullName;
        try
        {
            string csv = Path.Combine(dir, "readings.csv");
            const int Towers = 20;
            using (var w = new StreamWriter(csv, false, new UTF8Encoding(false), 1 << 20))
            {
                w.Write("station,variable,time,value,unit\n");
                var start = new DateTime(2024, 1, 1);
                for (long i = 0; i < n; i++)
                {
                    var t = start.AddMinutes(i / Towers + 1);
                    double v = 3 - 15 * Math.Max(0, Math.Sin(Math.PI * ((t.Hour * 60 + t.Minute) / 1440.0 - 0.15) / 0.65)) + (i * 7919 % 100) / 50.0;
                    w.Write(string.Create(Ci, $"T{i % Towers},nee,{t:yyyy-MM-dd'T'HH:mm:ss}+08:00,{v:0.00},umol m-2 s-1\n"));
                }
            }
            // CPU time next to wall time: on a shared machine the wall clock measures the other tenants as much as this code.
            static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var sw = Stopwatch.StartNew();
            double cpu0 = Cpu();
            long parsed = 0;
            using (var text = EcoLedger.IO.CsvRecordReader.OpenUtf8(csv))
            {
                foreach (var b in ReadingFile.Read(text, csv, false, batch))
                {
                    parsed += b.Readings.Count;
                }
            }
            double parse = sw.Elapsed.TotalSeconds, parseCpu = Cpu() - cpu0;
            string db = Path.Combine(dir, "bench.db");
            using var ledger = LedgerDatabase.Open(db); // durable, as `monitor ingest` opens it
            ledger.Commands.RunBatch([new(new InitializeLedger()), new(new AddParticipant("reg", Role.Registry))], out _);
            var units = Enumerable.Range(0, 100).Select(u => new RepresentedUnit($"U{u}", 1m, 1000m, "R", "forest", "")).ToList();
            ledger.Commands.Run(new RegisterStations("bench", Enumerable.Range(0, Towers).Select(s => Tower($"T{s}", units.Skip(s * 5).Take(5).ToList())).ToList()), "reg");
            long peak = 0;
            sw.Restart();
            cpu0 = Cpu();
            using (var text = EcoLedger.IO.CsvRecordReader.OpenUtf8(csv))
            {
                foreach (var b in ReadingFile.ReadAhead(text, csv, false, batch))
                {
                    ledger.Commands.Run(new IngestReadings("readings.csv", b.Readings), "reg");
                    peak = Math.Max(peak, Environment.WorkingSet);
                }
            }
            double ingest = sw.Elapsed.TotalSeconds, ingestCpu = Cpu() - cpu0;
            Console.WriteLine(string.Create(Ci, $"ingest {n:N0} readings in batches of {batch:N0}: {ingest:0.0} s = {n / ingest:N0} readings/s " +
                $"(CPU {ingestCpu:0.0} s = {n / ingestCpu:N0} readings per CPU second); peak working set {peak / 1048576:N0} MB"));
            Console.WriteLine(string.Create(Ci, $"peer (parse the same file only): {parse:0.00} s = {parsed / parse:N0} readings/s (CPU {parseCpu:0.00} s); " +
                $"ingest/parse time ratio {ingest / parse:0.0}, CPU ratio {ingestCpu / parseCpu:0.0}"));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, true);
        }
    }

    private static int Incremental(int unitCount, int stationCount)
    {
        // A region of unitCount units, each represented by one of stationCount towers reporting hourly since 1 January (UTC+8).
        var store = new InMemoryMonitoringStore();
        var perStation = unitCount / stationCount;
        var stations = Enumerable.Range(0, stationCount).Select(s => new Station($"T{s}", StationKind.FluxTower, 128m, 47m,
            [new StationVariable(MonitoredVariable.Nee, "umol m-2 s-1", 60, new QcSettings(-50m, 50m, 4m, 13, 4, 120, 14))],
            Enumerable.Range(s * perStation, perStation).Select(u => new RepresentedUnit($"U{u}", 1m, 100m, "R", "forest", "")).ToList())).ToList();
        MonitoringApplier.Apply(store, new StationsRegistered("bench", stations.Select(MonitoringRecords.ToRecord).ToList()), 1);
        const int Hours = 24 * 150;
        long id = 0;
        var start = new DateTime(2024, 1, 1) - AccountClock.Offset;
        foreach (var s in stations)
        {
            var records = new List<ReadingRecord>(Hours);
            for (int h = 1; h <= Hours; h++)
            {
                decimal v = Math.Round(3m - 12m * (decimal)Math.Max(0, Math.Sin(Math.PI * ((h % 24) - 5) / 14.0)) + (h * 7919 % 100) / 100m, 2);
                long amount = (long)(v * ReadingUnits.NeeMicrogramsPerHectareSecond * 3600m);
                records.Add(new ReadingRecord(++id, s.Id, "nee", MonitoringRecords.Time(start.AddHours(h)), 480, MonitoringRecords.Text(v), "umol m-2 s-1", null,
                    MonitoringRecords.Text(v), amount));
            }
            MonitoringApplier.Apply(store, new ReadingsAccepted("bench", records, 0), 2);
        }
        // 1,000 new readings: the next 1,000 hours of one station.
        var news = new List<ReadingRecord>();
        for (int h = Hours + 1; h <= Hours + 1000; h++)
        {
            news.Add(new ReadingRecord(++id, "T0", "nee", MonitoringRecords.Time(start.AddHours(h)), 480, "-5", "umol m-2 s-1", null, "-5",
                (long)(-5m * ReadingUnits.NeeMicrogramsPerHectareSecond * 3600m)));
        }
        var sw = Stopwatch.StartNew();
        MonitoringApplier.Apply(store, new ReadingsAccepted("bench", news, 0), 3);
        double incremental = sw.Elapsed.TotalSeconds;
        var region = store.FindRegion("R", "nee", 2024)!;
        sw.Restart();
        MonitoringApplier.Recompute(store, stations.Select(s => (s.Id, "nee", 2024)));
        double full = sw.Elapsed.TotalSeconds;
        bool same = store.FindRegion("R", "nee", 2024) == region;
        Console.WriteLine(string.Create(Ci, $"region of {unitCount:N0} units, {stationCount} towers, {Hours:N0} hourly readings each: 1,000 new readings reflected in {incremental * 1000:0} ms"));
        Console.WriteLine(string.Create(Ci, $"peer (full recompute of every series, unit and region): {full * 1000:0} ms; ratio {full / incremental:0.0} ×; identical region total: {same}"));
        return same ? 0 : 1;
    }
}
