namespace EcoLedger.Audit;

/// <summary>Reads LF-terminated lines from a stream into a reused buffer (no per-line allocation).</summary>
internal sealed class LineReader
{
    private readonly Stream _stream;
    private readonly int _maxLine;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    public LineReader(Stream stream, int bufferSize = 1 << 20, int maxLine = 64 << 20)
    {
        _stream = stream;
        _buffer = new byte[bufferSize];
        _maxLine = maxLine;
    }

    /// <summary>1-based number of the last line returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>True when the last line returned ended at end of file without an LF.</summary>
    public bool LastLineUnterminated { get; private set; }

    /// <summary>
    /// Returns the next line without its LF (valid until the next call), or false at end of file.
    /// </summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        int scanFrom = _start;
        while (true)
        {
            int nl = _buffer.AsSpan(scanFrom, _end - scanFrom).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                int lineEnd = scanFrom + nl;
                line = _buffer.AsSpan(_start, lineEnd - _start);
                _start = lineEnd + 1;
                LineNumber++;
                LastLineUnterminated = false;
                return true;
            }
            if (_eof)
            {
                if (_end > _start)
                {
                    line = _buffer.AsSpan(_start, _end - _start);
                    _start = _end;
                    LineNumber++;
                    LastLineUnterminated = true;
                    return true;
                }
                line = default;
                return false;
            }
            scanFrom = _end;
            Fill(ref scanFrom);
        }
    }

    private void Fill(ref int scanFrom)
    {
        const int Headroom = 0;
        int pending = _end - _start;
        if (_start > Headroom && _buffer.Length - _end < _buffer.Length / 4)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, Headroom, pending);
            scanFrom -= _start - Headroom;
            _start = Headroom;
            _end = Headroom + pending;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= _maxLine)
            {
                throw new InvalidDataException($"Line {LineNumber + 1} is longer than {_maxLine} bytes.");
            }
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
        {
            _eof = true;
        }
        _end += n;
    }
}
