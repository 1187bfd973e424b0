using System.Globalization;

namespace EcoLedger.Zoning;

/// <summary>Scale-bar and legend arithmetic shared by every map EcoLedger draws (the zoning SVG and the report map).</summary>
public static class MapScale
{
    /// <summary>The largest 1, 2 or 5 × 10ⁿ metres not above <paramref name="metres"/> (a scale-bar length); 1 for nothing.</summary>
    public static double NiceLength(double metres)
    {
        if (!(metres > 0))
        {
            return 1;
        }
        double p = Math.Pow(10, Math.Floor(Math.Log10(metres)));
        double m = metres / p;
        return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
    }

    /// <summary>A scale-bar label: metres below 1 km, kilometres from 1 km.</summary>
    public static string LengthLabel(double metres) => metres >= 1000
        ? $"{(metres / 1000).ToString("0.###", CultureInfo.InvariantCulture)} km"
        : $"{metres.ToString("0.###", CultureInfo.InvariantCulture)} m";

    /// <summary>A density in yuan/km² in short legend form: 5 M, 500 k.</summary>
    public static string ShortDensity(decimal d) => d switch
    {
        >= 1_000_000m => $"{(d / 1_000_000m).ToString("0.##", CultureInfo.InvariantCulture)} M",
        >= 1_000m => $"{(d / 1_000m).ToString("0.##", CultureInfo.InvariantCulture)} k",
        _ => d.ToString("0.##", CultureInfo.InvariantCulture),
    };
}
