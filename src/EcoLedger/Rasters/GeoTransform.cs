namespace EcoLedger.Rasters;

/// <summary>
/// The affine map from pixel space (column, row; (0, 0) is the outer corner of the first pixel, rows grow down) to the
/// raster's CRS, as in GDAL: <c>x = X0 + col·A + row·B</c>, <c>y = Y0 + col·D + row·E</c>.
/// </summary>
/// <param name="X0">x of the outer corner of pixel (0, 0).</param>
/// <param name="A">x step per column.</param>
/// <param name="B">x step per row (rotation; 0 for north-up rasters).</param>
/// <param name="Y0">y of the outer corner of pixel (0, 0).</param>
/// <param name="D">y step per column (rotation; 0 for north-up rasters).</param>
/// <param name="E">y step per row (negative for north-up rasters).</param>
public sealed record GeoTransform(double X0, double A, double B, double Y0, double D, double E)
{
    /// <summary>The determinant A·E − B·D; its absolute value is the area of one pixel in CRS units².</summary>
    public double Determinant => A * E - B * D;

    /// <summary>The area of one pixel in CRS units² (m² for a projected CRS, degree² for a geographic one).</summary>
    public double PixelArea => Math.Abs(Determinant);

    /// <summary>The CRS coordinate of a pixel-space point.</summary>
    public (double X, double Y) ToWorld(double col, double row) => (X0 + col * A + row * B, Y0 + col * D + row * E);

    /// <summary>The pixel-space point of a CRS coordinate.</summary>
    public (double Col, double Row) ToPixel(double x, double y)
    {
        double det = Determinant, dx = x - X0, dy = y - Y0;
        return ((dx * E - dy * B) / det, (dy * A - dx * D) / det);
    }
}
