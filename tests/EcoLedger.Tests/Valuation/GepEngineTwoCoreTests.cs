using EcoLedger.Valuation;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Files;
using static EcoLedger.Tests.TestUnits;
using F = EcoLedger.Valuation.MonitoringField;

namespace EcoLedger.Tests.Valuation;

/// <summary>
/// With the file writer as its sink the engine formats rows on its read-ahead thread and runs the second pass on both
/// threads; every sink call, in order, and every formatted line must be those of the one-thread path of a plain sink.
/// </summary>
public class GepEngineTwoCoreTests
{
    private class ListSink : IGepSink
    {
        public List<GepRow> RowList { get; } = [];
        public List<NotComputed> Gaps { get; } = [];
        public List<UnitWarning> Warnings { get; } = [];

        /// <summary>When set, the sink pauses now and then, as a writer waiting for the disk does, so the reading thread gets ahead.</summary>
        public bool Slow { get; init; }

        private int _calls;

        public void Row(in GepRow row)
        {
            Pause();
            RowList.Add(row);
        }

        public void NotComputed(in NotComputed item)
        {
            Pause();
            Gaps.Add(item);
        }

        public void Warning(in UnitWarning warning) => Warnings.Add(warning);

        private void Pause()
        {
            if (Slow && ++_calls % 500 == 0)
            {
                Thread.Sleep(2);
            }
        }
    }

    /// <summary>Takes rows formatted ahead and checks their bytes against a formatter of its own, row by row.</summary>
    private sealed class FormattingSink : ListSink, IFormattedRowsSink
    {
        private readonly GepRowFormatter _check = new();

        public int FormattedAhead { get; private set; }

        public IGepRowFormatter NewFormatter() => new GepRowFormatter();

        public void Rows(ReadOnlySpan<GepRow> rows, ReadOnlySpan<byte> formatted)
        {
            var expected = System.Buffers.ArrayPool<byte>.Shared.Rent(64);
            int length = 0;
            foreach (var row in rows)
            {
                Row(row);
                _check.Append(row, ref expected, ref length);
            }
            Assert.True(formatted.SequenceEqual(expected.AsSpan(0, length)));
            System.Buffers.ArrayPool<byte>.Shared.Return(expected);
            FormattedAhead += rows.Length;
        }
    }

    private static RegionStatistic Stat(string region, RegionStatKind kind, string item, decimal qty, decimal? price, params Ecosystem[] suppliedBy) =>
        new(region, kind, item, qty, "t", price, suppliedBy);

    private static IEnumerable<AccountingUnit> Units(int count)
    {
        var random = new Random(16);
        var kinds = new (Ecosystem, EcosystemSubtype)[]
        {
            (Ecosystem.Forest, EcosystemSubtype.None), (Ecosystem.Grassland, EcosystemSubtype.None), (Ecosystem.Wetland, EcosystemSubtype.Marsh),
            (Ecosystem.Wetland, EcosystemSubtype.Lake), (Ecosystem.Shrub, EcosystemSubtype.None), (Ecosystem.Other, EcosystemSubtype.Farmland),
        };
        for (int i = 0; i < count; i++)
        {
            var (eco, sub) = kinds[random.Next(kinds.Length)];
            var monitoring = new List<(F, double)> { (F.PrecipitationMm, 400 + random.Next(800)), (F.EvapotranspirationMm, 200 + random.Next(300)) };
            if (random.Next(3) == 0)
            {
                monitoring.Add((F.VisitsPerYear, random.Next(1, 500)));
            }
            if (sub == EcosystemSubtype.Lake && random.Next(4) > 0)
            {
                monitoring.Add((F.LakeTurnoverPerYear, 1));
            }
            var unit = Unit(eco, sub, Math.Round(0.5 + random.NextDouble() * 50, 2), [.. monitoring]) with
            {
                UnitId = $"U{i}",
                Region = $"R{random.Next(3)}",
            };
            yield return sub == EcosystemSubtype.Lake ? unit with { WaterBodyId = $"L{random.Next(20)}", LakeRegion = "tibetan_plateau" } : unit;
        }
    }

    [Theory]
    [InlineData(AirPurificationMethod.CapacityCapped)]
    [InlineData(AirPurificationMethod.Emissions)]
    public void The_writer_path_on_two_threads_makes_the_calls_of_the_one_thread_path(AirPurificationMethod air)
    {
        // R0: every region-level item (material, landscape, recreation by visits, a dust cap that binds, COD discharge);
        // R1: a cap far above the loads (capacity values as computed); R2: no statistics at all (not-computed lines).
        var stats = new RegionStatistics(
        [
            Stat("R0", RegionStatKind.MaterialProduct, "fungi", 3m, 1234.5m, Ecosystem.Forest),
            Stat("R0", RegionStatKind.LandscapePremium, "view", 1000m, 7m),
            Stat("R0", RegionStatKind.Recreation, "visits", 50_000m, null),
            Stat("R0", RegionStatKind.EmissionCap, "dust", 1m, null),
            Stat("R0", RegionStatKind.DischargeCap, "cod", 10m, null),
            Stat("R1", RegionStatKind.EmissionCap, "so2", 1_000_000m, null),
            Stat("R1", RegionStatKind.Recreation, "visits", 100m, 10m),
        ]);
        var options = GepOptions.Default with { AirMethod = air };
        // 9,000 units: several read-ahead batches of 1,024 and second-pass chunks of 2,048.
        var plain = new ListSink();
        new GepEngine(Defaults, stats, options).Run(Units(9_000), plain);
        var writer = new FormattingSink { Slow = true };
        new GepEngine(Defaults, stats, options).Run(Units(9_000), writer);

        Assert.Equal(plain.RowList, writer.RowList);
        Assert.Equal(plain.Gaps, writer.Gaps);
        Assert.Equal(plain.Warnings, writer.Warnings);
        Assert.Contains(plain.RowList, r => r.Indicator == "material_products");
        Assert.Contains(plain.RowList, r => r.Indicator == "air_purification");
        Assert.Contains(plain.RowList, r => r.Indicator == "flood_regulation");
        Assert.Contains(plain.Gaps, g => g.Indicator == "flood_regulation");
        // The slow sink lets the read-ahead thread get ahead, so it formats some batches (whose bytes Rows checked).
        Assert.True(writer.FormattedAhead > 0);
    }

    [Theory]
    [InlineData(AirPurificationMethod.CapacityCapped, true)]
    [InlineData(AirPurificationMethod.Emissions, true)]
    [InlineData(AirPurificationMethod.CapacityCapped, false)]
    [InlineData(AirPurificationMethod.Emissions, false)]
    public void Region_level_rows_made_in_the_first_pass_are_those_the_second_pass_makes(AirPurificationMethod air, bool withStatistics)
    {
        // R0 and R1 have statistics that tie their units' values to region totals; R2 has none, so its units' region-level
        // rows and gaps (material, landscape, recreation, uncapped air and water purification) come with their other rows.
        // Without statistics every region is like R2, unless the emissions method needs each region's totals.
        var stats = new RegionStatistics(withStatistics
            ?
            [
                Stat("R0", RegionStatKind.MaterialProduct, "fungi", 3m, 1234.5m, Ecosystem.Forest),
                Stat("R0", RegionStatKind.Recreation, "visits", 50_000m, null),
                Stat("R1", RegionStatKind.EmissionCap, "so2", 1_000_000m, null),
            ]
            : []);
        var options = GepOptions.Default with { AirMethod = air };
        var firstPass = new ListSink();
        new GepEngine(Defaults, stats, options).Run(Units(5_000), firstPass);
        var secondPass = new ListSink();
        new GepEngine(Defaults, stats, options) { RegionLevelInFirstPass = false }.Run(Units(5_000), secondPass);

        static IEnumerable<T> Sorted<T>(IEnumerable<T> items, Func<T, string> unit, Func<T, string> indicator) =>
            items.OrderBy(unit, StringComparer.Ordinal).ThenBy(indicator, StringComparer.Ordinal);
        Assert.Equal(Sorted(secondPass.RowList, r => r.UnitId, r => r.Indicator), Sorted(firstPass.RowList, r => r.UnitId, r => r.Indicator));
        Assert.Equal(Sorted(secondPass.Gaps, g => g.UnitId, g => g.Indicator), Sorted(firstPass.Gaps, g => g.UnitId, g => g.Indicator));
        Assert.Equal(secondPass.Warnings, firstPass.Warnings);
        // Under capacity-capped counting the first R2 unit's air purification row follows its own rows, ahead of R0's
        // second-pass rows; the emissions method allocates each region's emission, so every region waits for its totals.
        if (withStatistics)
        {
            int firstR2Air = firstPass.RowList.FindIndex(r => r.Region == "R2" && r.Indicator == "air_purification");
            int firstR0Air = firstPass.RowList.FindIndex(r => r.Region == "R0" && r.Indicator == "air_purification");
            Assert.Equal(air == AirPurificationMethod.CapacityCapped, firstR2Air < firstR0Air);
            Assert.Contains(firstPass.Gaps, g => g.UnitId.Length > 0 && g.Indicator == "recreation" && g.Reason == "no recreation row for region 'R2' in the region statistics");
        }
        else
        {
            // Air purification: the capacity loads as rows (the first unit's right after its own rows), or under the
            // emissions method a gap for every unit (no emission to value).
            Assert.Equal(air == AirPurificationMethod.CapacityCapped, firstPass.RowList.Any(r => r.Indicator == "air_purification"));
            Assert.Equal(air == AirPurificationMethod.Emissions, firstPass.Gaps.Any(g => g.Indicator == "air_purification" && g.Reason.StartsWith("no emission_cap rows", StringComparison.Ordinal)));
            Assert.Contains(firstPass.Gaps, g => g.Indicator == "recreation" && g.Reason == "no --region-stats given");
        }
    }
}
