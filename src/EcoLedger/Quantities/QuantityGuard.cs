using System.Globalization;

namespace EcoLedger.Quantities;

internal static class QuantityGuard
{
    public static double Finite(double value, string what)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(what, value, $"{what} must be a finite number; got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
        return value;
    }

    public static double NonNegative(double value, string what)
    {
        Finite(value, what);
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(what, value, $"{what} must be zero or greater; got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
        return value;
    }
}
