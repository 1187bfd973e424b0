using System.Globalization;

namespace EcoLedger.Rasters;

/// <summary>
/// How far the zonal step of <see cref="RasterPreparation.Run"/> is. The step makes one pass over every unit for each band the configured
/// fields read (fields of the same band share its pass) and one for the land cover, so the whole step is <see cref="Total"/> = passes × units unit visits.
/// </summary>
/// <param name="Raster">The raster of the current pass, named as the configuration names it.</param>
/// <param name="Band">The band read in the current pass.</param>
/// <param name="Pass">The current pass, from 1.</param>
/// <param name="Passes">Passes in all: the distinct bands the fields read, plus one for the land cover when there is one.</param>
/// <param name="UnitsDone">Units of the current pass done (0 when it begins, <paramref name="Units"/> when it ends).</param>
/// <param name="Units">Units in all; every pass visits each of them.</param>
public readonly record struct ZonalProgress(string Raster, int Band, int Pass, int Passes, int UnitsDone, int Units)
{
    /// <summary>Unit visits done over the whole step.</summary>
    public long Done => ((long)(Pass - 1) * Units) + UnitsDone;

    /// <summary>Unit visits the whole step makes.</summary>
    public long Total => (long)Passes * Units;

    /// <summary>True when the current pass has visited every unit (also reported for a pass skipped because its raster or band is unusable).</summary>
    public bool PassFinished => UnitsDone == Units;

    /// <summary>The pass as a progress display names it, e.g. <c>zonal statistics: npp.tif band 1 (3 of 5)</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"zonal statistics: {Raster} band {Band} ({Pass} of {Passes})");
}
