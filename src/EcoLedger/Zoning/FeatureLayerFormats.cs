using System.Reflection;

namespace EcoLedger.Zoning;

/// <summary>A polygon-layer file format read outside the core (one that needs a package the core does not reference).</summary>
public interface IFeatureLayerFormat
{
    /// <summary>The file extensions it reads, lower case with the dot (<c>.gpkg</c>).</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>Reads every feature; the identifier is taken from the property <paramref name="idField"/>.</summary>
    RawLayer Read(string path, string idField);
}

/// <summary>
/// Finds the readers of formats kept out of the core: the known format assemblies are loaded by name (a host that ships them,
/// like the CLI, only references them), and their public <see cref="IFeatureLayerFormat"/> types are created once.
/// </summary>
public static class FeatureLayerFormats
{
    private static readonly string[] KnownAssemblies = ["EcoLedger.GeoPackage"];
    private static readonly Lazy<IReadOnlyList<IFeatureLayerFormat>> Formats = new(Load);

    /// <summary>The reader of <paramref name="extension"/>.</summary>
    /// <exception cref="ZoningInputException">No shipped reader handles it.</exception>
    public static IFeatureLayerFormat For(string extension, string path) =>
        Formats.Value.FirstOrDefault(f => f.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        ?? throw new ZoningInputException(path, null, $"'{extension}' files need the {string.Join(" or ", KnownAssemblies)} reader, which this program does not ship.");

    private static readonly Lazy<IReadOnlyList<IFeatureLayerWriter>> Writers = new(() => Create<IFeatureLayerWriter>());

    /// <summary>The writer of <paramref name="extension"/>, or null when no shipped assembly writes it.</summary>
    public static IFeatureLayerWriter? WriterFor(string extension) =>
        Writers.Value.FirstOrDefault(f => f.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase));

    private static IReadOnlyList<IFeatureLayerFormat> Load() => Create<IFeatureLayerFormat>();

    private static List<T> Create<T>()
    {
        var formats = new List<T>();
        foreach (var name in KnownAssemblies)
        {
            Assembly asm;
            try
            {
                asm = Assembly.Load(new AssemblyName(name));
            }
            catch (FileNotFoundException)
            {
                continue;
            }
            formats.AddRange(asm.GetExportedTypes().Where(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t))
                .Select(t => (T)Activator.CreateInstance(t)!));
        }
        return formats;
    }
}
