namespace EcoLedger.Rasters;

/// <summary>
/// The statistics of one band over one polygon, each valid pixel (not nodata, not NaN) weighted by its coverage
/// fraction f (exact fraction, or 1/0 in centre mode). Definitions, as exactextract's (methodology/rasters.md):
/// count = Σf; sum = Σ v·f; mean = Σ v·f / Σf; min and max over the pixels with f &gt; 0; class coverage = Σf per
/// value; majority = the value of largest Σf (the smallest value on a tie).
/// </summary>
public sealed class ZonalStatistics
{
    private readonly Dictionary<long, double>? _classes;

    /// <summary>An empty accumulator; <paramref name="categorical"/> also keeps the coverage of each value (class).</summary>
    public ZonalStatistics(bool categorical = false)
    {
        _classes = categorical ? [] : null;
    }

    /// <summary>Σf over valid pixels, in pixels.</summary>
    public double Count { get; private set; }

    /// <summary>Σ v·f over valid pixels (raster units × pixels).</summary>
    public double Sum { get; private set; }

    /// <summary>The smallest valid value with f &gt; 0, or null when none.</summary>
    public double? Min { get; private set; }

    /// <summary>The largest valid value with f &gt; 0, or null when none.</summary>
    public double? Max { get; private set; }

    /// <summary>Σf over nodata pixels: how much of the polygon the raster leaves without a value.</summary>
    public double NoDataCount { get; private set; }

    /// <summary>Σf per value (categorical only; empty otherwise).</summary>
    public IReadOnlyDictionary<long, double> ClassCoverage => _classes ?? [];

    /// <summary>The coverage-weighted mean, or null when no valid pixel is covered.</summary>
    public double? Mean => Count > 0 ? Sum / Count : null;

    /// <summary>The class of largest coverage (the smallest code on a tie), or null when none.</summary>
    public long? Majority
    {
        get
        {
            if (_classes is null || _classes.Count == 0)
            {
                return null;
            }
            long best = 0;
            double bestCover = -1;
            foreach (var (k, v) in _classes)
            {
                if (v > bestCover || (v == bestCover && k < best))
                {
                    (best, bestCover) = (k, v);
                }
            }
            return best;
        }
    }

    /// <summary>Adds a valid pixel of value <paramref name="value"/> covered by fraction <paramref name="fraction"/> (&gt; 0).</summary>
    public void Add(double value, double fraction)
    {
        Count += fraction;
        Sum += value * fraction;
        Min = Min is { } lo && lo <= value ? lo : value;
        Max = Max is { } hi && hi >= value ? hi : value;
        if (_classes is not null)
        {
            long key = (long)value;
            _classes[key] = _classes.GetValueOrDefault(key) + fraction;
            if (key != value)
            {
                NonIntegral ??= value;
            }
        }
    }

    /// <summary>
    /// For a categorical raster, the first value that is not a whole number, or null: a class code is whole, so such a value means a
    /// land cover resampled by interpolation (bilinear, cubic), whose pixels between two codes would be counted as the lower one.
    /// </summary>
    public double? NonIntegral { get; private set; }

    /// <summary>Adds a nodata pixel covered by fraction <paramref name="fraction"/>.</summary>
    public void AddNoData(double fraction) => NoDataCount += fraction;

    /// <summary>Accumulates <paramref name="band"/> over the pixels of <paramref name="coverage"/>, one row at a time.</summary>
    /// <param name="band">The band read.</param>
    /// <param name="coverage">The polygon's pixel coverage.</param>
    /// <param name="categorical">Also keep the coverage of each value (class).</param>
    /// <param name="cancel">Checked before each pixel row (a large polygon spans many blocks, which may take seconds to decode).</param>
    /// <returns>The statistics; every count is zero when the polygon misses the raster.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled.</exception>
    public static ZonalStatistics Compute(RasterBand band, PixelCoverage coverage, bool categorical = false, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(band);
        ArgumentNullException.ThrowIfNull(coverage);
        var stats = new ZonalStatistics(categorical);
        if (!coverage.TouchesRaster)
        {
            return stats;
        }
        int n = coverage.Columns;
        var fractions = n <= 4096 ? stackalloc double[n] : new double[n];
        var values = n <= 4096 ? stackalloc double[n] : new double[n];
        for (int row = coverage.RowMin; row <= coverage.RowMax; row++)
        {
            cancel.ThrowIfCancellationRequested();
            coverage.Row(row, fractions);
            int first = fractions.IndexOfAnyExcept(0d);
            if (first < 0)
            {
                continue;
            }
            int last = fractions.LastIndexOfAnyExcept(0d);
            var v = values[first..(last + 1)];
            band.ReadRow(row, coverage.ColMin + first, v);
            for (int i = 0; i < v.Length; i++)
            {
                double f = fractions[first + i];
                if (f <= 0)
                {
                    continue;
                }
                if (band.IsValid(v[i]))
                {
                    stats.Add(v[i], f);
                }
                else
                {
                    stats.AddNoData(f);
                }
            }
        }
        return stats;
    }
}
