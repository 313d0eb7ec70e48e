using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Faq;

namespace Portal.Core;

public static class FaqServiceCollectionExtensions
{
    /// <summary>The help centre's FAQ: the Markdown renderer, the customer catalog and the staff editor.</summary>
    public static IServiceCollection AddFaq(this IServiceCollection services)
    {
        services.AddSingleton<FaqMarkdown>();
        services.AddScoped<FaqCatalog>();
        services.AddScoped<FaqEditor>();
        services.AddScoped<FaqDemo>();
        return services;
    }
}
