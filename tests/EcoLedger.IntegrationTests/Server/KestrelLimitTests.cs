using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EcoLedger.Server;
using EcoLedger.Storage;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// The request body limit (1 MiB, <see cref="ServerApp.MaxRequestBodyBytes"/>) is Kestrel's, so it is tested against the real server on a
/// loopback port (the in-memory test server does not enforce it): a larger upload is refused with 413 and writes nothing, one just
/// under the limit reaches the endpoint.
/// </summary>
public sealed class KestrelLimitTests
{
    [Fact]
    public async Task A_body_over_one_mebibyte_gets_413_from_kestrel_and_writes_nothing()
    {
        // the in-memory server's first run writes the administrator token (the registry's); the real one then finds the ledger set up
        await using var site = await LoopbackServer.StartAsync(seed => seed.AdminToken);
        string db = site.Db;
        using var http = site.Api(site.Seeded);
        long before = JournalCount(db);
        Assert.Equal(1024 * 1024, ServerApp.MaxRequestBodyBytes);

        // A price file of 1 MiB + 1 byte (with Content-Length) and a JSON body of 2 MiB sent chunked (no Content-Length): both refused.
        using var tooBig = await http.PostAsync("/api/pricing/prices?file=big.csv", Csv((int)ServerApp.MaxRequestBodyBytes + 1));
        var chunked = new StringContent("{\"id\":\"" + new string('x', 2 * 1024 * 1024) + "\",\"role\":\"holder\"}", Encoding.UTF8, "application/json");
        chunked.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/participants") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var tooBigChunked = await http.SendAsync(request);
        // Just under the limit the endpoint reads it: a CSV of spaces is not a price file (400), but not refused for its size.
        using var underLimit = await http.PostAsync("/api/pricing/prices?file=ok.csv", Csv((int)ServerApp.MaxRequestBodyBytes - 1024));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBigChunked.StatusCode);
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, underLimit.StatusCode);
        Assert.True((int)underLimit.StatusCode < 500, $"{(int)underLimit.StatusCode} {await underLimit.Content.ReadAsStringAsync()}");
        Assert.Equal(before, JournalCount(db));
    }

    private static ByteArrayContent Csv(int bytes)
    {
        var body = new byte[bytes];
        Array.Fill(body, (byte)' ');
        "date,price\n"u8.CopyTo(body);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    private static long JournalCount(string db)
    {
        using var ledger = LedgerDatabase.Open(db);
        return ledger.JournalEntries().LongCount();
    }
}
