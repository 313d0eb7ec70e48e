using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Events;

namespace Portal.Core.Segments;

public static class SegmentServiceCollectionExtensions
{
    public static IServiceCollection AddSegments(this IServiceCollection services, SegmentOptions options) =>
        services.AddDomainEvent<SegmentChanged>()
            .AddSingleton(options)
            .AddScoped<SegmentEngine>()
            .AddScoped<SegmentQueries>();
}
