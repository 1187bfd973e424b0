using System.Diagnostics;

namespace EcoLedger.Tests.Rasters;

/// <summary>
/// Runs a script with Debian's /usr/bin/python3 (GDAL 3.6 through rasterio and numpy): the independent implementation
/// the raster tests write inputs and reference statistics with. scripts/install-test-deps.sh installs it; a missing
/// module fails the test (it is not skipped).
/// </summary>
internal static class ReferencePython
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/>; returns stdout, or throws with stderr.</summary>
    public static string Run(string script, params string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{Python} could not be started; run scripts/install-test-deps.sh.");
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Python} failed ({p.ExitCode}); run scripts/install-test-deps.sh if rasterio is missing:\n{stderr.Result}");
        }
        return stdout;
    }

    /// <summary>
    /// Writes a test GeoTIFF with GDAL: value(row, col, band) = ((row·width + col) mod 251) + 1000·(band − 1), then
    /// −100 for signed integer types and ×0.5 for floats; pixel (0, 0) nodata when a nodata value is given.
    /// </summary>
    public const string WriteVariant = """
import sys, json, numpy as np, rasterio
from rasterio.transform import from_origin
s = json.loads(sys.argv[2])
h, w, n, dt = s['height'], s['width'], s.get('count', 1), s['dtype']
bands = []
for b in range(n):
    a = (np.arange(h * w, dtype=np.int64).reshape(h, w) % 251) + 1000 * b
    if dt in ('int16', 'int32'): a = a - 100
    a = a.astype(np.float64) * 0.5 if dt.startswith('float') else a
    a = a.astype(dt)
    if s.get('nodata') is not None: a[0, 0] = s['nodata']
    bands.append(a)
opts = dict(driver='GTiff', width=w, height=h, count=n, dtype=dt, crs=s['crs'],
            transform=from_origin(s['x0'], s['y0'], s['px'], s['py']))
if s.get('nodata') is not None: opts['nodata'] = s['nodata']
if s.get('tiled'): opts.update(tiled=True, blockxsize=16, blockysize=16)
else: opts['blockysize'] = s.get('rows_per_strip', 3)
if s.get('compress'): opts['compress'] = s['compress']
if s.get('predictor'): opts['predictor'] = s['predictor']
if s.get('bigtiff'): opts['BIGTIFF'] = 'YES'
if s.get('interleave'): opts['interleave'] = s['interleave']
with rasterio.open(sys.argv[1], 'w', **opts) as d:
    for b in range(n): d.write(bands[b], b + 1)
""";
}
