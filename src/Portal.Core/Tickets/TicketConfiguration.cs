using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Tickets;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> ticket)
    {
        ticket.HasIndex(t => t.Number).IsUnique();
        ticket.Property(t => t.Subject).HasMaxLength(Ticket.MaxSubjectLength).IsRequired();
        ticket.Property(t => t.CustomerUserId).HasMaxLength(64);
        ticket.Property(t => t.RequesterName).HasMaxLength(Ticket.MaxNameLength).IsRequired();
        ticket.Property(t => t.RequesterEmail).HasMaxLength(Ticket.MaxEmailLength);
        ticket.Property(t => t.RequesterLanguage).HasMaxLength(5);
        ticket.Property(t => t.AssignedAgentId).HasMaxLength(64);
        ticket.Property(t => t.AssignedAgentName).HasMaxLength(100);
        ticket.Property(t => t.RatingComment).HasMaxLength(Ticket.MaxRatingCommentLength);
        ticket.Property(t => t.Version).IsConcurrencyToken();
        ticket.HasIndex(t => new { t.CustomerUserId, t.UpdatedAtUtc });
        ticket.HasIndex(t => new { t.Status, t.CreatedAtUtc });
        ticket.HasIndex(t => t.AssignedAgentId);
    }
}

internal sealed class TicketCommentConfiguration : IEntityTypeConfiguration<TicketComment>
{
    public void Configure(EntityTypeBuilder<TicketComment> comment)
    {
        comment.Property(c => c.AuthorUserId).HasMaxLength(64);
        comment.Property(c => c.AuthorName).HasMaxLength(100).IsRequired();
        comment.Property(c => c.Body).HasMaxLength(TicketComment.MaxBodyLength).IsRequired();
        comment.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId).OnDelete(DeleteBehavior.Cascade);
        comment.HasIndex(c => new { c.TicketId, c.AtUtc });
    }
}

internal sealed class TicketEventConfiguration : IEntityTypeConfiguration<TicketEvent>
{
    public void Configure(EntityTypeBuilder<TicketEvent> e)
    {
        e.Property(x => x.ActorUserId).HasMaxLength(64);
        e.Property(x => x.ActorName).HasMaxLength(100).IsRequired();
        e.Property(x => x.Detail).HasMaxLength(100);
        e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.TicketId, x.AtUtc });
    }
}

internal sealed class TicketAttachmentConfiguration : IEntityTypeConfiguration<TicketAttachment>
{
    public void Configure(EntityTypeBuilder<TicketAttachment> a)
    {
        a.Property(x => x.StoredName).HasMaxLength(64).IsRequired();
        a.HasIndex(x => x.StoredName).IsUnique();
        a.Property(x => x.OriginalName).HasMaxLength(120).IsRequired();
        a.Property(x => x.ContentType).HasMaxLength(64).IsRequired();
        a.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        a.HasIndex(x => x.TicketId);
        a.HasIndex(x => x.CommentId);
    }
}

internal sealed class CannedReplyConfiguration : IEntityTypeConfiguration<CannedReply>
{
    public void Configure(EntityTypeBuilder<CannedReply> c)
    {
        c.Property(x => x.ShortCode).HasMaxLength(CannedReply.MaxCodeLength).IsRequired();
        c.HasIndex(x => x.ShortCode).IsUnique();
        c.Property(x => x.Title).HasMaxLength(CannedReply.MaxTitleLength).IsRequired();
        c.Property(x => x.BodyEn).HasMaxLength(CannedReply.MaxBodyLength).IsRequired();
        c.Property(x => x.BodyAr).HasMaxLength(CannedReply.MaxBodyLength).IsRequired();
    }
}
