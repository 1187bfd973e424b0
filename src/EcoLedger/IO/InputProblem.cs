namespace EcoLedger.IO;

/// <summary>
/// One problem in an input file, reported with the others in one pass: which file, where (row or feature),
/// which field and what was expected. Rows count the header as row 1, as a spreadsheet does.
/// </summary>
/// <param name="File">The file name as given on the command line.</param>
/// <param name="Location">Row or feature, e.g. <c>row 7, unit 'YC-0006'</c> or <c>feature #3, unit 'LL-0002'</c>; empty for the whole file.</param>
/// <param name="Field">The column or property, if the problem is about one.</param>
/// <param name="Message">What was expected and what was found, as a sentence.</param>
public sealed record InputProblem(string File, string Location, string? Field, string Message)
{
    /// <summary>The one-line form printed to the user.</summary>
    public override string ToString()
    {
        var where = string.IsNullOrEmpty(Location) ? File : $"{File}: {Location}";
        return Field is null ? $"{where}: {Message}" : $"{where}, field '{Field}': {Message}";
    }

    /// <summary>
    /// Problems of one input gathered by different readers (syntax, then the engine's checks against the ledger) as one list in row
    /// order: whole-file problems first, then by row, line or feature number; the same problem twice is listed once.
    /// </summary>
    public static IReadOnlyList<InputProblem> InRowOrder(IEnumerable<InputProblem> problems) =>
        problems.Distinct().Select((p, i) => (p, i)).OrderBy(x => Number(x.p.Location)).ThenBy(x => x.i).Select(x => x.p).ToList();

    private static long Number(string location)
    {
        int i = 0;
        while (i < location.Length && !char.IsAsciiDigit(location[i]))
        {
            i++;
        }
        long n = 0;
        for (; i < location.Length && char.IsAsciiDigit(location[i]) && n < long.MaxValue / 10 - 9; i++)
        {
            n = n * 10 + (location[i] - '0');
        }
        return location.Length == 0 ? -1 : n;
    }
}
