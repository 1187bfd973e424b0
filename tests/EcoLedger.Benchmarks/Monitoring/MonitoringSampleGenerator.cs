using System.Globalization;
using System.Text;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Files;

namespace EcoLedger.Benchmarks.Monitoring;

/// <summary>
/// Writes samples/yichun/monitoring: stations.csv tied to the first twelve forest units of samples/yichun/units.geojson and
/// readings.csv for June 2025 (UTC+8) with diurnal and seasonal shapes and injected faults. Seeded, so a rerun gives the same files.
/// </summary>
public static class MonitoringSampleGenerator
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;
    private static readonly DateTime Start = new(2025, 6, 1);
    private const int Days = 28;

    /// <summary>Writes the sample into <paramref name="dir"/> from the units file <paramref name="units"/>.</summary>
    public static void Write(string dir, string units)
    {
        Directory.CreateDirectory(dir);
        var forest = new UnitFileReader(units, units).Read().Where(u => u.Ecosystem == Ecosystem.Forest).Take(12).Select(u => u.UnitId).ToList();
        string All(IEnumerable<string> ids) => string.Join(";", ids.Select(id => id + ":1"));
        const string Header = "station_id,kind,lon,lat,variable,unit,interval_min,range_min,range_max,spike_z,spike_window_days,stuck_n,linear_max_gap_min,diurnal_window_days,units";
        var stations = new StringBuilder(Header + "\n");
        stations.Append(CultureInfo.InvariantCulture, $"YC_FLUX_1,flux_tower,128.42,47.42,nee,umol m-2 s-1,30,-50,50,,,4,,,{All(forest)}\n");
        stations.Append(CultureInfo.InvariantCulture, $"YC_FLUX_1,flux_tower,128.42,47.42,evapotranspiration,mm,30,0,2,off,,off,,,{All(forest)}\n");
        stations.Append(CultureInfo.InvariantCulture, $"YC_RAIN_1,rain_gauge,128.41,47.43,precipitation,mm,30,0,50,off,,off,,,{All(forest.Take(6))}\n");
        stations.Append(CultureInfo.InvariantCulture, $"YC_RAIN_2,rain_gauge,128.47,47.44,precipitation,mm,30,0,50,off,,off,,,{All(forest.Skip(6))}\n");
        stations.Append(CultureInfo.InvariantCulture, $"YC_STREAM_1,stream_gauge,128.45,47.40,runoff,mm,30,0,20,off,,off,,,{All(forest)}\n");
        File.WriteAllText(Path.Combine(dir, "stations.csv"), stations.ToString());

        var rng = new Random(2025);
        var rows = new StringBuilder("station,variable,time,value,unit,quality\n");
        void Row(string station, string variable, DateTime localEnd, decimal value, string unit, string quality = "") =>
            rows.Append(CultureInfo.InvariantCulture, $"{station},{variable},{localEnd:yyyy-MM-dd'T'HH:mm:ss}+08:00,{value},{unit},{quality}\n");
        double Noise(double sd) => sd * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

        // Daylight in Yichun (47.4° N, 128.4° E) in June: about 03:45–19:45 local, solar noon about 11:45 (UTC+8).
        const double Sunrise = 3.75, DayLength = 16.0;
        var cloud = Enumerable.Range(0, Days).Select(_ => 0.55 + 0.45 * rng.NextDouble()).ToArray();
        for (int d = 0; d < Days; d++)
        {
            double season = d / (double)(Days - 1); // canopy closes and soil warms over June
            double pmax = (16 + 4 * season) * cloud[d];
            double resp = 3.0 + 1.5 * season;
            for (int i = 1; i <= 48; i++)
            {
                var end = Start.AddDays(d).AddMinutes(30 * i);
                double mid = (end.AddMinutes(-15) - end.Date).TotalHours;
                double light = mid > Sunrise && mid < Sunrise + DayLength ? Math.Sin(Math.PI * (mid - Sunrise) / DayLength) : 0;
                double nee = resp - pmax * light + Noise(0.8);
                double et = Math.Max(0, 0.18 * light * cloud[d] + Noise(0.01));
                // Faults: a spike at noon on 10 June; a stuck sensor 02:00–05:00 on 14 June; a six-hour gap on 18 June; a one-hour gap on 20 June.
                if (d == 9 && i == 24)
                {
                    nee = 35;
                }
                if (d == 13 && i is >= 5 and <= 10)
                {
                    nee = 3.21;
                }
                bool gap = (d == 17 && i is >= 21 and <= 32) || (d == 19 && i is 27 or 28);
                if (!gap)
                {
                    Row("YC_FLUX_1", "nee", end, Math.Round((decimal)nee, 2), "umol m-2 s-1");
                    Row("YC_FLUX_1", "evapotranspiration", end, Math.Round((decimal)et, 3), "mm");
                }
            }
        }
        // Rain: storms on about a third of the days, 2–6 h, up to 1.8 mm per 10 min; gauge 2 sees 0.8–1.2 × gauge 1. Computed at
        // 10 minutes and reported as 30-minute totals.
        var rain = new double[Days * 144];
        for (int d = 0; d < Days; d++)
        {
            if (rng.NextDouble() > 0.36)
            {
                continue;
            }
            int start = d * 144 + rng.Next(0, 144);
            int length = rng.Next(12, 37);
            double peak = 0.4 + 1.4 * rng.NextDouble();
            for (int k = 0; k < length && start + k < rain.Length; k++)
            {
                rain[start + k] += peak * Math.Sin(Math.PI * (k + 0.5) / length);
            }
        }
        double ratio = 0.8 + 0.4 * rng.NextDouble();
        double store = 0;
        for (int k = 0; k < Days * 48; k++)
        {
            var end = Start.AddMinutes(30 * (k + 1));
            double p = rain[3 * k] + rain[3 * k + 1] + rain[3 * k + 2];
            Row("YC_RAIN_1", "precipitation", end, Math.Round((decimal)p, 1), "mm");
            // A range fault: gauge 2 reports 999 mm once (a logger overflow).
            Row("YC_RAIN_2", "precipitation", end, k == 700 ? 999m : Math.Round((decimal)(p * ratio), 1), "mm");
            // Storm runoff: 5 % of the rain into a linear reservoir emptying 6 % per half hour.
            store += 0.05 * p;
            double r = 0.06 * store;
            store -= r;
            Row("YC_STREAM_1", "runoff", end, Math.Round((decimal)r, 3), "mm");
        }
        File.WriteAllText(Path.Combine(dir, "readings.csv"), rows.ToString());
    }
}
