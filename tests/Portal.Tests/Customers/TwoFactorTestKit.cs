using AngleSharp.Dom;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

public static class TwoFactorTestKit
{
    /// <summary>Turns two-step verification on through the pages; returns the shared key and the recovery codes shown.</summary>
    public static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnableTwoFactorAsync(this PortalClient client)
    {
        var page = await client.GetDocumentAsync("/security/two-factor");
        var key = page.Text("#shared-key").Replace(" ", "");
        var response = await client.SubmitFormAsync("/security/two-factor", "form#enable-2fa-form",
            new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) });
        response.AssertRedirectTo("/security/recovery-codes");
        var codes = await client.GetDocumentAsync("/security/recovery-codes");
        return (key, RecoveryCodes(codes));
    }

    public static IReadOnlyList<string> RecoveryCodes(IDocument doc) =>
        [.. doc.QuerySelectorAll("#recovery-codes li").Select(li => li.TextContent.Trim())];

    /// <summary>Password sign-in that must stop at the two-step page.</summary>
    public static async Task SignInUpToTheSecondStepAsync(this PortalClient client, string email)
    {
        var response = await client.SignInFormAsync(email, AccountTestKit.Password);
        response.AssertRedirectTo("/account/login-with2fa");
    }
}
