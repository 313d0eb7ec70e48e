using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Portal.Core.Customers;

namespace Portal.Core.Account;

/// <summary>
/// Which tables hold a customer's data, read from the EF model rather than listed by hand: a table belongs to a
/// customer when it has a foreign key to the user table or a column named like a user id (CustomerId, AuthorUserId,
/// ReferrerId…) or a stream key (the outbox: an event on a customer's stream is about them). A new section's table is
/// found the day it is added; <see cref="CustomerDataCatalog"/> must say what the export does with it. Events are
/// derived the same way, one kind per event type (<see cref="StreamEvents"/>).
/// </summary>
public static partial class CustomerData
{
    [GeneratedRegex("^(.*(Customer|User)Id|ReferrerId|FriendId|AssignedAgentId|UserId|StreamKey)$")]
    private static partial Regex UserIdLike();

    public sealed record LinkedEntity(IEntityType EntityType, IReadOnlyList<string> UserColumns);

    public static IReadOnlyList<LinkedEntity> Linked(IModel model)
    {
        var linked = new List<LinkedEntity>();
        foreach (var type in model.GetEntityTypes().Where(t => !t.IsOwned() && t.ClrType != typeof(PortalUser)).OrderBy(t => t.Name))
        {
            var columns = type.GetForeignKeys().Where(fk => fk.PrincipalEntityType.ClrType == typeof(PortalUser))
                .SelectMany(fk => fk.Properties.Select(p => p.Name))
                .Concat(type.GetProperties().Where(p => p.ClrType == typeof(string) && UserIdLike().IsMatch(p.Name)).Select(p => p.Name))
                .Distinct().Order().ToList();
            if (columns.Count > 0) linked.Add(new(type, columns));
        }
        return linked;
    }

    /// <summary>
    /// Every event type: each is raised on its customer's stream (StreamKey is the customer's id whenever there is a
    /// customer), so each is a kind of record about them that the export and the erasure must answer for.
    /// </summary>
    public static IReadOnlyList<Type> StreamEvents(Events.DomainEventTypes types) => [.. types.All.OrderBy(t => t.Name)];
}
