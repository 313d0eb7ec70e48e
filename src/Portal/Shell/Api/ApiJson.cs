using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Portal.Shell.Api;

/// <summary>
/// The API's JSON: numbers are JSON numbers (the web default also reads "12", which makes every integer
/// <c>["integer","string"]</c> in the OpenAPI document), enums are their names only (never 7), and a date-time
/// carries its offset (no guessing the server's time zone).
/// </summary>
public static partial class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.Converters.Add(new OffsetDateTimeOffsetConverter());
        options.Converters.Add(new UtcDateTimeConverter());
    }

    /// <summary>An ISO 8601 date-time that ends in <c>Z</c> or <c>±hh:mm</c>.</summary>
    internal static bool HasOffset(string text) => OffsetPattern().IsMatch(text);

    [GeneratedRegex(@"T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OffsetPattern();

    /// <summary>Thrown (as a JsonException) for a date-time without an offset, so the 400 can say so.</summary>
    internal sealed class MissingOffsetException() : JsonException("A date-time without an offset.");

    private sealed class OffsetDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value)) throw new JsonException();
            if (!HasOffset(reader.GetString()!)) throw new MissingOffsetException();
            return value;
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>
    /// Times are kept in UTC (the <c>…Utc</c> columns, read back unspecified): written with their <c>Z</c>, and read
    /// only with an offset, into UTC.
    /// </summary>
    private sealed class UtcDateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value)) throw new JsonException();
            if (!HasOffset(reader.GetString()!)) throw new MissingOffsetException();
            return value.UtcDateTime;
        }

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Kind switch
            {
                DateTimeKind.Local => value.ToUniversalTime(),
                DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
                _ => value,
            });
    }
}
