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

    private static IReadOnlyList<IFeatureLayerFormat> Load()
    {
        var formats = new List<IFeatureLayerFormat>();
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
            formats.AddRange(asm.GetExportedTypes().Where(t => !t.IsAbstract && typeof(IFeatureLayerFormat).IsAssignableFrom(t))
                .Select(t => (IFeatureLayerFormat)Activator.CreateInstance(t)!));
        }
        return formats;
    }
}
