namespace EcoLedger.Ledger.Compensation;

/// <summary>A party of an agreement as specified: a ledger participant, its side and its weight among the parties of that side.</summary>
/// <param name="Id">Participant id.</param>
/// <param name="Side"><c>payer</c> or <c>payee</c>.</param>
/// <param name="Weight">Share among the parties of its side (whole number ≥ 1).</param>
/// <param name="Label">What the side means here, e.g. <c>downstream</c>.</param>
public sealed record PartySpec(string Id, string Side, int Weight = 1, string? Label = null);

/// <summary>A funding source: payments are split across sources in proportion to their shares.</summary>
/// <param name="Id">Source id (letters, digits, underscore).</param>
/// <param name="Kind"><c>government_transfer</c>, <c>enterprise_agreement</c> or <c>social_capital</c>.</param>
/// <param name="Share">Whole-number share (e.g. 60, 30, 10).</param>
/// <param name="Funder">Who provides it, for the statement.</param>
public sealed record FundingSpec(string Id, string Kind, long Share, string? Funder = null);

/// <summary>A water-quality indicator of the index rule; decimals are strings so the journal stays exact.</summary>
/// <param name="Code">Indicator code as in the sample files, e.g. <c>CODMn</c>.</param>
/// <param name="Baseline">Baseline concentration C_i0.</param>
/// <param name="Unit">Unit of the samples and the baseline, e.g. <c>mg/L</c>.</param>
/// <param name="Weight">Weight k_i (default 0.25).</param>
public sealed record IndicatorSpec(string Code, string Baseline, string Unit, string? Weight = null);

/// <summary>
/// The assessment rule. <c>water_quality_index</c> uses <see cref="Section"/>, <see cref="K0"/>, <see cref="Indicators"/>,
/// <see cref="PayIfMetFen"/>, <see cref="PayIfNotMetFen"/>; <c>gep_growth</c> uses <see cref="BaseFen"/> and <see cref="Rate"/>;
/// <c>target</c> uses <see cref="Indicator"/>, <see cref="Target"/>, <see cref="Unit"/>, <see cref="AmountFen"/> and <see cref="Mode"/>.
/// Amounts are integer fen; decimals are strings.
/// </summary>
public sealed record RuleSpec(string Kind, string? Section = null, string? K0 = null, IReadOnlyList<IndicatorSpec>? Indicators = null,
    long? PayIfMetFen = null, long? PayIfNotMetFen = null, long? BaseFen = null, string? Rate = null, string? Indicator = null,
    string? Target = null, string? Unit = null, long? AmountFen = null, string? Mode = null);

/// <summary>The content of an agreement (the <c>--spec</c> file of <c>compensation agreement create</c>).</summary>
/// <param name="Name">Display name.</param>
/// <param name="PeriodStart">First day of the first round.</param>
/// <param name="PeriodEnd">Last day of the last round.</param>
/// <param name="RoundMonths">Length of a round in months (12 = yearly).</param>
/// <param name="Parties">Payers and payees.</param>
/// <param name="Funding">Funding sources with shares.</param>
/// <param name="Rule">The assessment rule.</param>
public sealed record AgreementSpec(string Name, DateOnly PeriodStart, DateOnly PeriodEnd, int RoundMonths, IReadOnlyList<PartySpec> Parties,
    IReadOnlyList<FundingSpec> Funding, RuleSpec Rule);

/// <summary>Reads an agreement spec file strictly: an unknown or misspelt member, or a missing required one, is refused, never read as 0 or null.</summary>
public static class AgreementSpecJson
{
    private static readonly System.Text.Json.JsonSerializerOptions Options = new(Journal.PayloadOptions)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        // JSON keeps the last of two equal keys; in a contract that is an ambiguity to refuse, not to resolve silently.
        AllowDuplicateProperties = false,
    };

    /// <summary>Parses <paramref name="json"/>.</summary>
    /// <exception cref="System.Text.Json.JsonException">Not a spec: <see cref="Describe"/> or <see cref="DescribeMember"/> words it.</exception>
    public static AgreementSpec Parse(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<AgreementSpec>(json, Options)
        ?? throw new System.Text.Json.JsonException("expected an object (name, period_start, period_end, round_months, parties, funding, rule), found null");

    /// <summary>
    /// Why a spec file did not parse, placed as an editor shows it: <c>line 5, column 27, field '$.round_months': expected a whole
    /// number from -2147483648 to 2147483647.</c> or <c>line 3, column 18: not valid JSON (…).</c>
    /// </summary>
    public static string Describe(System.Text.Json.JsonException e, string json) =>
        IO.JsonErrorPosition.Describe(e, json, Options.GetTypeInfo(typeof(AgreementSpec)));

    /// <summary>
    /// Why a spec given as the member <paramref name="member"/> of a request did not parse, the field named from the request's
    /// root (<c>field '$.spec.round_months': expected …</c>); no place, as the member's text is not the body's.
    /// </summary>
    public static string DescribeMember(System.Text.Json.JsonException e, string member) =>
        IO.JsonErrorPosition.IsSyntaxError(e)
            ? IO.JsonErrorPosition.NotValid(e)
            : IO.JsonErrorPosition.NotBound(e, Options.GetTypeInfo(typeof(AgreementSpec)), $"$.{member}");
}
