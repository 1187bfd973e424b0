using System.Globalization;
using System.Text.Json;
using Json.Schema;

namespace EcoLedger.Ledger.Interop.Cadt;

/// <summary>
/// The JSON Schemas (2020-12) of the CAD Trust project and unit records, derived from the CADT Joi validations
/// (schemas/cadt/README.md names the source of each rule), and the checks JSON Schema cannot state (an end date before its start).
/// </summary>
public static class CadtSchemas
{
    private static readonly Lazy<JsonSchema> ProjectSchema = new(() => Load("EcoLedger.cadt-project.schema.json"));
    private static readonly Lazy<JsonSchema> UnitSchema = new(() => Load("EcoLedger.cadt-unit.schema.json"));

    /// <summary>The project record schema.</summary>
    public static JsonSchema Project => ProjectSchema.Value;

    /// <summary>The unit record schema.</summary>
    public static JsonSchema Unit => UnitSchema.Value;

    /// <summary>
    /// Every problem of one record, each as <c>WHERE: /json/pointer: what is wrong</c>, naming the field that fails (empty when valid).
    /// </summary>
    /// <param name="schema"><see cref="Project"/> or <see cref="Unit"/>.</param>
    /// <param name="record">The record.</param>
    /// <param name="where">How to name the record, e.g. <c>projects.json record 3</c>.</param>
    public static IReadOnlyList<string> Check(JsonSchema schema, JsonElement record, string where)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var result = schema.Evaluate(record, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var problems = new List<string>();
        if (!result.IsValid)
        {
            foreach (var d in result.Details ?? [])
            {
                if (d.Errors is null || d.IsValid)
                {
                    continue;
                }
                foreach (var (keyword, message) in d.Errors)
                {
                    // A failed $ref or anyOf repeats the failure of the branch below it; the leaf names the field.
                    if (keyword is "$ref" or "anyOf" or "allOf" or "then" or "if")
                    {
                        continue;
                    }
                    string line = $"{where}: {Pointer(d.InstanceLocation.ToString())}: {Explain(keyword, message, d)}";
                    if (!problems.Contains(line))
                    {
                        problems.Add(line);
                    }
                }
            }
        }
        if (record.ValueKind == JsonValueKind.Object)
        {
            CheckDates(record, "", where, problems);
        }
        return problems;
    }

    private static void CheckDates(JsonElement o, string path, string where, List<string> problems)
    {
        // Joi.date().min(Joi.ref(...)): the end of a period may not precede its start.
        foreach (var (start, end) in new[] { ("startDate", "endDate"), ("creditingPeriodStartDate", "creditingPeriodEndDate"), ("validityPeriodStartDate", "validityPeriodEndDate") })
        {
            if (o.TryGetProperty(start, out var s) && o.TryGetProperty(end, out var e) && Date(s) is { } a && Date(e) is { } b && b < a)
            {
                problems.Add($"{where}: {path}/{end}: {e.GetString()} is before {start} {s.GetString()}.");
            }
        }
        foreach (var p in o.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Object)
            {
                CheckDates(p.Value, $"{path}/{p.Name}", where, problems);
            }
            else if (p.Value.ValueKind == JsonValueKind.Array)
            {
                int i = 0;
                foreach (var item in p.Value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object)
                    {
                        CheckDates(item, $"{path}/{p.Name}/{i}", where, problems);
                    }
                    i++;
                }
            }
        }
    }

    private static DateTimeOffset? Date(JsonElement e) =>
        e.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    private static string Pointer(string p) => p.Length == 0 ? "(record)" : p;

    private static string Explain(string keyword, string message, EvaluationResults d) => keyword switch
    {
        "enum" => $"{message.TrimEnd('.')}: expected one of the CAD Trust picklist {Picklist(d)}.",
        _ => message.EndsWith('.') ? message : message + ".",
    };

    private static string Picklist(EvaluationResults d)
    {
        // The picklist is named in the property's $comment ("picklist 'countries'").
        string schemaPath = d.EvaluationPath.ToString();
        int i = schemaPath.LastIndexOf("/properties/", StringComparison.Ordinal);
        return i < 0 ? "values" : $"'{schemaPath[(i + "/properties/".Length)..]}' values";
    }

    private static JsonSchema Load(string resource)
    {
        using var stream = typeof(CadtSchemas).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded in EcoLedger.dll.");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromText(reader.ReadToEnd(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }
}
