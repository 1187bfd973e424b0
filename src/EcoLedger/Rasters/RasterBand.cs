namespace EcoLedger.Rasters;

/// <summary>
/// One band of a <see cref="GeoTiffRaster"/>, read block by block through a least-recently-used cache of decoded
/// blocks. Memory is bounded by the cache capacity plus one encoded block, whatever the raster's size: at most
/// max(1, ⌊capacity / block bytes⌋) blocks of BlockWidth × BlockHeight doubles are held.
/// </summary>
public sealed class RasterBand
{
    /// <summary>The default cache capacity: 64 MiB, 256 tiles of 256 × 256 or a strip band of 800 rows of a 10,000-column raster.</summary>
    public const long DefaultCacheBytes = 64L << 20;

    private readonly GeoTiffRaster _raster;
    private readonly int _maxBlocks;
    private readonly Dictionary<int, LinkedListNode<(int Key, double[] Values)>> _cache = [];
    private readonly LinkedList<(int Key, double[] Values)> _lru = new();
    private readonly int _blocksAcross;
    private byte[] _encoded = [];

    internal RasterBand(GeoTiffRaster raster, int band, long cacheBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cacheBytes);
        _raster = raster;
        Index = band;
        _maxBlocks = (int)Math.Clamp(cacheBytes / raster.BlockBytes, 1, int.MaxValue);
        _blocksAcross = (raster.Width + raster.BlockWidth - 1) / raster.BlockWidth;
        NoData = raster.NoData;
    }

    /// <summary>The band number (from 1).</summary>
    public int Index { get; }

    /// <summary>The nodata value, or null.</summary>
    public double? NoData { get; }

    /// <summary>Blocks decoded so far (a block evicted and read again counts twice).</summary>
    public long BlocksDecoded { get; private set; }

    /// <summary>The most blocks the cache holds at once.</summary>
    public int CacheBlocks => _maxBlocks;

    /// <summary>True when <paramref name="value"/> is a real value (not NaN, not the nodata value).</summary>
    public bool IsValid(double value) => !double.IsNaN(value) && (NoData is not { } nd || value != nd);

    /// <summary>
    /// Copies the pixels of <paramref name="row"/> from column <paramref name="col0"/> into <paramref name="values"/>
    /// (its length is the number of columns); columns must lie inside the raster.
    /// </summary>
    public void ReadRow(int row, int col0, Span<double> values)
    {
        if ((uint)row >= (uint)_raster.Height || col0 < 0 || col0 + values.Length > _raster.Width)
        {
            throw new ArgumentOutOfRangeException(nameof(row), $"row {row}, columns {col0}..{col0 + values.Length - 1} lie outside the {_raster.Width} × {_raster.Height} raster.");
        }
        int bw = _raster.BlockWidth, bh = _raster.BlockHeight;
        int blockRow = row / bh, inRow = row - blockRow * bh;
        int col = col0, end = col0 + values.Length;
        while (col < end)
        {
            int blockCol = col / bw;
            int stop = Math.Min(end, (blockCol + 1) * bw);
            var block = Block(blockCol, blockRow);
            block.AsSpan(inRow * bw + (col - blockCol * bw), stop - col).CopyTo(values[(col - col0)..]);
            col = stop;
        }
    }

    private double[] Block(int blockCol, int blockRow)
    {
        int key = blockRow * _blocksAcross + blockCol;
        if (_cache.TryGetValue(key, out var node))
        {
            if (node != _lru.First)
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
            }
            return node.Value.Values;
        }
        double[] values;
        if (_cache.Count >= _maxBlocks)
        {
            // Reuse the evicted block's array: steady state allocates nothing.
            var last = _lru.Last!;
            _lru.RemoveLast();
            _cache.Remove(last.Value.Key);
            values = last.Value.Values;
        }
        else
        {
            values = new double[_raster.BlockWidth * _raster.BlockHeight];
        }
        _raster.ReadBlock(Index, blockCol, blockRow, values, ref _encoded);
        BlocksDecoded++;
        _cache[key] = _lru.AddFirst((key, values));
        return values;
    }
}
