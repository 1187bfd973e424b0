using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace EcoLedger.Server.Http;

/// <summary>
/// A query-string, route or header value that did not bind, in the API's words: ASP.NET's <c>Failed to bind parameter "Nullable&lt;int&gt;
/// year" from "abc".</c> becomes <c>year (query string): expected a whole number; got 'abc'.</c>, the parameter named as the request
/// names it (its <c>[FromQuery(Name = …)]</c>, else the handler's parameter name) and what it takes said without .NET type names.
/// Used for every endpoint by the server's one bad-request handler.
/// </summary>
public static partial class ParameterProblems
{
    /// <summary>The field and the sentence, or null when <paramref name="e"/> is not about a query, route or header value.</summary>
    public static (string Field, string Detail)? Describe(HttpContext http, BadHttpRequestException e)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(e);
        if (e.InnerException is not null)
        {
            return null;
        }
        var failed = NotBound().Match(e.Message);
        var missing = failed.Success ? Match.Empty : Missing().Match(e.Message);
        if (!failed.Success && !missing.Success)
        {
            return null;
        }
        string name = (failed.Success ? failed : missing).Groups["name"].Value;
        var endpoint = http.GetEndpoint();
        var parameter = endpoint?.Metadata.GetMetadata<MethodInfo>()?.GetParameters().FirstOrDefault(p => p.Name == name);
        if (parameter is null)
        {
            return null;
        }
        var (field, where) = parameter.GetCustomAttribute<FromQueryAttribute>() is { Name: { } q } ? (q, "query string")
            : parameter.GetCustomAttribute<FromRouteAttribute>() is { Name: { } r } ? (r, "in the path")
            : parameter.GetCustomAttribute<FromHeaderAttribute>() is { Name: { } h } ? (h, "header")
            : parameter.GetCustomAttribute<FromHeaderAttribute>() is not null ? (name, "header")
            : parameter.GetCustomAttribute<FromRouteAttribute>() is not null
                || (endpoint as RouteEndpoint)?.RoutePattern.GetParameter(name) is not null ? (name, "in the path")
            : (name, "query string");
        string? takes = Takes(parameter.ParameterType);
        string detail = failed.Success
            ? $"{field} ({where}): expected {takes ?? "a valid value"}; got '{Shown(failed.Groups["value"].Value)}'."
            : $"{field} ({where}): missing{(takes is null ? "" : $"; expected {takes}")}.";
        return (field, detail);
    }

    private static string Shown(string value) => value.Length <= 100 ? value : value[..100] + "…";

    /// <summary>What a value of <paramref name="type"/> looks like, in words; null for text.</summary>
    private static string? Takes(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()));
        }
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64
                or TypeCode.UInt64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.Boolean => "true or false",
            TypeCode.DateTime => "a date and time in ISO 8601, e.g. 2024-06-01T08:30:00+08:00",
            TypeCode.String or TypeCode.Char => null,
            _ when type == typeof(DateOnly) => "a date YYYY-MM-DD",
            _ when type == typeof(DateTimeOffset) => "a date and time in ISO 8601, e.g. 2024-06-01T08:30:00+08:00",
            _ when type == typeof(TimeOnly) => "a time HH:MM",
            _ when type == typeof(Guid) => "a GUID",
            _ => null,
        };
    }

    // RequestDelegateFactory's sentences (Microsoft.AspNetCore.Http.RequestDelegateFactory.Log).
    [GeneratedRegex("""^Failed to bind parameter "(?:[^"]* )?(?<name>[^" ]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex NotBound();

    [GeneratedRegex("""^Required parameter "(?:[^"]* )?(?<name>[^" ]+)" was not provided from (?<source>.+)\.$""", RegexOptions.Singleline)]
    private static partial Regex Missing();
}
