using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace Portal.Shell.Api;

/// <summary>
/// Turns what the framework refuses before a handler runs (malformed JSON, a wrong type, an unknown enum name, no
/// body, a query value that does not bind) into the same <c>validation_failed</c> problem the handlers give: errors
/// keyed like theirs (the JSON path without <c>$.</c>, e.g. <c>lines[0].quantity</c>; <c>$</c> for the body as a
/// whole), with words in the request's language that never name a .NET type.
/// </summary>
public static partial class ApiBadRequests
{
    public const string BodyKey = "$";

    public static Dictionary<string, string[]>? Errors(HttpContext http, BadHttpRequestException exception, IStringLocalizer s)
    {
        if (exception.StatusCode != StatusCodes.Status400BadRequest) return null;
        // The exception handler has cleared the request's endpoint; the feature keeps it.
        var endpoint = http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint();
        var method = endpoint?.Metadata.GetMetadata<MethodInfo>();
        if (exception.InnerException is JsonException json)
        {
            // A syntax error carries the reader's own exception; a value of the wrong kind does not.
            if (json.InnerException is JsonException || json.Path is null)
                return One(BodyKey, s["The body is not valid JSON."]);
            var key = Key(json.Path);
            if (json is ApiJson.MissingOffsetException) return One(key, s[DateTimeText]);
            var body = endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType ?? BodyType(method);
            var type = TypeAt(body, json.Path);
            return One(key, Expected(type, s));
        }
        var message = exception.Message;
        if (NoBody().IsMatch(message)) return One(BodyKey, s["Send a JSON object as the request body."]);
        if (FailedToBind().Match(message) is { Success: true } failed)
        {
            var name = failed.Groups["name"].Value;
            var parameter = method?.GetParameters().FirstOrDefault(p => p.Name == name);
            return One(name, Expected(parameter?.ParameterType, s));
        }
        if (Missing().Match(message) is { Success: true } missing)
            return missing.Groups["source"].Value == "body"
                ? One(BodyKey, s["Send a JSON object as the request body."])
                : One(missing.Groups["name"].Value, s["A value is required."]);
        return null;
    }

    private const string DateTimeText = "Give a date and time with its offset, such as 2026-01-31T10:00:00+03:00.";

    private static Dictionary<string, string[]> One(string key, string message) => new() { [key] = [message] };

    /// <summary>"$.lines[0].quantity" → "lines[0].quantity"; "$" stays.</summary>
    internal static string Key(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string Expected(Type? type, IStringLocalizer s)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (type is null) return s["This value is not valid."];
        if (type.IsEnum) return s["Use one of: {0}.", string.Join(", ", Enum.GetNames(type))];
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)) return s["Give a whole number."];
        if (type == typeof(decimal) || type == typeof(double) || type == typeof(float)) return s["Give a number."];
        if (type == typeof(bool)) return s["Give true or false."];
        if (type == typeof(string)) return s["Give text."];
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return s[DateTimeText];
        if (type == typeof(DateOnly)) return s["Give a date, such as 2026-01-31."];
        if (type == typeof(TimeOnly)) return s["Give a time, such as 22:00."];
        if (type == typeof(Guid)) return s["Give an identifier (a UUID)."];
        if (ElementType(type) is not null) return s["Give a list."];
        return s["Give an object."];
    }

    private static Type? BodyType(MethodInfo? method) =>
        method?.GetParameters().Select(p => p.ParameterType)
            .FirstOrDefault(t => t.IsClass && t != typeof(string) && t.Namespace?.StartsWith("Portal", StringComparison.Ordinal) == true);

    /// <summary>The .NET type the JSON at <paramref name="path"/> was read into (web defaults: camelCase, case-insensitive).</summary>
    internal static Type? TypeAt(Type? root, string path)
    {
        var type = root;
        foreach (Match segment in PathSegment().Matches(path))
        {
            if (type is null) return null;
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (segment.Groups["index"].Success) type = ElementType(type);
            else
            {
                var name = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value;
                type = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
            }
        }
        return type;
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string)) return null;
        if (type.IsArray) return type.GetElementType();
        return type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0]
            ?? (typeof(IEnumerable).IsAssignableFrom(type) ? typeof(object) : null);
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>[^']*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();

    // The framework's own (English, fixed) wording, from RequestDelegateFactory.
    [GeneratedRegex(@"^Implicit body inferred for parameter|^Required parameter ""[^""]+"" was not provided from body", RegexOptions.CultureInvariant)]
    private static partial Regex NoBody();

    [GeneratedRegex(@"^Failed to bind parameter ""(?<type>.+) (?<name>\w+)"" from", RegexOptions.CultureInvariant)]
    private static partial Regex FailedToBind();

    [GeneratedRegex(@"^Required parameter ""(?<type>.+) (?<name>\w+)"" was not provided from (?<source>[\w ]+)\.", RegexOptions.CultureInvariant)]
    private static partial Regex Missing();
}
