namespace EcoLedger.Benchmarks;

/// <summary>
/// The samples' climate inputs from station normals (samples/README.md, "Climate inputs"): China Meteorological
/// Administration 1991–2020 normals as tabled in Wikipedia's county articles ("Climate data for Jiayin (1991–2020
/// normals)", "Climate data for Linxian, elevation 1,163 m (1991–2020 normals)", source given there: China Meteorological
/// Administration). Jiayin (嘉荫) is the Yichun county station whose normals we found; Lin County (临县) is in Lüliang.
/// </summary>
public static partial class SampleGenerator
{
    /// <summary>Jiayin, Yichun: mean daily maximum temperature, °C, January to December (1991–2020).</summary>
    internal static readonly double[] JiayinMeanDailyMaxC = [-17.8, -11.2, -1.0, 11.2, 19.8, 24.7, 27.3, 25.3, 19.6, 9.8, -4.5, -16.4];

    /// <summary>Linxian, Lüliang: mean daily maximum temperature, °C, January to December (1991–2020).</summary>
    internal static readonly double[] LinxianMeanDailyMaxC = [-0.7, 4.1, 11.1, 18.9, 24.3, 28.3, 29.3, 27.1, 22.3, 16.0, 8.0, 0.7];

    /// <summary>Yichun's normal annual precipitation, mm (Yichun government climate page for 2023: 677.1 mm against a normal of 635.7 mm).</summary>
    internal const double YichunNormalPrecipitationMm = 635.7;

    /// <summary>Linxian's normal annual precipitation, mm (1991–2020, same table).</summary>
    internal const double LinxianNormalPrecipitationMm = 531.7;

    /// <summary>
    /// An estimate of the days a year with a maximum above <paramref name="thresholdC"/> from the twelve monthly mean daily
    /// maxima: each month's normal is placed at its middle day (365-day year), the normals are interpolated linearly
    /// between consecutive mid-months (December to January across the year end), and the days whose interpolated normal
    /// maximum exceeds the threshold are counted. It is the hot season of the climatological mean day; it ignores
    /// day-to-day variability, so it misses hot spells outside that season and counts cool days inside it (stations'
    /// daily records give the real count). Jiayin: 36 days; Linxian: 86 days.
    /// </summary>
    internal static int DaysAboveFromMonthlyNormals(double[] meanDailyMaxC, double thresholdC)
    {
        int[] lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        var mid = new double[12];
        for (int m = 0, start = 0; m < 12; start += lengths[m], m++)
        {
            mid[m] = start + (lengths[m] + 1) / 2d;
        }
        int count = 0;
        for (int day = 1; day <= 365; day++)
        {
            // The mid-month at or before the day (December's for the days before mid-January).
            int m = Array.FindLastIndex(mid, x => x <= day);
            double t0 = m < 0 ? mid[11] - 365 : mid[m];
            int from = m < 0 ? 11 : m, to = (from + 1) % 12;
            double t1 = to == 0 && m >= 0 ? mid[0] + 365 : mid[to];
            double t = meanDailyMaxC[from] + (meanDailyMaxC[to] - meanDailyMaxC[from]) * (day - t0) / (t1 - t0);
            if (t > thresholdC)
            {
                count++;
            }
        }
        return count;
    }
}
