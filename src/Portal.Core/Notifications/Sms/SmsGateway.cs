using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Portal.Core.Notifications.Sms;

/// <summary>Configuration section "Sms": one HTTP gateway that fits most providers, or a folder when no URL is set.</summary>
public sealed class SmsOptions
{
    /// <summary>The provider's send URL. Unset: messages are written as files to <see cref="PickupDirectory"/>.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// The request body with placeholders {to} (E.164), {text}, {id} (the idempotency key) and {from} (<see cref="SenderId"/>).
    /// Values are JSON-escaped when <see cref="ContentType"/> is JSON, form-encoded otherwise.
    /// </summary>
    public string BodyTemplate { get; set; } = """{"to":"{to}","from":"{from}","text":"{text}","reference":"{id}"}""";

    public string ContentType { get; set; } = "application/json";

    /// <summary>e.g. "Authorization" with "Bearer …", or "X-API-Key" with the key.</summary>
    public string? AuthHeaderName { get; set; }
    public string? AuthHeaderValue { get; set; }

    /// <summary>Also sent as a header so providers that de-duplicate by header see a retry as the same message; empty for none.</summary>
    public string IdempotencyHeaderName { get; set; } = "Idempotency-Key";

    /// <summary>The alphanumeric sender name or number the provider shows, if any.</summary>
    public string? SenderId { get; set; }

    public string PickupDirectory { get; set; } = "App_Data/sms";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The country calling code for numbers typed without one ("0501234567" → +966501234567).</summary>
    public string DefaultCountryCode { get; set; } = "966";

    public PhoneVerificationOptions Verification { get; set; } = new();
}

/// <summary>Sends one text message. Throwing means it did not go out; the caller may retry with the same <c>idempotencyKey</c>.</summary>
public interface ISmsGateway
{
    Task SendAsync(string to, string text, string idempotencyKey, CancellationToken ct = default);
}

public sealed class SmsSendException(string message) : Exception(message);

/// <summary>An HTTP POST per message, shaped by <see cref="SmsOptions.BodyTemplate"/>; anything but 2xx throws (and so is retried).</summary>
public sealed class HttpSmsGateway(SmsOptions options, HttpClient http) : ISmsGateway
{
    public async Task SendAsync(string to, string text, string idempotencyKey, CancellationToken ct = default)
    {
        var body = RenderBody(options, to, text, idempotencyKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Url)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaType(options)) { CharSet = "utf-8" };
        if (!string.IsNullOrEmpty(options.AuthHeaderName))
            request.Headers.TryAddWithoutValidation(options.AuthHeaderName, options.AuthHeaderValue ?? "");
        if (!string.IsNullOrEmpty(options.IdempotencyHeaderName))
            request.Headers.TryAddWithoutValidation(options.IdempotencyHeaderName, idempotencyKey);

        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new SmsSendException($"The SMS gateway answered {(int)response.StatusCode} {response.ReasonPhrase}.");
    }

    public static string RenderBody(SmsOptions options, string to, string text, string id)
    {
        var json = IsJson(options);
        string Encode(string value) => json
            ? JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString()
            : Uri.EscapeDataString(value);
        return new StringBuilder(options.BodyTemplate)
            .Replace("{to}", Encode(to))
            .Replace("{from}", Encode(options.SenderId ?? ""))
            .Replace("{id}", Encode(id))
            // Last: the message itself may contain a placeholder's text.
            .Replace("{text}", Encode(text))
            .ToString();
    }

    private static string MediaType(SmsOptions options) => options.ContentType.Split(';')[0].Trim();

    private static bool IsJson(SmsOptions options) => MediaType(options).Contains("json", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Development and tests: each message becomes a text file (like the .eml pickup folder for mail).</summary>
public sealed class FileSmsGateway(SmsOptions options, TimeProvider clock) : ISmsGateway
{
    private static long _sequence;

    public async Task SendAsync(string to, string text, string idempotencyKey, CancellationToken ct = default)
    {
        Directory.CreateDirectory(options.PickupDirectory);
        // Names sort in sending order, even when a test clock stands still.
        var name = $"{clock.GetUtcNow():yyyyMMddHHmmssfff}-{Interlocked.Increment(ref _sequence):D9}-{Guid.NewGuid():N}.txt";
        var content = $"To: {to}\nFrom: {options.SenderId}\nId: {idempotencyKey}\n\n{text}\n";
        await File.WriteAllTextAsync(Path.Combine(options.PickupDirectory, name), content, new UTF8Encoding(false), ct);
    }

    /// <summary>A message written by <see cref="SendAsync"/>: who it went to and its text.</summary>
    public static (string To, string Id, string Text) Read(string path)
    {
        var content = File.ReadAllText(path, Encoding.UTF8);
        var split = content.IndexOf("\n\n", StringComparison.Ordinal);
        var headers = content[..split].Split('\n').Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        return (headers["To"], headers["Id"], content[(split + 2)..].TrimEnd('\n'));
    }
}
