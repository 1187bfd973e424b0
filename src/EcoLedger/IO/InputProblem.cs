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
}
