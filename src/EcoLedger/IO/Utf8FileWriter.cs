using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace EcoLedger.IO;

/// <summary>
/// A buffered writer of UTF-8 text for the large CSV outputs: strings are encoded and numbers formatted straight into a
/// byte buffer (no <see cref="StreamWriter"/> char buffer and re-encoding), and the buffer goes to the file when full.
/// </summary>
public sealed class Utf8FileWriter : IDisposable
{
    /// <summary>The most bytes <see cref="CsvNumbers.RoundTrip"/> or <see cref="CsvNumbers.Fen"/> writes.</summary>
    internal const int MaxNumberBytes = 64;

    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _used;

    /// <summary>Writes to <paramref name="stream"/> (owned: disposed with the writer).</summary>
    public Utf8FileWriter(Stream stream, int bufferSize = 1 << 18)
    {
        _stream = stream;
        _buffer = new byte[Math.Max(bufferSize, 1024)];
    }

    /// <summary>Creates a new file.</summary>
    public static Utf8FileWriter Create(string path) =>
        new(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1));

    /// <summary>Appends bytes that are already UTF-8.</summary>
    public void Write(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > _buffer.Length - _used)
        {
            Flush();
            if (utf8.Length > _buffer.Length)
            {
                _stream.Write(utf8);
                return;
            }
        }
        utf8.CopyTo(_buffer.AsSpan(_used));
        _used += utf8.Length;
    }

    /// <summary>Appends one ASCII character.</summary>
    public void Write(byte ascii)
    {
        if (_used == _buffer.Length)
        {
            Flush();
        }
        _buffer[_used++] = ascii;
    }

    /// <summary>Appends a string, encoded as UTF-8.</summary>
    public void Write(string text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max > _buffer.Length - _used)
        {
            Flush();
            if (max > _buffer.Length)
            {
                _stream.Write(Encoding.UTF8.GetBytes(text));
                return;
            }
        }
        _used += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_used));
    }

    /// <summary>
    /// Room for at least <paramref name="bytes"/> bytes at the end of the buffer, to be formatted into directly and then
    /// committed with <see cref="Advance"/>; at most the buffer size.
    /// </summary>
    public Span<byte> GetSpan(int bytes)
    {
        Reserve(Math.Min(bytes, _buffer.Length));
        return _buffer.AsSpan(_used);
    }

    /// <summary>Commits <paramref name="bytes"/> bytes written into the span of <see cref="GetSpan"/>.</summary>
    public void Advance(int bytes) => _used += bytes;

    /// <summary>Appends a double in the shortest form that round-trips (<c>R</c>, invariant culture).</summary>
    public void WriteRoundTrip(double value)
    {
        Reserve(MaxNumberBytes);
        _used += CsvNumbers.RoundTrip(value, _buffer.AsSpan(_used));
    }

    /// <summary>Appends an amount with exactly two decimals, as <c>decimal.ToString("0.00", InvariantCulture)</c> writes it.</summary>
    public void WriteFen(decimal value)
    {
        Reserve(MaxNumberBytes);
        _used += CsvNumbers.Fen(value, _buffer.AsSpan(_used));
    }

    private void Reserve(int bytes)
    {
        if (bytes > _buffer.Length - _used)
        {
            Flush();
        }
    }

    /// <summary>Sends the buffered bytes to the stream.</summary>
    public void Flush()
    {
        if (_used > 0)
        {
            _stream.Write(_buffer, 0, _used);
            _used = 0;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Flush();
        _stream.Dispose();
    }
}

/// <summary>
/// The two number formats of the GEP output files, written as UTF-8 with direct paths for the common cases. Each
/// produces exactly the text of the framework's formatting (tests compare them on many values), which is the fallback.
/// </summary>
public static class CsvNumbers
{
    /// <summary>
    /// Writes <paramref name="value"/> as <c>value.ToString("0.00", InvariantCulture)</c> would, returning the byte count.
    /// Amounts already rounded to the fen (scale ≤ 2) whose count of fen fits in 56 bits take a direct path.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public static int Fen(decimal value, Span<byte> destination)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        int scale = (bits[3] >> 16) & 0xFF;
        bool negative = bits[3] < 0;
        ulong mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        if (bits[2] == 0 && scale <= 2 && mantissa < 1UL << 56)
        {
            ulong fen = scale switch { 2 => mantissa, 1 => mantissa * 10, _ => mantissa * 100 };
            int i = 0;
            if (negative && fen != 0)
            {
                destination[i++] = (byte)'-';
            }
            i += Integer(fen / 100, destination[i..]);
            int cents = (int)(fen % 100);
            destination[i++] = (byte)'.';
            destination[i++] = (byte)('0' + cents / 10);
            destination[i++] = (byte)('0' + cents % 10);
            return i;
        }
        return value.TryFormat(destination, out int written, "0.00", CultureInfo.InvariantCulture)
            ? written
            : throw new ArgumentException("The destination is too small.", nameof(destination));
    }

    /// <summary>
    /// Writes <paramref name="value"/> as <c>value.ToString("R", InvariantCulture)</c> would, returning the byte count.
    /// A value that is the double nearest to a whole number of millionths (as <see cref="Math.Round(double, int)"/> with 6
    /// digits gives) and lies in [0.0001, 10⁹) is written as that decimal: it has at most 15 significant digits, and no two
    /// decimals of 15 digits or fewer map to the same double, so it is also the shortest text that reads back as the value.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    public static int RoundTrip(double value, Span<byte> destination)
    {
        double magnitude = Math.Abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e9)
        {
            double micros = Math.Round(magnitude * 1e6);
            if (micros / 1e6 == magnitude)
            {
                ulong m = (ulong)micros;
                int i = 0;
                if (value < 0)
                {
                    destination[i++] = (byte)'-';
                }
                i += Integer(m / 1_000_000, destination[i..]);
                uint fraction = (uint)(m % 1_000_000);
                if (fraction != 0)
                {
                    // Six digits, then the trailing zeros dropped.
                    destination[i] = (byte)'.';
                    for (int d = 6; d >= 1; d--)
                    {
                        destination[i + d] = (byte)('0' + fraction % 10);
                        fraction /= 10;
                    }
                    i += 7;
                    while (destination[i - 1] == (byte)'0')
                    {
                        i--;
                    }
                }
                return i;
            }
        }
        return value.TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture)
            ? written
            : throw new ArgumentException("The destination is too small.", nameof(destination));
    }

    // The digits of a whole number, as ulong.ToString(InvariantCulture) writes them (no sign, no separators), without the
    // framework's general formatting path (it showed in profiles of the million-row output).
    private static int Integer(ulong value, Span<byte> destination)
    {
        Span<byte> digits = stackalloc byte[20];
        int start = digits.Length;
        do
        {
            ulong quotient = value / 10;
            digits[--start] = (byte)('0' + (int)(value - quotient * 10));
            value = quotient;
        }
        while (value != 0);
        var written = digits[start..];
        if (written.Length > destination.Length)
        {
            throw new ArgumentException("The destination is too small.", nameof(destination));
        }
        written.CopyTo(destination);
        return written.Length;
    }
}
