using System.Reflection;

namespace EcoLedger.Server.Web;

/// <summary>
/// The web app's scripts and styles: embedded in the server assembly (no CDN and no npm step in the build, so the server runs offline)
/// and served anonymously from one table. Pages load them as files, never inline, so the app's CSP keeps <c>script-src 'self'</c>.
/// </summary>
public static class WebAssets
{
    /// <summary>The registry pages' script.</summary>
    public const string AppScript = "/app.js";

    /// <summary>The live monitoring page's script (tables and charts).</summary>
    public const string MonitoringScript = "/app/monitoring.js";

    /// <summary>The live monitoring page's station map.</summary>
    public const string MonitoringMapScript = "/app/monitoring-map.js";

    /// <summary>The GEP dashboard's zone map.</summary>
    public const string GepMapScript = "/app/gep-map.js";

    /// <summary>The details list both maps show for a feature (hover or keyboard); loaded before either map script.</summary>
    public const string MapDetailsScript = "/app/map-details.js";

    /// <summary>OpenLayers, the maps' library (<c>Web/vendor/ol</c>, unchanged from its npm package).</summary>
    public const string OpenLayersScript = "/app/vendor/ol.js";

    /// <summary>OpenLayers' style sheet.</summary>
    public const string OpenLayersStyle = "/app/vendor/ol.css";

    private const string Js = "text/javascript; charset=utf-8", Css = "text/css; charset=utf-8";

    /// <summary>Each served path, the logical name of its embedded resource (the project file's <c>LogicalName</c>) and its type.</summary>
    public static readonly IReadOnlyList<(string Path, string Resource, string ContentType)> Files =
    [
        (AppScript, "app.js", Js),
        (MonitoringScript, "monitoring.js", Js),
        (MonitoringMapScript, "monitoring-map.js", Js),
        (GepMapScript, "gep-map.js", Js),
        (MapDetailsScript, "map-details.js", Js),
        (OpenLayersScript, "vendor/ol.js", Js),
        (OpenLayersStyle, "vendor/ol.css", Css),
    ];

    /// <summary>Maps every asset's path; each is read from the assembly once, on its first request.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var bytes = new Lazy<byte[]>(() => Read(resource));
            app.MapGet(path, () => Results.Bytes(bytes.Value, contentType)).AllowAnonymous().ExcludeFromDescription();
        }
    }

    /// <summary>
    /// The script elements of a page's OpenLayers map: the library, the shared details list, then the page's own map script. All are
    /// deferred, and deferred scripts run in document order, so each finds what it uses already defined.
    /// </summary>
    public static string MapScripts(string mapScript) =>
        $"<script src=\"{OpenLayersScript}\" defer></script><script src=\"{MapDetailsScript}\" defer></script><script src=\"{mapScript}\" defer></script>";

    private static byte[] Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The web app's {resource} is not embedded in the server assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
