using EcoLedger.Monitoring;
using static EcoLedger.Tests.Monitoring.MonitoringTestData;

namespace EcoLedger.Tests.Monitoring;

public class SeriesAccountTests
{
    private static readonly DateTime Day = new(2024, 6, 1);

    // One half hour of 1 µmol m-2 s-1 = 792,180,000 µg CO2 ha-1 (ReadingUnitsTests).
    private const long PerSlot = 792_180_000L;

    private static DateTime Slot(int i, int day = 0) => Day.AddDays(day).AddMinutes(30 * i);

    [Fact]
    public void Integrates_a_day_of_nee_filling_a_short_gap_linearly()
    {
        // Given 48 half hours ending 00:30 … 24:00 local at −10 µmol m-2 s-1, slots 20–22 missing and slot 23 at −2
        var readings = Enumerable.Range(1, 48).Where(i => i is < 20 or > 22).Select(i => Nee(Slot(i), i == 23 ? -2m : -10m)).ToList();

        // When the day is accounted
        var r = SeriesAccount.Compute(Nee30(), readings);

        // Then the 90-minute gap (≤ 120 min) is filled linearly between −10 (slot 19) and −2 (slot 23): −8, −6, −4.
        // Measured: 44 × −10 + −2 = −442 slot·µmol; filled −18; total −460 × 792,180,000 = −364,402,800,000 µg CO2/ha = −0.3644028 t CO2/ha.
        var day = Assert.Single(r.Days);
        Assert.Equal(Day, day.Start);
        Assert.Equal(-442 * PerSlot, day.Measured);
        Assert.Equal(-18 * PerSlot, day.Filled);
        Assert.Equal(-364_402_800_000L, r.Total);
        Assert.Equal((48, 45, 3, 0, 0), (r.Slots, r.ValidSlots, r.LinearSlots, r.DiurnalSlots, r.UnfilledSlots));
        Assert.Equal(3, day.FilledSlots);
        Assert.Equal(24, r.Hours.Count);
        // Hour 09:00–10:00 local holds slots 19 (ends 09:30) and 20 (ends 10:00, filled −8): −10 and −8.
        var h9 = r.Hours.Single(h => h.Start == Day.AddHours(9));
        Assert.Equal((-10 * PerSlot, -8 * PerSlot), (h9.Measured, h9.Filled));
    }

    [Fact]
    public void Fills_a_long_gap_with_the_mean_diurnal_course()
    {
        // Given three days at 30 min: day 0 at −10, day 2 at −6, day 1 at −9 except a 6-hour gap (slots 13–24, 12 slots > 120 min)
        var readings = new List<Reading>();
        for (int d = 0; d < 3; d++)
        {
            for (int i = 1; i <= 48; i++)
            {
                if (d == 1 && i is >= 13 and <= 24)
                {
                    continue;
                }
                readings.Add(Nee(Slot(i, d), d switch { 0 => -10m, 1 => -9m, _ => -6m }));
            }
        }

        var r = SeriesAccount.Compute(Nee30(), readings);

        // Then each missing slot takes the mean of the same time of day on days 0 and 2 (window 14 days, ±7): (−10 + −6)/2 = −8.
        // Day 1: 36 × −9 = −324 measured, 12 × −8 = −96 filled.
        var day1 = r.Days[1];
        Assert.Equal((-324 * PerSlot, -96 * PerSlot, 12), (day1.Measured, day1.Filled, day1.FilledSlots));
        Assert.Equal((0, 12, 0), (r.LinearSlots, r.DiurnalSlots, r.UnfilledSlots));
    }

    [Fact]
    public void A_gap_with_no_reading_at_that_time_of_day_in_the_window_stays_unfilled()
    {
        // One day only: a 3-hour gap cannot be filled linearly (> 120 min) and no other day has those times.
        var readings = Enumerable.Range(1, 48).Where(i => i is < 10 or > 15).Select(i => Nee(Slot(i), -10m)).ToList();
        var r = SeriesAccount.Compute(Nee30(), readings);
        Assert.Equal((6, 0L), (r.UnfilledSlots, r.FilledTotal));
        Assert.Equal(-420 * PerSlot, r.Total); // 42 readings × −10
    }

    [Fact]
    public void A_value_outside_the_physical_range_is_flagged_and_excluded_and_its_slot_filled()
    {
        // Slot 10 reads 80 µmol m-2 s-1 (range −50 … 50): flagged, replaced by the linear fill −10 between its neighbours.
        var readings = Enumerable.Range(1, 48).Select(i => Nee(Slot(i), i == 10 ? 80m : -10m)).ToList();
        var r = SeriesAccount.Compute(Nee30(), readings);
        Assert.Equal(QcFlags.Range, r.Flags[Slot(10) - AccountClock.Offset]);
        Assert.Equal(1, r.Count(QcFlags.Range));
        Assert.Equal(-480 * PerSlot, r.Total);
        Assert.Equal((1, 1), (r.Days[0].Flagged, r.Days[0].FilledSlots));
    }

    [Fact]
    public void Four_identical_values_are_a_stuck_sensor_and_three_are_not()
    {
        // Slots 5–8 read −7.3 (a run of 4); slots 20–22 read −4.1 (a run of 3); the rest alternate −10 / −11.
        decimal V(int i) => i is >= 5 and <= 8 ? -7.3m : i is >= 20 and <= 22 ? -4.1m : i % 2 == 0 ? -10m : -11m;
        var readings = Enumerable.Range(1, 48).Select(i => Nee(Slot(i), V(i))).ToList();
        var r = SeriesAccount.Compute(Nee30(Qc(stuck: 4)), readings);
        Assert.Equal([Slot(5), Slot(6), Slot(7), Slot(8)], r.Flags.Keys.Order().Select(t => t + AccountClock.Offset));
        Assert.All(r.Flags.Values, f => Assert.Equal(QcFlags.Stuck, f));
    }

    [Fact]
    public void A_spike_beyond_the_robust_z_bound_of_its_window_is_flagged_and_its_neighbours_are_not()
    {
        // x_i = −10 (i even), −13 (i odd), i = 0 … 47, and x_20 = 15 (a spike). Double differences d_i = 2x_i − x_{i−1} − x_{i+1}
        // for i = 1 … 46: even i → +6 (22 of them) and d_20 = 30 + 26 = 56; odd i → −6 (21) and d_19 = d_21 = −26 + 10 − 15 = −31.
        // Median of the 46: (−6 + 6)/2 = 0; |d − 0| sorted: 43 × 6, 31, 31, 56 → MAD = 6; bound = 4 × 6 / 0.6745 = 35.58.
        // Only d_20 = 56 is outside ±35.58.
        var readings = Enumerable.Range(0, 48).Select(i => Nee(Slot(i + 1), i == 20 ? 15m : i % 2 == 0 ? -10m : -13m)).ToList();
        var r = SeriesAccount.Compute(Nee30(Qc(spikeZ: 4m, spikeWindowDays: 2)), readings);
        var flagged = Assert.Single(r.Flags);
        Assert.Equal((Slot(21) - AccountClock.Offset, QcFlags.Spike), (flagged.Key, flagged.Value));
    }

    [Fact]
    public void A_reading_marked_bad_by_its_sender_is_excluded()
    {
        var readings = Enumerable.Range(1, 4).Select(i => Nee(Slot(i), -10m)).ToList();
        readings[1] = readings[1] with { Quality = "bad" };
        var r = SeriesAccount.Compute(Nee30(), readings);
        Assert.Equal(QcFlags.Source, r.Flags[readings[1].TimeUtc]);
        Assert.Equal((3, 1), (r.ValidSlots, r.LinearSlots));
    }
}
