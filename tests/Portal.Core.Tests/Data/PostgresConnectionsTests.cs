using Npgsql;
using Portal.Core.Data;

namespace Portal.Core.Tests.Data;

public class PostgresConnectionsTests
{
    [Fact]
    public void Statements_run_again_and_again_are_prepared_unless_the_connection_string_says_otherwise()
    {
        var set = new NpgsqlConnectionStringBuilder(PostgresConnections.WithDefaults("Host=db;Username=portal;Database=portal"));
        Assert.Equal(64, set.MaxAutoPrepare);
        Assert.Equal(2, set.AutoPrepareMinUsages);
        Assert.Equal("db", set.Host);

        // Behind a pooler in transaction mode prepared statements are lost: an explicit 0 stays 0.
        var off = new NpgsqlConnectionStringBuilder(PostgresConnections.WithDefaults("Host=db;Database=portal;Max Auto Prepare=0"));
        Assert.Equal(0, off.MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=db;Database=portal", PostgresConnections.DefaultMaxPoolSize)]
    [InlineData("Host=db;Database=portal;Maximum Pool Size=50", 50)]
    [InlineData("Host=db;Database=portal;maxpoolsize=120", 120)]
    public void Each_instance_opens_at_most_20_connections_unless_the_connection_string_chooses(string given, int expected)
    {
        var pool = new NpgsqlConnectionStringBuilder(PostgresConnections.WithDefaults(given));
        Assert.Equal(expected, pool.MaxPoolSize);
    }
}
