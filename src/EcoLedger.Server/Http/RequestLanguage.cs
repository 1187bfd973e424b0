namespace EcoLedger.Server.Http;

/// <summary>The language a request asks for: the pages' and the command answers' (<c>?lang=zh|en</c>, else <c>Accept-Language</c>).</summary>
public static class RequestLanguage
{
    /// <summary><c>zh</c> or <c>en</c>: <c>?lang=</c> when it names one, else the first preference of <c>Accept-Language</c> (Chinese or English).</summary>
    public static string Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        string? asked = http.Request.Query["lang"];
        if (asked is "zh" or "en")
        {
            return asked;
        }
        string accept = http.Request.Headers.AcceptLanguage.ToString();
        return accept.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh" : "en";
    }
}
