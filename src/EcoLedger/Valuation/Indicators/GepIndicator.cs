using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>
/// One GEP indicator: a physical quantity with its unit, then a value in CNY. Each indicator is documented in
/// <c>methodology/indicators/&lt;code&gt;.md</c> (formula, variables, valuation method, parameters, sources, worked example).
/// </summary>
public abstract class GepIndicator
{
    /// <summary>The code used in files, e.g. <c>water_conservation</c>.</summary>
    public abstract string Code { get; }

    /// <summary>English name.</summary>
    public abstract string NameEn { get; }

    /// <summary>Chinese name.</summary>
    public abstract string NameZh { get; }

    /// <summary>Service category.</summary>
    public abstract ServiceCategory Category { get; }

    /// <summary>The ecosystems the indicator is computed for.</summary>
    public abstract IReadOnlyList<Ecosystem> Ecosystems { get; }

    /// <summary>Unit of the physical quantity (<c>m3</c>, <c>t</c>, <c>kWh</c>, <c>t CO2</c>, <c>visits</c>); empty when the quantity mixes units.</summary>
    public abstract string QuantityUnit { get; }

    /// <summary>The formula in one line, for <c>gep indicators</c>.</summary>
    public abstract string Formula { get; }

    /// <summary>The parameter keys (or key prefixes) the indicator reads.</summary>
    public abstract IReadOnlyList<string> ParameterKeys { get; }

    /// <summary>The monitoring columns the indicator reads.</summary>
    public abstract IReadOnlyList<MonitoringField> Inputs { get; }

    /// <summary>
    /// Which inputs are required, which optional and which are alternatives, in one line for <c>gep indicators</c>;
    /// empty when every input in <see cref="Inputs"/> is simply required.
    /// </summary>
    public virtual string InputGroups => "";

    /// <summary>The sources of the formula and its default parameters, as cited in the methodology document.</summary>
    public virtual IReadOnlyList<string> Sources => [];

    /// <summary>Where the method is documented.</summary>
    public string DocumentPath => $"methodology/indicators/{Code}.md";

    /// <summary>True when the indicator is computed for units of this ecosystem and subtype.</summary>
    public virtual bool AppliesTo(Ecosystem ecosystem, EcosystemSubtype subtype) => Ecosystems.Contains(ecosystem);
}

/// <summary>An indicator computed from one unit's own inputs and the parameters.</summary>
public abstract class UnitIndicator : GepIndicator
{
    /// <summary>Computes the quantity and its value (unrounded) for one unit.</summary>
    public abstract IndicatorResult Compute(AccountingUnit unit, ParameterSet parameters);

    /// <summary>
    /// "Not computed" for the first missing field of a required group; when some fields of the group are present
    /// and others missing, the result also carries an incomplete-input warning.
    /// </summary>
    protected static IndicatorResult? RequireAll(AccountingUnit unit, params MonitoringField[] fields)
    {
        long missingMask = 0;
        for (int i = 0; i < fields.Length; i++)
        {
            if (!unit.Monitoring.Has(fields[i]))
            {
                missingMask |= 1L << Math.Min(i, 63);
            }
        }
        if (missingMask == 0)
        {
            return null;
        }
        if (fields.Length > 63)
        {
            return Missing(unit, fields);
        }
        // The result depends only on the group and on which of its fields are missing, so it is built once per pattern
        // (group arrays are static and never change). Units with the same gap then share one reason string, which the
        // writer and the summary recognise by reference.
        return MissingByGroup.GetValue(fields, static _ => new())
            .GetOrAdd(missingMask, static (_, arg) => Missing(arg.unit, arg.fields), (unit, fields));
    }

    private static readonly ConditionalWeakTable<MonitoringField[], ConcurrentDictionary<long, IndicatorResult?>> MissingByGroup = new();

    private static IndicatorResult? Missing(AccountingUnit unit, MonitoringField[] fields)
    {
        var missing = fields.Where(f => !unit.Monitoring.Has(f)).ToList();
        if (missing.Count == 0)
        {
            return null;
        }
        string names = string.Join(", ", missing.Select(f => f.Column()));
        string reason = $"missing {names}";
        return missing.Count < fields.Length
            ? IndicatorResult.NotComputed(reason, $"incomplete input group: {string.Join(", ", fields.Except(missing).Select(f => f.Column()))} given without {names}")
            : IndicatorResult.NotComputed(reason);
    }

    /// <summary>Reads a field that <see cref="RequireAll"/> has checked.</summary>
    protected static double V(AccountingUnit unit, MonitoringField f) => unit.Monitoring[f]!.Value;
}

/// <summary>The outcome of an indicator for one unit.</summary>
/// <param name="IsComputed">False when an input or parameter is missing.</param>
/// <param name="Quantity">The physical quantity in the indicator's unit.</param>
/// <param name="ValueCny">The value, not yet rounded (the engine rounds each row to the fen).</param>
/// <param name="NotComputedReason">Why it was not computed (<c>missing precipitation_mm</c>).</param>
/// <param name="Warning">Something the user should know even though a figure was produced (a clamped negative, an incomplete group).</param>
public readonly record struct IndicatorResult(bool IsComputed, double Quantity, decimal ValueCny, string? NotComputedReason, string? Warning)
{
    /// <summary>A computed quantity and value.</summary>
    public static IndicatorResult Computed(double quantity, decimal valueCny, string? warning = null) => new(true, quantity, valueCny, null, warning);

    /// <summary>Not computed, with the reason.</summary>
    public static IndicatorResult NotComputed(string reason, string? warning = null) => new(false, 0, 0m, reason, warning);

    /// <summary>Multiplies a physical quantity by a price, in decimal (the price is exact; the quantity carries ~15 significant digits).</summary>
    public static decimal Price(double quantity, decimal unitPrice) => (decimal)quantity * unitPrice;
}
