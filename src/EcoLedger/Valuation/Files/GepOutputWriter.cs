using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EcoLedger.IO;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Uncertainty;

namespace EcoLedger.Valuation.Files;

/// <summary>
/// Writes a run's files into a staging folder and moves them into the output folder only when the run succeeded,
/// so a failed run leaves the output folder as it was: <c>gep-units.csv</c>, <c>gep-not-computed.csv</c>,
/// <c>gep-warnings.csv</c> (all streamed), <c>gep-not-computed-reasons.csv</c> and <c>gep-summary.json</c>.
/// </summary>
/// <remarks>
/// A not-computed line carries a reason code, not the sentence: a run of a million units has millions of lines and a
/// few dozen distinct reasons, and the sentence repeated on every line made the file larger than the results. The
/// sentences are written once, with their indicator and unit count, in <see cref="ReasonsFile"/> (and in the
/// summary's <c>not_computed</c> groups, which carry the same codes).
/// </remarks>
public sealed class GepOutputWriter : IFormattedRowsSink, IDisposable
{
    /// <summary>Header of gep-units.csv.</summary>
    public const string UnitsHeader = "unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny";

    /// <summary>Header of gep-not-computed.csv.</summary>
    public const string NotComputedHeader = "unit_id,indicator,reason_code";

    /// <summary>The legend of the reason codes of gep-not-computed.csv: one line per code.</summary>
    public const string ReasonsFile = "gep-not-computed-reasons.csv";

    /// <summary>Header of <see cref="ReasonsFile"/>.</summary>
    public const string ReasonsHeader = "reason_code,indicator,reason,units";

    // The files of every run: named once, for the writer and for the list of names a run owns in its folder.
    private const string UnitsFile = "gep-units.csv", NotComputedFile = "gep-not-computed.csv", WarningsFile = "gep-warnings.csv", SummaryFile = "gep-summary.json";

    /// <summary>The per-field provenance of a run from rasters (<c>gep compute --rasters</c>), beside gep-summary.json.</summary>
    public const string RasterProvenanceFile = "raster-provenance.json";

    /// <summary>
    /// Every file a <c>gep compute</c> run may write into its output folder, whatever its options. A run removes those it did not
    /// write (the uncertainty tables of a run without <c>--uncertainty</c>, the raster provenance of a run without <c>--rasters</c>),
    /// so a reused folder never pairs one run's summary with another run's files; files of other names are kept.
    /// </summary>
    public static readonly IReadOnlyList<string> OutputFiles =
    [
        UnitsFile, NotComputedFile, WarningsFile, ReasonsFile, SummaryFile,
        UncertaintyOutput.LinesFile, UncertaintyOutput.ParametersFile, RasterProvenanceFile,
    ];

    /// <summary>
    /// Why a run may not write into <paramref name="outDir"/>, or null: it is a file, or one of <see cref="OutputFiles"/> in it, which
    /// the run writes or removes, is one of <paramref name="inputs"/>. Checked before anything is read, so a refused run changes nothing.
    /// </summary>
    public static InputProblem? OutDirProblem(string outDir, IEnumerable<CommandInputFile> inputs)
    {
        ArgumentNullException.ThrowIfNull(outDir);
        ArgumentNullException.ThrowIfNull(inputs);
        if (File.Exists(outDir))
        {
            return new InputProblem("--out", "", null, $"'{outDir}': is a file; expected the folder to write the results into.");
        }
        var list = inputs.ToList();
        foreach (string name in OutputFiles)
        {
            if (OutputPaths.Overwritten(Path.Combine(outDir, name), list) is { } input)
            {
                return new InputProblem("--out", "", null,
                    $"'{outDir}': gep compute would replace or remove its {name}, which is {input.Description}; expected an output folder that holds none of the inputs under a name gep compute writes.");
            }
        }
        return null;
    }

    private readonly string _outDir;
    private readonly string _staging;
    private readonly IDisposable _registration;
    private readonly Utf8FileWriter _units;
    private readonly Utf8FileWriter _gaps;
    private readonly Utf8FileWriter _warnings;
    private readonly Utf8Strings _codes = new(escape: false);
    private readonly List<byte[]> _reasonCodes = [];
    private readonly UnitPrefix _unitPrefix = new();
    private readonly UnitPrefix _gapUnit = new();
    private readonly RecentPairs<(string Indicator, GepSummary.Gap Gap, byte[] LineEnd)> _gapByReason = new();
    private bool _closed;

    /// <summary>Opens the staging folder next to <paramref name="outDir"/>.</summary>
    public GepOutputWriter(string outDir, GepSummary summary)
    {
        _outDir = Path.GetFullPath(outDir);
        Summary = summary;
        string parent = Path.GetDirectoryName(_outDir) ?? ".";
        Directory.CreateDirectory(parent);
        _staging = Path.Combine(parent, $".{Path.GetFileName(_outDir)}.staging-{Guid.NewGuid():N}");
        // Registered so that Ctrl-C or SIGTERM removes it. Staging folders left by older versions or by SIGKILL are not swept
        // here: the name says nothing of its owner, and a folder's age alone cannot tell a crashed run from a live one.
        _registration = TemporaryPaths.Add(_staging);
        Directory.CreateDirectory(_staging);
        _units = Open(UnitsFile, UnitsHeader);
        _gaps = Open(NotComputedFile, NotComputedHeader);
        _warnings = Open(WarningsFile, "unit_id,indicator,message");
    }

    /// <summary>The totals being accumulated.</summary>
    public GepSummary Summary { get; }

    private Utf8FileWriter Open(string name, string header)
    {
        var w = Utf8FileWriter.Create(Path.Combine(_staging, name));
        w.Write(header);
        w.Write((byte)'\n');
        return w;
    }

    /// <inheritdoc />
    [MethodImpl(HotPath.Optimized)]
    public void Row(in GepRow row)
    {
        Summary.AddRow(row);
        var w = _units;
        // unit_id,region,ecosystem, is the same for all the rows of a unit, which come one after another.
        var prefix = _unitPrefix.For(row.UnitId, row.Region, row.Ecosystem);
        var indicator = _codes.Bytes(row.Indicator);
        var unit = _codes.Bytes(row.QuantityUnit);
        int max = GepRowFormatter.MaxLength(prefix, indicator, unit);
        if (max > (1 << 16))
        {
            // A unit id or region too long for the buffer's direct path (ids are short; this is the exact slow path).
            var line = new byte[max];
            w.Write(line.AsSpan(0, GepRowFormatter.Format(prefix, indicator, row.Quantity, unit, row.ValueCny, line)));
            return;
        }
        w.Advance(GepRowFormatter.Format(prefix, indicator, row.Quantity, unit, row.ValueCny, w.GetSpan(max)));
    }

    /// <inheritdoc />
    public IGepRowFormatter NewFormatter() => new GepRowFormatter();

    /// <inheritdoc />
    [MethodImpl(HotPath.Optimized)]
    public void Rows(ReadOnlySpan<GepRow> rows, ReadOnlySpan<byte> formatted)
    {
        foreach (ref readonly var row in rows)
        {
            Summary.AddRow(row);
        }
        _units.Write(formatted);
    }

    /// <inheritdoc />
    [MethodImpl(HotPath.Optimized)]
    public void NotComputed(in NotComputed item)
    {
        // Millions of lines share a few reasons, mostly the same string instances: the group and the encoded end of the
        // line (indicator,code) are kept per reason instance, so a repeated reason needs neither a look-up nor encoding.
        // The cache is keyed by the reason and the indicator together: several indicators can give the same reason text
        // ("no --region-stats given"), and a cache by reason alone had them evict each other on every unit.
        if (_gapByReason.TryGet(item.Reason, item.Indicator, out var known))
        {
            Summary.AddNotComputed(known.Gap, item.UnitId);
        }
        else
        {
            var gap = Summary.AddNotComputed(item);
            if (gap.Units == 1)
            {
                // A new group: its index is the next one, so the list of encoded codes is indexed by it.
                _reasonCodes.Add(Encoding.UTF8.GetBytes(gap.Code));
            }
            known = (item.Indicator, gap, [.. _codes.Bytes(item.Indicator), (byte)',', .. _reasonCodes[gap.Index], (byte)'\n']);
            _gapByReason.Set(item.Reason, item.Indicator, known);
        }
        // The unit's lines come one after another: its escaped id is encoded once.
        _gaps.Write(_gapUnit.For(item.UnitId));
        _gaps.Write(known.LineEnd);
    }

    /// <inheritdoc />
    public void Warning(in UnitWarning warning)
    {
        Summary.AddWarning(warning);
        _warnings.Write(CsvField.Escape(warning.UnitId));
        _warnings.Write((byte)',');
        _warnings.Write(_codes.Bytes(warning.Indicator));
        _warnings.Write((byte)',');
        _warnings.Write(CsvField.Escape(warning.Message));
        _warnings.Write((byte)'\n');
    }

    /// <summary>Adds a further file of the run (e.g. the uncertainty tables); it is moved with the others on commit.</summary>
    public void AddFile(string name, byte[] content) => File.WriteAllBytes(Path.Combine(_staging, name), content);

    /// <summary>
    /// Writes the summary JSON and moves every file into the output folder, removing the <see cref="OutputFiles"/> an earlier run
    /// left there that this run did not write.
    /// </summary>
    public void Commit(byte[] summaryJson)
    {
        Close();
        File.WriteAllBytes(Path.Combine(_staging, ReasonsFile), ReasonsCsv(Summary));
        File.WriteAllBytes(Path.Combine(_staging, SummaryFile), summaryJson);
        Directory.CreateDirectory(_outDir);
        var written = new HashSet<string>(StringComparer.Ordinal);
        using (TemporaryPaths.BeginCommit())
        {
            MoveIntoPlace(written);
        }
        Directory.Delete(_staging, recursive: true);
        _registration.Dispose();
    }

    private void MoveIntoPlace(HashSet<string> written)
    {
        foreach (var file in Directory.GetFiles(_staging))
        {
            written.Add(Path.GetFileName(file));
            string target = Path.Combine(_outDir, Path.GetFileName(file));
            // The previous run's file is first moved aside into the staging folder (deleted with it below), rather than
            // renamed over: ext4 starts writing a file out at once when it is renamed over another (auto_da_alloc), which
            // made replacing a million-unit run's 400 MB of output take 0.26 s of the run (strace) instead of the
            // kernel's usual background writeback. The outputs are not fsynced either way.
            if (File.Exists(target))
            {
                File.Move(target, file + ".replaced");
            }
            File.Move(file, target);
        }
        foreach (string name in OutputFiles.Where(n => !written.Contains(n)))
        {
            string stale = Path.Combine(_outDir, name);
            if (File.Exists(stale))
            {
                File.Move(stale, Path.Combine(_staging, name + ".replaced"));
            }
        }
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
        _registration.Dispose();
    }

    /// <summary>The legend of the reason codes: code, indicator, the full sentence and the number of units, in code order.</summary>
    public static byte[] ReasonsCsv(GepSummary summary)
    {
        var text = new StringBuilder(ReasonsHeader).Append('\n');
        foreach (var g in summary.NotComputed)
        {
            text.Append(g.Code).Append(',').Append(CsvField.Escape(g.Indicator)).Append(',').Append(CsvField.Escape(g.Reason)).Append(',')
                .Append(g.Units.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }
}

/// <summary>
/// Formats lines of <c>gep-units.csv</c> exactly as <see cref="GepOutputWriter.Row"/> writes them (the same code), into a
/// buffer of the caller's, so that another thread can format the rows it computed. Keeps per-instance caches: one per thread.
/// </summary>
public sealed class GepRowFormatter : IGepRowFormatter
{
    private readonly UnitPrefix _unitPrefix = new();
    private readonly Utf8Strings _codes = new(escape: false);

    internal GepRowFormatter()
    {
    }

    /// <inheritdoc/>
    [MethodImpl(HotPath.Optimized)]
    public void Append(in GepRow row, ref byte[] buffer, ref int length)
    {
        var prefix = _unitPrefix.For(row.UnitId, row.Region, row.Ecosystem);
        var indicator = _codes.Bytes(row.Indicator);
        var unit = _codes.Bytes(row.QuantityUnit);
        int max = MaxLength(prefix, indicator, unit);
        if (buffer.Length - length < max)
        {
            var larger = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + max));
            buffer.AsSpan(0, length).CopyTo(larger);
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }
        length += Format(prefix, indicator, row.Quantity, unit, row.ValueCny, buffer.AsSpan(length));
    }

    internal static int MaxLength(ReadOnlySpan<byte> prefix, byte[] indicator, byte[] unit) =>
        prefix.Length + indicator.Length + unit.Length + 2 * Utf8FileWriter.MaxNumberBytes + 4;

    /// <summary>
    /// <c>unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny</c> and a line feed: the quantity rounded to 6
    /// decimals in its shortest round-trip form (empty when null), the value with two decimals.
    /// </summary>
    internal static int Format(ReadOnlySpan<byte> prefix, byte[] indicator, double? quantity, byte[] unit, decimal valueCny, Span<byte> destination)
    {
        prefix.CopyTo(destination);
        int i = prefix.Length;
        indicator.CopyTo(destination[i..]);
        i += indicator.Length;
        destination[i++] = (byte)',';
        if (quantity is { } q)
        {
            i += CsvNumbers.RoundTrip(Math.Round(q, 6), destination[i..]);
        }
        destination[i++] = (byte)',';
        unit.CopyTo(destination[i..]);
        i += unit.Length;
        destination[i++] = (byte)',';
        i += CsvNumbers.Fen(valueCny, destination[i..]);
        destination[i++] = (byte)'\n';
        return i;
    }
}

/// <summary>
/// The UTF-8 bytes (CSV-escaped or as is) of strings that recur row after row: indicator codes, units, not-computed
/// reasons. They are usually the same string instances, so a reference comparison over the few known ones finds them
/// without hashing.
/// </summary>
internal sealed class Utf8Strings(bool escape)
{
    private const int MaxEntries = 64;

    private readonly List<(string Text, byte[] Utf8)> _entries = [];

    // The same few instances recur on millions of lines: looked up by reference (no hashing of the text) before the scan.
    private readonly StringSlots<byte[]> _byReference = new();

    /// <summary>The UTF-8 form of <paramref name="text"/>, escaped for CSV when the cache was made to escape.</summary>
    public byte[] Bytes(string text)
    {
        if (_byReference.TryGet(text, out var known))
        {
            return known;
        }
        var entries = _entries;
        for (int i = 0; i < entries.Count; i++)
        {
            if (ReferenceEquals(entries[i].Text, text))
            {
                _byReference.Set(text, entries[i].Utf8);
                return entries[i].Utf8;
            }
        }
        for (int i = 0; i < entries.Count; i++)
        {
            if (string.Equals(entries[i].Text, text, StringComparison.Ordinal))
            {
                _byReference.Set(text, entries[i].Utf8);
                return entries[i].Utf8;
            }
        }
        var utf8 = Encoding.UTF8.GetBytes(escape ? CsvField.Escape(text) : text);
        if (entries.Count < MaxEntries)
        {
            entries.Add((text, utf8));
            _byReference.Set(text, utf8);
        }
        return utf8;
    }
}

/// <summary>The escaped UTF-8 bytes of <c>unit_id,region,ecosystem,</c> (or <c>unit_id,</c>) for the current unit.</summary>
internal sealed class UnitPrefix
{
    private static readonly byte[][] EcosystemBytes = [.. Enum.GetValues<Ecosystem>().Select(e => Encoding.UTF8.GetBytes(e.Code() + ","))];

    // Region names recur unit after unit (the reader shares one instance per name): encoded and escaped once each.
    private readonly StringSlots<byte[]> _regions = new();
    private string? _unitId;
    private string? _region;
    private Ecosystem _ecosystem;
    private bool _withRegion;
    private byte[] _buffer = new byte[256];
    private int _length;

    /// <summary><c>unit_id,</c>, escaped.</summary>
    public ReadOnlySpan<byte> For(string unitId)
    {
        if (!ReferenceEquals(unitId, _unitId) || _withRegion)
        {
            _length = 0;
            AppendUnitId(unitId);
            (_unitId, _region, _withRegion) = (unitId, null, false);
        }
        return _buffer.AsSpan(0, _length);
    }

    /// <summary><c>unit_id,region,ecosystem,</c>, escaped.</summary>
    public ReadOnlySpan<byte> For(string unitId, string region, Ecosystem ecosystem)
    {
        if (!ReferenceEquals(unitId, _unitId) || !ReferenceEquals(region, _region) || ecosystem != _ecosystem || !_withRegion)
        {
            _length = 0;
            AppendUnitId(unitId);
            if (!_regions.TryGet(region, out var regionBytes))
            {
                regionBytes = Encoding.UTF8.GetBytes(CsvField.Escape(region) + ",");
                _regions.Set(region, regionBytes);
            }
            Append(regionBytes);
            Append(EcosystemBytes[(int)ecosystem]);
            (_unitId, _region, _ecosystem, _withRegion) = (unitId, region, ecosystem, true);
        }
        return _buffer.AsSpan(0, _length);
    }

    private void AppendUnitId(string unitId)
    {
        string text = CsvField.Escape(unitId);
        Reserve(Encoding.UTF8.GetMaxByteCount(text.Length) + 1);
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
        _buffer[_length++] = (byte)',';
    }

    private void Append(byte[] bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer, _length);
        _length += bytes.Length;
    }

    private void Reserve(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        }
    }
}
