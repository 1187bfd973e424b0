using System.Net;
using System.Net.Http.Headers;
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
    /// <summary>
    /// Seeds a new ledger in a temporary folder through the in-memory server (<paramref name="seed"/>; it is disposed before the real
    /// server opens the file), then starts the real server over it with <c>reg</c> as the registry participant and any further
    /// <paramref name="settings"/>. Disposing the result stops the server and removes the folder.
    /// </summary>
    public static async Task<LoopbackSite<TSeeded>> StartAsync<TSeeded>(Func<ServerTestHost, TSeeded> seed, params string[] settings)
    {
        ArgumentNullException.ThrowIfNull(seed);
        string dir = Directory.CreateTempSubdirectory("ecoledger-loopback-").FullName;
        string db = Path.Combine(dir, "ledger.db");
        try
        {
            TSeeded seeded;
            using (var host = new ServerTestHost(db))
            {
                seeded = seed(host);
            }
            string url = "http://127.0.0.1:" + FreePort();
            var app = ServerApp.Build(["--urls", url, "--EcoLedger:Database=" + db, "--EcoLedger:RegistryParticipant=reg", "--Logging:LogLevel:Default=Warning", .. settings]);
            try
            {
                await app.StartAsync();
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
            return new LoopbackSite<TSeeded>(dir, db, url, app, seeded);
        }
        catch
        {
            Remove(dir);
            throw;
        }
    }

    /// <summary>A port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Removes a test's folder (a file still open on a slow machine is left for the OS to clean).</summary>
    internal static void Remove(string dir)
    {
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
}

/// <summary>A started <see cref="LoopbackServer"/>: its folder, ledger, address, the server itself and what the seed returned.</summary>
internal sealed class LoopbackSite<TSeeded> : IAsyncDisposable
{
    private bool _stopped;

    internal LoopbackSite(string dir, string db, string url, WebApplication app, TSeeded seeded)
    {
        (Dir, Db, Url, App, Seeded) = (dir, db, url, app, seeded);
    }

    /// <summary>The temporary folder (the ledger and any file the test writes); removed on dispose.</summary>
    public string Dir { get; }

    /// <summary>The ledger file.</summary>
    public string Db { get; }

    /// <summary>The server's address, <c>http://127.0.0.1:port</c>.</summary>
    public string Url { get; }

    /// <summary>The running server (its services, for a test that watches its feed or hooks into its jobs).</summary>
    public WebApplication App { get; }

    /// <summary>What the seed function returned: passwords, tokens, ids.</summary>
    public TSeeded Seeded { get; }

    /// <summary>A client of the server sending <paramref name="token"/> as its bearer token (none: anonymous).</summary>
    /// <param name="token">The API token, or null.</param>
    /// <param name="timeout">The client's timeout (a stream's test may want none); HttpClient's 100 s when not given.</param>
    public HttpClient Api(string? token = null, TimeSpan? timeout = null)
    {
        var api = new HttpClient { BaseAddress = new Uri(Url) };
        if (timeout is { } t)
        {
            api.Timeout = t;
        }
        if (token is not null)
        {
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return api;
    }

    /// <summary>Stops the server (once: a shutdown test stops it itself, disposing does otherwise).</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await App.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await App.DisposeAsync();
        LoopbackServer.Remove(Dir);
    }
}
