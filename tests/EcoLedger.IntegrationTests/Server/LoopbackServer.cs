using System.Net;
using System.Net.Sockets;
using EcoLedger.Server;
using Microsoft.AspNetCore.Builder;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// The real server (Kestrel, not the in-memory test server) on a free loopback port over a ledger file, for the tests that need what
/// only Kestrel does: a browser, Server-Sent Events over a socket, request size limits.
/// </summary>
internal static class LoopbackServer
{
    /// <summary>Starts the server over <paramref name="db"/> with <c>reg</c> as the registry participant and any further settings.</summary>
    public static async Task<(WebApplication App, string Url)> StartAsync(string db, params string[] settings)
    {
        string url = "http://127.0.0.1:" + FreePort();
        var app = ServerApp.Build(["--urls", url, "--EcoLedger:Database=" + db, "--EcoLedger:RegistryParticipant=reg", "--Logging:LogLevel:Default=Warning", .. settings]);
        await app.StartAsync();
        return (app, url);
    }

    /// <summary>Stops the server and removes its directory (a file still open on a slow machine is left for the OS to clean).</summary>
    public static async Task StopAsync(WebApplication app, string dir)
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dir, true);
        }
        catch (IOException)
        {
            // a file still open on a slow machine
        }
    }

    /// <summary>A port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
