using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Faq;

internal sealed class FaqCategoryConfiguration : IEntityTypeConfiguration<FaqCategory>
{
    public void Configure(EntityTypeBuilder<FaqCategory> category)
    {
        category.ToTable("FaqCategories");
        category.Property(c => c.NameEn).HasMaxLength(FaqLimits.CategoryName).IsRequired();
        category.Property(c => c.NameAr).HasMaxLength(FaqLimits.CategoryName).IsRequired();
        category.HasIndex(c => c.SortOrder);
    }
}

internal sealed class FaqArticleConfiguration : IEntityTypeConfiguration<FaqArticle>
{
    public void Configure(EntityTypeBuilder<FaqArticle> article)
    {
        article.ToTable("FaqArticles");
        article.Property(a => a.TitleEn).HasMaxLength(FaqLimits.Title);
        article.Property(a => a.TitleAr).HasMaxLength(FaqLimits.Title);
        article.Property(a => a.BodyEn).HasMaxLength(FaqLimits.Body);
        article.Property(a => a.BodyAr).HasMaxLength(FaqLimits.Body);
        article.HasOne<FaqCategory>().WithMany().HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.Restrict);
        article.HasIndex(a => new { a.CategoryId, a.SortOrder });
        article.Ignore(a => a.Content);
    }
}

internal sealed class FaqRevisionConfiguration : IEntityTypeConfiguration<FaqRevision>
{
    public void Configure(EntityTypeBuilder<FaqRevision> revision)
    {
        revision.ToTable("FaqRevisions");
        revision.Property(r => r.TitleEn).HasMaxLength(FaqLimits.Title);
        revision.Property(r => r.TitleAr).HasMaxLength(FaqLimits.Title);
        revision.Property(r => r.BodyEn).HasMaxLength(FaqLimits.Body);
        revision.Property(r => r.BodyAr).HasMaxLength(FaqLimits.Body);
        revision.Property(r => r.AuthorUserId).HasMaxLength(64);
        revision.Property(r => r.AuthorName).HasMaxLength(100);
        revision.HasOne<FaqArticle>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        revision.HasIndex(r => new { r.ArticleId, r.Number }).IsUnique();
        revision.Ignore(r => r.Content);
    }
}

internal sealed class FaqVoteConfiguration : IEntityTypeConfiguration<FaqVote>
{
    public void Configure(EntityTypeBuilder<FaqVote> vote)
    {
        vote.ToTable("FaqVotes");
        vote.Property(v => v.VoterKey).HasMaxLength(80);
        vote.HasOne<FaqArticle>().WithMany().HasForeignKey(v => v.ArticleId).OnDelete(DeleteBehavior.Cascade);
        vote.HasIndex(v => new { v.ArticleId, v.VoterKey }).IsUnique();
    }
}
