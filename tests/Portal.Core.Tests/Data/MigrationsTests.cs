using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Tests.Data;

/// <summary>
/// Branches add migrations side by side; after a merge the model snapshots must still describe the model exactly,
/// or the next migration would silently carry someone else's change (and a fresh database would lack it).
/// </summary>
public class MigrationsTests
{
    [Fact]
    public void The_SQLite_migrations_describe_the_whole_model()
    {
        using var db = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "run tools/add-migration.sh: the model has changes no SQLite migration holds");
    }

    [Fact]
    public void The_PostgreSQL_migrations_describe_the_whole_model()
    {
        using var db = new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql("Host=localhost;Database=model-only").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "run tools/add-migration.sh: the model has changes no PostgreSQL migration holds");
    }
}
