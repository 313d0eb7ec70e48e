using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Portal.Core.Demo;

/// <summary>
/// One prepared INSERT for an entity type, its columns and value conversions read from the EF model
/// (<see cref="EntityColumns{T}"/>), so a column added by a later migration is written with its default instead of
/// breaking the seed. Reuses one row object.
/// </summary>
internal sealed class SqliteBulkInsert<T> : IBulkRows<T> where T : class
{
    private readonly SqliteCommand _command;
    private readonly (SqliteParameter Parameter, Func<T, object?> Read)[] _columns;

    public SqliteBulkInsert(SqliteConnection connection, SqliteTransaction transaction, IModel model)
    {
        var entity = new EntityColumns<T>(model);
        Table = entity.Table;
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _columns = entity.Columns.Select((c, i) =>
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = "$p" + i;
            _command.Parameters.Add(parameter);
            return (parameter, c.Read);
        }).ToArray();
        _command.CommandText = $"INSERT INTO \"{Table}\" ({entity.QuotedNames}) " +
                               $"VALUES ({string.Join(", ", _columns.Select(c => c.Parameter.ParameterName))})";
        _command.Prepare();
    }

    public string Table { get; }

    public void Add(T row)
    {
        foreach (var (parameter, read) in _columns) parameter.Value = read(row) ?? DBNull.Value;
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}
