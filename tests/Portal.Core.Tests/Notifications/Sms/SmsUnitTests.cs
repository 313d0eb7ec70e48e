using Portal.Core.Notifications.Sms;

namespace Portal.Core.Tests.Notifications.Sms;

public class PhoneNumbersTests
{
    [Theory]
    [InlineData("0501234567", "+966501234567")]
    [InlineData("050-123-4567", "+966501234567")]
    [InlineData("501234567", "+966501234567")]
    [InlineData("966501234567", "+966501234567")]
    [InlineData("00966501234567", "+966501234567")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("٠٥٠١٢٣٤٥٦٧", "+966501234567")]
    public void Numbers_become_E164_with_the_business_country_by_default(string input, string expected)
    {
        Assert.True(PhoneNumbers.TryNormalizeE164(input, "966", out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("05x1234567")]
    [InlineData("+0501234567")]
    [InlineData("+1234567890123456")]
    [InlineData("12345")]
    public void Other_input_is_not_a_number_we_can_text(string? input) =>
        Assert.False(PhoneNumbers.TryNormalizeE164(input, "966", out _));

    [Fact]
    public void A_masked_number_shows_its_country_and_last_four_digits() =>
        Assert.Equal("+966•••••4567", PhoneNumbers.Mask("+966501234567"));
}

public class SmsTextTests
{
    [Fact]
    public void A_text_is_title_and_body_with_the_link_whole_and_at_most_300_characters()
    {
        var link = "https://portal.example.com/tickets/12";
        var text = SmsChannel.Compose("Your ticket has a reply", new string('a', 500), link);

        Assert.Equal(300, text.Length);
        Assert.StartsWith("Your ticket has a reply\naaa", text);
        Assert.EndsWith("…\n" + link, text);
        Assert.Equal("Hi\nThere", SmsChannel.Compose("Hi", "There", null));
    }

    [Fact]
    public void The_body_template_escapes_json_and_keeps_arabic_readable()
    {
        var options = new SmsOptions { SenderId = "Portal" };
        var body = HttpSmsGateway.RenderBody(options, "+966501234567", "مرحبا \"Sam\"\n{to}", "abc@x");

        using var json = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal("مرحبا \"Sam\"\n{to}", json.RootElement.GetProperty("text").GetString());
        Assert.Equal("+966501234567", json.RootElement.GetProperty("to").GetString());
        Assert.Equal("Portal", json.RootElement.GetProperty("from").GetString());
        Assert.Equal("abc@x", json.RootElement.GetProperty("reference").GetString());
        Assert.Contains("مرحبا", body);
    }

    [Fact]
    public void A_form_template_is_url_encoded()
    {
        var options = new SmsOptions { ContentType = "application/x-www-form-urlencoded", BodyTemplate = "To={to}&Body={text}&Ref={id}" };

        Assert.Equal("To=%2B966501234567&Body=a%20%26%20b%3D1&Ref=k1", HttpSmsGateway.RenderBody(options, "+966501234567", "a & b=1", "k1"));
    }
}
