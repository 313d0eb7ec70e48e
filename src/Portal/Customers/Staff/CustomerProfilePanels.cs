using System.Security.Claims;
using Portal.Core.Customers;

namespace Portal.Customers.Staff;

/// <summary>
/// One section of the staff view of a customer (/staff/customers/{number}). A feature adds its own with
/// <c>services.AddCustomerProfilePanel&lt;T&gt;()</c>: the profile page asks each panel for its model and renders
/// its partial under its title, in <see cref="Order"/>.
/// </summary>
public interface ICustomerProfilePanel
{
    /// <summary>Stable, used in element ids (<c>panel-{Id}</c>).</summary>
    string Id { get; }

    /// <summary>The English resource key of the heading (add it with tools/i18n.py).</summary>
    string Title { get; }

    /// <summary>The partial's full path, e.g. <c>/Pages/Loyalty/_ProfilePanel.cshtml</c>.</summary>
    string PartialName { get; }

    int Order { get; }

    bool IsVisibleTo(ClaimsPrincipal viewer) => true;

    /// <summary>The partial's model for this customer.</summary>
    Task<object?> LoadAsync(PersonDetails customer, CancellationToken ct);
}

/// <summary>Who the customer is: the details everyone at the counter needs first.</summary>
public sealed class AccountPanel : ICustomerProfilePanel
{
    public string Id => "account";
    public string Title => "Account";
    public string PartialName => "/Customers/Staff/_AccountPanel.cshtml";
    public int Order => 0;
    public Task<object?> LoadAsync(PersonDetails customer, CancellationToken ct) => Task.FromResult<object?>(customer);
}

public static class CustomerProfilePanelRegistration
{
    public static IServiceCollection AddCustomerProfilePanel<TPanel>(this IServiceCollection services)
        where TPanel : class, ICustomerProfilePanel =>
        services.AddScoped<ICustomerProfilePanel, TPanel>();

    public static IServiceCollection AddCustomerProfile(this IServiceCollection services) =>
        services.AddScoped<CustomerProfileView>().AddCustomerProfilePanel<AccountPanel>();
}
