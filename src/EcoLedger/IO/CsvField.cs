namespace EcoLedger.IO;

/// <summary>Writing side of RFC 4180 for the files EcoLedger writes itself.</summary>
public static class CsvField
{
    /// <summary>Quotes a value for CSV output when it holds a comma, a quote or a line break (inner quotes doubled).</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
