using System.Globalization;
using EcoLedger.IO;

namespace EcoLedger.Valuation.Files;

/// <summary>One row of <c>gep-units.csv</c>: one unit's figure for one indicator.</summary>
/// <param name="Line">The record's row in the file, counting the header as row 1 (see <see cref="CsvRecordReader.Row"/>).</param>
/// <param name="UnitId">Unit id.</param>
/// <param name="Region">Region.</param>
/// <param name="Ecosystem">Ecosystem code.</param>
/// <param name="Indicator">Indicator code.</param>
/// <param name="Quantity">Physical quantity in <paramref name="QuantityUnit"/> (null when the indicator has none).</param>
/// <param name="QuantityUnit">Unit of the quantity (e.g. <c>t CO2</c>).</param>
/// <param name="ValueCny">Value in CNY.</param>
public sealed record GepUnitRow(long Line, string UnitId, string Region, string Ecosystem, string Indicator, decimal? Quantity, string QuantityUnit,
    decimal ValueCny);

/// <summary>
/// The one reader of the GEP engine's <c>gep-units.csv</c> (written by <see cref="GepOutputWriter"/>), streamed: the pricing
/// module, the reports and the demo all read the file through it.
/// </summary>
public static class GepUnitsFile
{
    /// <summary>The file's name in a GEP output folder.</summary>
    public const string FileName = "gep-units.csv";

    /// <summary>The file, for a path that is the file or the output folder holding it.</summary>
    public static string Locate(string path) => Directory.Exists(path) ? Path.Combine(path, FileName) : path;

    /// <summary>Streams the rows of <paramref name="file"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header or a row is not what the GEP engine writes; the message names file, line and field.</exception>
    public static IEnumerable<GepUnitRow> Read(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"GEP output '{file}' does not exist; run 'ecoledger gep compute' first.", file);
        }
        return Rows(file);
    }

    private static IEnumerable<GepUnitRow> Rows(string file)
    {
        using var csv = CsvRecordReader.Open(file);
        if (!Next(csv) || csv.FieldCount < 7 || csv.GetString(0) != "unit_id" || csv.GetString(3) != "indicator")
        {
            throw new InvalidDataException($"{file}: expected the header {GepOutputWriter.UnitsHeader}.");
        }
        while (Next(csv))
        {
            if (csv.FieldCount < 7)
            {
                throw new InvalidDataException($"{file}, {csv.Location}: expected 7 fields, got {csv.FieldCount}.");
            }
            string unit = csv.GetString(0);
            string text = csv[6].Trim().ToString();
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var cny))
            {
                throw new InvalidDataException($"{file}, {csv.Location}, unit '{unit}', field 'value_cny': expected an amount in CNY, got '{text}'.");
            }
            string q = csv[4].Trim().ToString();
            decimal? quantity = null;
            if (q.Length > 0)
            {
                quantity = decimal.TryParse(q, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                    : throw new InvalidDataException($"{file}, {csv.Location}, unit '{unit}', field 'quantity': expected a number, got '{q}'.");
            }
            yield return new GepUnitRow(csv.Row, unit, csv.GetString(1), csv.GetString(2), csv.GetString(3), quantity, csv.GetString(5), cny);
        }
    }

    /// <summary>The next record; a file that cannot be split into records is not the GEP engine's output.</summary>
    private static bool Next(CsvRecordReader csv)
    {
        try
        {
            return csv.Read();
        }
        catch (CsvFormatException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }
}
