
namespace EcoLedger.Pricing;

/// <summary>How a package's share certificates are weighted.</summary>
public enum ShareBasis
{
    /// <summary>By the area contributed (ha).</summary>
    Area,

    /// <summary>By the annual GEP value of the package's chosen services contributed (CNY/yr at creation).</summary>
    Value,
}
