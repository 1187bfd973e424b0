namespace EcoLedger.Rasters;

/// <summary>
/// A raster or raster configuration EcoLedger cannot use: an unsupported TIFF variant, missing georeferencing, an
/// unknown CRS, units outside the raster. The message is a full sentence that names the file and, where there is one,
/// the tag and its value, the unit or the configuration field. Hosts report it as bad input (exit code 2).
/// </summary>
public sealed class RasterInputException(string message) : Exception(message)
{
}
