using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Core.Administration;
using Portal.Core.Customers;

namespace Portal.Core.Data;

public class PortalDbContext : IdentityDbContext<PortalUser>, Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    public PortalDbContext(DbContextOptions<PortalDbContext> options) : this((DbContextOptions)options) { }

    protected PortalDbContext(DbContextOptions options) : base(options) =>
        HotReads = options.FindExtension<SqliteHotReadsExtension>()?.Reads;

    /// <summary>The host's prepared-statement connections for <see cref="Data.HotReads"/> (SQLite only).</summary>
    internal SqliteHotReads? HotReads { get; }

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>The Data Protection key ring on PostgreSQL, shared by every instance (cookies, antiforgery, emailed links).</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Each feature keeps its mapping beside its entities.
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        // Times are stored as UTC and come back marked as UTC.
        conventions.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        conventions.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> user)
    {
        user.Property(u => u.DisplayName).HasMaxLength(100);
        user.Property(u => u.CustomerNumber).HasMaxLength(CustomerNumber.Length).IsRequired();
        user.HasIndex(u => u.CustomerNumber).IsUnique();
        user.Property(u => u.PreferredLanguage).HasMaxLength(5);
        user.Property(u => u.TimeZoneId).HasMaxLength(CustomerTimeZones.MaxIdLength);
        user.Ignore(u => u.Number);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.Property(e => e.ActorUserId).HasMaxLength(64);
        entry.Property(e => e.ActorName).HasMaxLength(100);
        entry.Property(e => e.TargetUserId).HasMaxLength(64);
        entry.Property(e => e.Detail).HasMaxLength(200);
        entry.HasIndex(e => new { e.TargetUserId, e.AtUtc });
    }
}
