using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EcoLedger.Valuation;

namespace EcoLedger.IO;

/// <summary>
/// Writes a run's files into a staging folder and moves them into the output folder only when the run succeeded,
/// so a failed run leaves the output folder as it was: <c>gep-units.csv</c>, <c>gep-not-computed.csv</c>,
/// <c>gep-warnings.csv</c> (all streamed) and <c>gep-summary.json</c>.
/// </summary>
public sealed class GepOutputWriter : IGepSink, IDisposable
{
    /// <summary>Header of gep-units.csv.</summary>
    public const string UnitsHeader = "unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny";

    private readonly string _outDir;
    private readonly string _staging;
    private readonly StreamWriter _units;
    private readonly StreamWriter _gaps;
    private readonly StreamWriter _warnings;
    private readonly char[] _number = new char[64];
    private bool _closed;

    /// <summary>Opens the staging folder next to <paramref name="outDir"/>.</summary>
    public GepOutputWriter(string outDir, GepSummary summary)
    {
        _outDir = Path.GetFullPath(outDir);
        Summary = summary;
        string parent = Path.GetDirectoryName(_outDir) ?? ".";
        Directory.CreateDirectory(parent);
        _staging = Path.Combine(parent, $".{Path.GetFileName(_outDir)}.staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_staging);
        _units = Open("gep-units.csv", UnitsHeader);
        _gaps = Open("gep-not-computed.csv", "unit_id,indicator,reason");
        _warnings = Open("gep-warnings.csv", "unit_id,indicator,message");
    }

    /// <summary>The totals being accumulated.</summary>
    public GepSummary Summary { get; }

    private StreamWriter Open(string name, string header)
    {
        var w = new StreamWriter(new FileStream(Path.Combine(_staging, name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), new UTF8Encoding(false), 1 << 16);
        w.NewLine = "\n";
        w.WriteLine(header);
        return w;
    }

    /// <inheritdoc />
    public void Row(in GepRow row)
    {
        Summary.AddRow(row);
        var w = _units;
        w.Write(CsvLineReader.Escape(row.UnitId));
        w.Write(',');
        w.Write(CsvLineReader.Escape(row.Region));
        w.Write(',');
        w.Write(row.Ecosystem.Code());
        w.Write(',');
        w.Write(row.Indicator);
        w.Write(',');
        if (row.Quantity is { } q && Math.Round(q, 6).TryFormat(_number, out int n, "R", CultureInfo.InvariantCulture))
        {
            w.Write(_number, 0, n);
        }
        w.Write(',');
        w.Write(row.QuantityUnit);
        w.Write(',');
        if (row.ValueCny.TryFormat(_number, out n, "0.00", CultureInfo.InvariantCulture))
        {
            w.Write(_number, 0, n);
        }
        w.Write('\n');
    }

    /// <inheritdoc />
    public void NotComputed(in NotComputed item)
    {
        Summary.AddNotComputed(item);
        _gaps.Write(CsvLineReader.Escape(item.UnitId));
        _gaps.Write(',');
        _gaps.Write(item.Indicator);
        _gaps.Write(',');
        _gaps.WriteLine(CsvLineReader.Escape(item.Reason));
    }

    /// <inheritdoc />
    public void Warning(in UnitWarning warning)
    {
        Summary.AddWarning(warning);
        _warnings.Write(CsvLineReader.Escape(warning.UnitId));
        _warnings.Write(',');
        _warnings.Write(warning.Indicator);
        _warnings.Write(',');
        _warnings.WriteLine(CsvLineReader.Escape(warning.Message));
    }

    /// <summary>Writes the summary JSON and moves every file into the output folder.</summary>
    public void Commit(byte[] summaryJson)
    {
        Close();
        File.WriteAllBytes(Path.Combine(_staging, "gep-summary.json"), summaryJson);
        Directory.CreateDirectory(_outDir);
        foreach (var file in Directory.GetFiles(_staging))
        {
            File.Move(file, Path.Combine(_outDir, Path.GetFileName(file)), overwrite: true);
        }
        Directory.Delete(_staging, recursive: true);
    }

    private void Close()
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        _units.Dispose();
        _gaps.Dispose();
        _warnings.Dispose();
    }

    /// <summary>Discards the staging folder (a failed run writes nothing).</summary>
    public void Dispose()
    {
        Close();
        if (Directory.Exists(_staging))
        {
            Directory.Delete(_staging, recursive: true);
        }
    }

    /// <summary>The SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }
}
