namespace Portal.Shell.Modules;

/// <summary>
/// A section's control in the header, beside the account menu (the notification bell): a partial view rendered for
/// signed-in people, lowest <paramref name="Order"/> first.
/// </summary>
public sealed record HeaderItem(string Partial, int Order);

public static class HeaderItemRegistration
{
    public static IServiceCollection AddHeaderItem(this IServiceCollection services, HeaderItem item) => services.AddSingleton(item);
}
