namespace EcoLedger.Rasters;

/// <summary>The pixel types EcoLedger reads (TIFF SampleFormat × BitsPerSample).</summary>
public enum RasterSampleType
{
    /// <summary>Signed 8-bit integer.</summary>
    Int8,

    /// <summary>Unsigned 8-bit integer (land-cover classes, most categorical products).</summary>
    UInt8,

    /// <summary>Signed 16-bit integer (scaled MODIS products).</summary>
    Int16,

    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16,

    /// <summary>Signed 32-bit integer.</summary>
    Int32,

    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32,

    /// <summary>IEEE 754 single precision.</summary>
    Float32,

    /// <summary>IEEE 754 double precision.</summary>
    Float64,
}
