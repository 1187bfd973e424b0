using EcoLedger.Ledger;
using Microsoft.AspNetCore.Mvc;

namespace EcoLedger.Server.Http;

/// <summary>
/// RFC 9457 problem details. A ledger refusal carries the CLI's sentence (state, trigger, actor) with each field named as the request's
/// JSON member (<see cref="LedgerException.Describe"/>), and lists those members in <c>fields</c>.
/// </summary>
public static class Problems
{
    /// <summary>Prefix of every problem type.</summary>
    public const string TypePrefix = "urn:ecoledger:problem:";

    /// <summary>
    /// A refusal: 409 for an idempotency key reused with another request, 400 when input fields are at fault, else 422 (the command is
    /// well-formed but the ledger's state or rules refuse it).
    /// </summary>
    public static IResult FromLedger(LedgerException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string detail = e.Describe(Field);
        if (e.IsRequestIdReuse)
        {
            return Problem(StatusCodes.Status409Conflict, "Idempotency key reused", detail, "idempotency-conflict", e.Fields);
        }
        return e.Fields.Count > 0
            ? Problem(StatusCodes.Status400BadRequest, "Invalid input", detail, "bad-input", e.Fields)
            : Problem(StatusCodes.Status422UnprocessableEntity, "Command refused", detail, "refused", e.Fields);
    }

    /// <summary>
    /// How a request names a command field: its JSON member, except what travels in headers (the idempotency key is the request id, the
    /// signature header carries the key and the entering registry).
    /// </summary>
    public static string Field(string field) => field switch
    {
        "request_id" => "the Idempotency-Key header",
        "key" => "the EcoLedger-Signature header",
        "entered_by" => "signer=REGISTRY",
        _ => field,
    };

    /// <summary>Bad input found by the server itself, naming the field.</summary>
    public static IResult BadInput(string field, string detail) =>
        Problem(StatusCodes.Status400BadRequest, "Invalid input", detail, "bad-input", [field]);

    /// <summary>An authenticated caller acting outside its own holdings or pledges.</summary>
    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden", detail, "forbidden", []);

    /// <summary>Nothing with that id.</summary>
    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail, "not-found", []);

    /// <summary>A problem-details result.</summary>
    public static IResult Problem(int status, string title, string detail, string type, IReadOnlyList<string> fields)
    {
        var extensions = new Dictionary<string, object?>();
        if (fields.Count > 0)
        {
            extensions["fields"] = fields;
        }
        return Results.Problem(detail: detail, statusCode: status, title: title, type: TypePrefix + type, extensions: extensions);
    }

    /// <summary>Writes a problem-details body directly (authentication and rate-limit handlers, which run outside endpoints).</summary>
    public static Task Write(HttpContext context, int status, string title, string detail, string type)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ProblemDetails { Status = status, Title = title, Detail = detail, Type = TypePrefix + type },
            options: null, contentType: "application/problem+json");
    }
}
