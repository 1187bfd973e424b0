using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EcoLedger.IntegrationTests.Reports;

/// <summary>
/// Headless Chromium driven over the DevTools protocol (loopback WebSocket, no package): what the command-line switches cannot
/// do — emulate print media at a chosen width, evaluate a script and read its value, print to PDF with the page's own
/// <c>@page</c> size. Chromium is Debian's (scripts/install-test-deps.sh installs it; this class installs nothing). One browser
/// serves several pages one after another (<see cref="OpenPage"/>), each in a browser context of its own: no cookie, storage or
/// cache of one page is seen by the next, as with a fresh profile, without starting Chromium again for each.
/// </summary>
internal sealed partial class ChromiumDevTools : IDisposable
{
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;
    private bool _broken;

    private ChromiumDevTools(Process process) => _process = process;

    /// <summary>Debian's chromium, or null when it is not installed.</summary>
    public static string? Executable() => new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    /// <summary>True while the browser process runs and its connection has not failed (a timeout or a broken socket).</summary>
    public bool Usable => !_broken && !_process.HasExited;

    /// <summary>
    /// Starts Chromium with a fresh profile in <paramref name="profile"/>. A start that does not come up is retried once with
    /// another profile: on a loaded 2-core CI machine one start in a few hundred took longer than the wait, or exited before listening.
    /// </summary>
    public static ChromiumDevTools Launch(string profile)
    {
        try
        {
            return LaunchOnce(profile);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("chromium did not report", StringComparison.Ordinal))
        {
            return LaunchOnce(profile + "-retry");
        }
    }

    private static ChromiumDevTools LaunchOnce(string profile)
    {
        string exe = Executable() ?? throw new InvalidOperationException("chromium is not installed; run scripts/install-test-deps.sh (CI's .ci/run does).");
        var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--remote-debugging-port=0", "--remote-allow-origins=*",
            $"--user-data-dir={profile}", "about:blank" })
        {
            psi.ArgumentList.Add(a);
        }
        var process = Process.Start(psi)!;
        var chromium = new ChromiumDevTools(process);
        try
        {
            process.StandardOutput.ReadToEndAsync();
            // Chromium prints the browser's WebSocket address on stderr once it listens.
            var said = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var read = Task.Run(() =>
            {
                while (process.StandardError.ReadLine() is { } line)
                {
                    var m = Listening().Match(line);
                    if (m.Success)
                    {
                        return m.Groups[1].Value;
                    }
                    said.Enqueue(line);
                }
                return null;
            });
            if (!read.Wait(TimeSpan.FromSeconds(60)) || read.Result is not { } ws)
            {
                throw new InvalidOperationException("chromium did not report a DevTools address within 60 s" +
                    (process.HasExited ? $" (it exited with {process.ExitCode})" : "") + "; it said: " + string.Join(" | ", said.TakeLast(5)));
            }
            _ = Task.Run(() => process.StandardError.ReadToEnd());
            chromium._socket.ConnectAsync(new Uri(ws), CancellationToken.None).Wait(TimeSpan.FromSeconds(30));
            return chromium;
        }
        catch
        {
            chromium.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="url"/> in a new page, in a browser context of its own, and waits until it has loaded.</summary>
    public Page OpenPage(string url)
    {
        string context = Send("Target.createBrowserContext", [], null)["browserContextId"]!.GetValue<string>();
        Page? page = null;
        try
        {
            string target = Send("Target.createTarget", new JsonObject { ["url"] = "about:blank", ["browserContextId"] = context }, null)["targetId"]!.GetValue<string>();
            string session = Send("Target.attachToTarget", new JsonObject { ["targetId"] = target, ["flatten"] = true }, null)["sessionId"]!.GetValue<string>();
            page = new Page(this, context, target, session);
            page.Send("Page.enable", []);
            page.Send("Page.navigate", new JsonObject { ["url"] = url });
            page.Evaluate("new Promise(r => document.readyState === 'complete' ? r(1) : addEventListener('load', () => r(1)))");
            return page;
        }
        catch
        {
            if (page is not null)
            {
                page.Dispose();
            }
            else
            {
                Send("Target.disposeBrowserContext", new JsonObject { ["browserContextId"] = context }, null);
            }
            throw;
        }
    }

    private JsonNode Send(string method, JsonObject parameters, string? session)
    {
        try
        {
            return SendOnce(method, parameters, session);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            _broken = true;
            throw;
        }
    }

    private JsonNode SendOnce(string method, JsonObject parameters, string? session)
    {
        int id = ++_nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (session is not null)
        {
            message["sessionId"] = session;
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, timeout.Token).GetAwaiter().GetResult();
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var ms = new MemoryStream();
            WebSocketReceiveResult got;
            do
            {
                got = _socket.ReceiveAsync(buffer, timeout.Token).GetAwaiter().GetResult();
                ms.Write(buffer, 0, got.Count);
            }
            while (!got.EndOfMessage);
            var reply = JsonNode.Parse(ms.ToArray())!;
            if (reply["id"]?.GetValue<int>() != id)
            {
                continue; // an event, or the reply to another command
            }
            if (reply["error"] is { } error)
            {
                throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            }
            return reply["result"]!;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex Listening();

    /// <summary>JSON text of a script value.</summary>
    public static JsonElement Parse(JsonNode? value) => JsonDocument.Parse(value?.ToJsonString() ?? "null").RootElement;

    /// <summary>A page of <see cref="OpenPage"/>; disposing it closes the page and its browser context.</summary>
    internal sealed class Page(ChromiumDevTools browser, string context, string target, string session) : IDisposable
    {
        /// <summary>Lays the page out for print (print media) in a viewport <paramref name="cssWidth"/> CSS pixels wide.</summary>
        public void EmulatePrint(double cssWidth)
        {
            Send("Emulation.setEmulatedMedia", new JsonObject { ["media"] = "print" });
            Send("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = (int)Math.Floor(cssWidth), ["height"] = 1123, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        }

        /// <summary>Lays the page out for a screen (screen media) <paramref name="cssWidth"/> CSS pixels wide, as a phone shows it.</summary>
        public void EmulateScreen(int cssWidth)
        {
            Send("Emulation.setEmulatedMedia", new JsonObject { ["media"] = "screen" });
            Send("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = cssWidth, ["height"] = 740, ["deviceScaleFactor"] = 1, ["mobile"] = true });
        }

        /// <summary>Evaluates a script (a promise is awaited) and returns its value.</summary>
        public JsonNode? Evaluate(string expression)
        {
            var r = Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true });
            if (r["exceptionDetails"] is { } ex)
            {
                throw new InvalidOperationException("script failed: " + ex.ToJsonString());
            }
            return r["result"]?["value"];
        }

        /// <summary>Prints the page as Chromium's print-to-PDF does, with the page size and margins of its <c>@page</c> rule.</summary>
        public byte[] PrintToPdf() =>
            Convert.FromBase64String(Send("Page.printToPDF", new JsonObject { ["preferCSSPageSize"] = true, ["printBackground"] = true })["data"]!.GetValue<string>());

        /// <summary>A PNG of the whole page as laid out now (for a person to look at).</summary>
        public byte[] Screenshot()
        {
            var size = Evaluate("({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight })")!;
            var clip = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = size["w"]!.GetValue<double>(), ["height"] = Math.Min(20_000, size["h"]!.GetValue<double>()), ["scale"] = 1 };
            return Convert.FromBase64String(Send("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true, ["clip"] = clip })["data"]!.GetValue<string>());
        }

        internal JsonNode Send(string method, JsonObject parameters) => browser.Send(method, parameters, session);

        // Best effort: a browser that died or stopped answering is not this page's failure to report (the next OpenPage does).
        // The context is disposed even when closing the page fails (a page that crashed or closed itself): it holds the page's
        // cookies and storage, and a later page of this browser must not see them.
        public void Dispose()
        {
            Close("Target.closeTarget", new JsonObject { ["targetId"] = target });
            Close("Target.disposeBrowserContext", new JsonObject { ["browserContextId"] = context });
        }

        private void Close(string method, JsonObject parameters)
        {
            if (!browser.Usable)
            {
                return; // the browser is gone or hangs: its owner starts another
            }
            try
            {
                browser.Send(method, parameters, null);
            }
            catch (Exception e) when (e is InvalidOperationException or WebSocketException or OperationCanceledException)
            {
                // as above; a protocol error (the target is already gone) leaves the browser usable
            }
        }
    }
}
