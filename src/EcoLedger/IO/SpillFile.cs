using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace EcoLedger.IO;

/// <summary>
/// Writes a temporary binary file of fixed-layout records (the GEP engine's spill) through one large buffer with
/// direct little-endian stores: a million records of ten fields each made a <see cref="BinaryWriter"/>'s call into the
/// stream per field show in profiles. Read back with <see cref="SpillReader"/> in the same order of calls.
/// </summary>
internal sealed class SpillWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly byte[] _buffer = new byte[1 << 20];
    private int _used;

    /// <summary>Creates the file (it must not exist).</summary>
    public SpillWriter(string path) => _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);

    private Span<byte> Take(int bytes)
    {
        if (bytes > _buffer.Length - _used)
        {
            Flush();
        }
        var span = _buffer.AsSpan(_used, bytes);
        _used += bytes;
        return span;
    }

    public void Write(byte value) => Take(1)[0] = value;

    public void Write(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);

    public void Write(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Take(8), value);

    [MethodImpl(HotPath.Optimized)]
    public void Write(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var span = Take(16);
        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[(4 * i)..], bits[i]);
        }
    }

    /// <summary>A string as its UTF-8 byte count and bytes.</summary>
    [MethodImpl(HotPath.Optimized)]
    public void Write(string value)
    {
        int bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes + 4 > _buffer.Length)
        {
            throw new ArgumentException($"A spilled text is limited to {_buffer.Length - 4} bytes.", nameof(value));
        }
        Write(bytes);
        Encoding.UTF8.GetBytes(value, Take(bytes));
    }

    private void Flush()
    {
        _file.Write(_buffer, 0, _used);
        _used = 0;
    }

    public void Dispose()
    {
        Flush();
        _file.Dispose();
    }
}

/// <summary>Reads what <see cref="SpillWriter"/> wrote, field by field, through one large buffer.</summary>
internal sealed class SpillReader : IDisposable
{
    private readonly FileStream _file;
    private readonly byte[] _buffer = new byte[1 << 20];
    private int _position;
    private int _end;

    /// <summary>Opens the file for one sequential pass.</summary>
    public SpillReader(string path) =>
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1, FileOptions.SequentialScan);

    /// <summary>True when every record has been read.</summary>
    public bool AtEnd => _position == _end && Fill(1) == 0;

    private ReadOnlySpan<byte> Take(int bytes)
    {
        if (_end - _position < bytes && Fill(bytes) < bytes)
        {
            throw new EndOfStreamException("The spill file ends inside a record.");
        }
        var span = _buffer.AsSpan(_position, bytes);
        _position += bytes;
        return span;
    }

    // Moves the unread bytes to the front and reads until at least `bytes` are buffered or the file ends; the count buffered.
    private int Fill(int bytes)
    {
        int left = _end - _position;
        Buffer.BlockCopy(_buffer, _position, _buffer, 0, left);
        (_position, _end) = (0, left);
        while (_end < bytes)
        {
            int read = _file.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                break;
            }
            _end += read;
        }
        return _end;
    }

    public byte ReadByte() => Take(1)[0];

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    [MethodImpl(HotPath.Optimized)]
    public decimal ReadDecimal()
    {
        var span = Take(16);
        Span<int> bits = stackalloc int[4];
        for (int i = 0; i < 4; i++)
        {
            bits[i] = BinaryPrimitives.ReadInt32LittleEndian(span[(4 * i)..]);
        }
        return new decimal(bits);
    }

    [MethodImpl(HotPath.Optimized)]
    public string ReadString() => Encoding.UTF8.GetString(Take(ReadInt32()));

    public void Dispose() => _file.Dispose();
}
