using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Customers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Customers;

/// <summary>Finding and making people for the staff and admin tests.</summary>
public static class PeopleTestData
{
    public static Task<PortalUser> PersonAsync(this PortalFactory factory, string email) =>
        factory.WithServiceAsync<PortalUser, UserManager<PortalUser>>(async users =>
            await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No {email}."));

    public static async Task<CustomerNumber> CustomerNumberOfAsync(this PortalFactory factory, string email) =>
        (await factory.PersonAsync(email)).Number;

    /// <summary>A fresh customer of the test's own, so changes do not leak into other tests.</summary>
    public static Task<PortalUser> NewCustomerAsync(this PortalFactory factory, string name, string? phone = null)
    {
        var email = $"{Guid.NewGuid():N}@example.test";
        return factory.WithServiceAsync<PortalUser, CustomerRegistration>(async registration =>
        {
            var (result, user) = await registration.RegisterAsync(
                new NewCustomer(name, email, PortalClient.DemoPassword, phone, new DateOnly(1990, 5, 17), Languages.English));
            return result.Succeeded ? user! : throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        });
    }

    public static Task<IList<string>> RolesOfAsync(this PortalFactory factory, string userId) =>
        factory.WithServiceAsync<IList<string>, UserManager<PortalUser>>(async users =>
            await users.GetRolesAsync((await users.FindByIdAsync(userId))!));

    /// <summary>
    /// Posts <paramref name="fields"/> to <paramref name="action"/> with the antiforgery token from
    /// <paramref name="tokenPage"/>: what a hand-made request (not one of our forms) looks like.
    /// </summary>
    public static async Task<HttpResponseMessage> PostCraftedAsync(this PortalClient client, string tokenPage, string action, IDictionary<string, string> fields)
    {
        var page = await client.GetDocumentAsync(tokenPage);
        var token = page.QuerySelector<IHtmlInputElement>("input[name='__RequestVerificationToken']")?.Value
            ?? throw new InvalidOperationException($"No antiforgery token on {tokenPage}.");
        return await client.Http.PostAsync(action, new FormUrlEncodedContent(
            [.. fields, new KeyValuePair<string, string>("__RequestVerificationToken", token)]));
    }

    /// <summary>Fills and submits a GET form (a search box) the way a browser would: the fields become the query.</summary>
    public static async Task<HttpResponseMessage> SubmitGetFormAsync(this PortalClient client, string pageUrl, string formSelector, IDictionary<string, string> fields)
    {
        var page = await client.GetDocumentAsync(pageUrl);
        var form = page.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}.");
        if (!string.Equals(form.Method, "get", StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException($"'{formSelector}' is not a GET form.");
        foreach (var name in fields.Keys)
            if (form.Elements.OfType<IHtmlInputElement>().All(i => i.Name != name)) throw new InvalidOperationException($"No field '{name}' in '{formSelector}'.");
        var query = string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
        return await client.Http.GetAsync($"{new Uri(form.Action).AbsolutePath}?{query}");
    }
}
