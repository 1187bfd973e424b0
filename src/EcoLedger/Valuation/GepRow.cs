namespace EcoLedger.Valuation;

/// <summary>One computed unit × indicator: physical quantity and value (rounded to the fen).</summary>
/// <param name="UnitId">The unit.</param>
/// <param name="Region">Its region.</param>
/// <param name="Ecosystem">Its ecosystem.</param>
/// <param name="Indicator">Indicator code.</param>
/// <param name="Quantity">Physical quantity, null where it mixes units (material products).</param>
/// <param name="QuantityUnit">Unit of the quantity.</param>
/// <param name="ValueCny">Value in CNY, rounded to the fen (half away from zero).</param>
public readonly record struct GepRow(string UnitId, string Region, Ecosystem Ecosystem, string Indicator, double? Quantity, string QuantityUnit, decimal ValueCny);

/// <summary>A unit × indicator that could not be computed, with the reason.</summary>
public readonly record struct NotComputed(string UnitId, string Indicator, string Reason);

/// <summary>A warning about one unit × indicator (a clamped negative, an incomplete input group).</summary>
public readonly record struct UnitWarning(string UnitId, string Indicator, string Message);

/// <summary>Receives the engine's output as it is produced, so nothing per unit is kept in memory.</summary>
public interface IGepSink
{
    /// <summary>A computed row.</summary>
    void Row(in GepRow row);

    /// <summary>A unit × indicator not computed.</summary>
    void NotComputed(in NotComputed item);

    /// <summary>A warning.</summary>
    void Warning(in UnitWarning warning);
}

/// <summary>
/// A sink whose unit-level rows can be formatted ahead, on the thread that computed them, so that the thread that writes
/// only copies bytes (<see cref="Accounting.GepEngine"/> uses it when it has spare time on its read-ahead thread).
/// </summary>
public interface IFormattedRowsSink : IGepSink
{
    /// <summary>A formatter of the bytes <see cref="IGepSink.Row"/> would write; not thread-safe, so one per thread.</summary>
    IGepRowFormatter NewFormatter();

    /// <summary>
    /// Takes rows formatted by a formatter of this sink: <paramref name="rows"/> are counted as <see cref="IGepSink.Row"/>
    /// counts them, and <paramref name="formatted"/> (their lines, in the same order) is written as is.
    /// </summary>
    void Rows(ReadOnlySpan<GepRow> rows, ReadOnlySpan<byte> formatted);
}

/// <summary>
/// Formats result rows into the bytes a <see cref="IFormattedRowsSink"/> writes for them, on the thread that computed them
/// (the engine knows rows, not the file format: the sink's formatter does).
/// </summary>
public interface IGepRowFormatter
{
    /// <summary>
    /// Appends the line of <paramref name="row"/> at <paramref name="length"/> in <paramref name="buffer"/>, an array rented
    /// from <see cref="System.Buffers.ArrayPool{T}.Shared"/>: when it is too small it is returned there and a larger one rented.
    /// </summary>
    void Append(in GepRow row, ref byte[] buffer, ref int length);
}
