using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Customers;

namespace Portal.Core.Chat;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> c)
    {
        c.ToTable("ChatConversations");
        c.Property(x => x.CustomerUserId).HasMaxLength(64).IsRequired();
        c.Property(x => x.AgentUserId).HasMaxLength(64);
        c.Property(x => x.RatingComment).HasMaxLength(Conversation.MaxRatingComment);
        c.Property(x => x.Version).IsConcurrencyToken();
        c.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.CustomerUserId).OnDelete(DeleteBehavior.Cascade);
        c.HasIndex(x => new { x.Status, x.Id });
        c.HasIndex(x => new { x.AgentUserId, x.Status });
        c.HasIndex(x => new { x.CustomerUserId, x.CreatedUtc });
        // One open chat per customer, even when two tabs press "Start" at once. Quoted names read the same in SQLite and PostgreSQL.
        c.HasIndex(x => x.CustomerUserId).IsUnique().HasFilter("\"Status\" IN ('Waiting', 'Active')").HasDatabaseName("IX_ChatConversations_OneOpenPerCustomer");
        c.HasMany(x => x.Transfers).WithOne().HasForeignKey(t => t.ConversationId).OnDelete(DeleteBehavior.Cascade);
        c.Ignore(x => x.IsOpen);
    }
}

internal sealed class ChatTransferConfiguration : IEntityTypeConfiguration<ChatTransfer>
{
    public void Configure(EntityTypeBuilder<ChatTransfer> t)
    {
        t.ToTable("ChatTransfers");
        t.Property(x => x.FromAgentUserId).HasMaxLength(64).IsRequired();
        t.Property(x => x.ToAgentUserId).HasMaxLength(64).IsRequired();
    }
}

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> m)
    {
        m.ToTable("ChatMessages");
        m.Property(x => x.SenderUserId).HasMaxLength(64);
        m.Property(x => x.SenderName).HasMaxLength(100);
        m.Property(x => x.Body).HasMaxLength(ChatMessage.MaxBodyLength).IsRequired();
        m.HasOne<Conversation>().WithMany().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
        // A retried send with the same client id can never be stored twice.
        m.HasIndex(x => new { x.ConversationId, x.ClientId }).IsUnique();
        m.HasIndex(x => new { x.ConversationId, x.Id });
    }
}
