using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Portal.Core.Demo;

/// <summary>
/// One prepared INSERT for an entity type, its columns and value conversions read from the EF model, so a column
/// added by a later migration is written with its default instead of breaking the seed. Reuses one row object.
/// </summary>
internal sealed class SqliteBulkInsert<T> : IDisposable where T : class
{
    private readonly SqliteCommand _command;
    private readonly (SqliteParameter Parameter, Func<T, object?> Read)[] _columns;

    public SqliteBulkInsert(SqliteConnection connection, SqliteTransaction transaction, IModel model)
    {
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        Table = entity.GetTableName()!;
        var table = StoreObjectIdentifier.Table(Table, entity.GetSchema());
        var columns = new List<(SqliteParameter, Func<T, object?>)>();
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        foreach (var property in entity.GetProperties())
        {
            if (property.IsShadowProperty())
            {
                if (property.IsNullable) continue;
                throw new InvalidOperationException($"{Table}.{property.Name} is a required shadow property: the seed cannot fill it.");
            }
            var getter = property.GetGetter();
            var converter = property.GetTypeMapping().Converter;
            Func<T, object?> read = converter is null
                ? row => getter.GetClrValue(row)
                : row => getter.GetClrValue(row) is { } v ? converter.ConvertToProvider(v) : null;
            var parameter = _command.CreateParameter();
            parameter.ParameterName = "$p" + columns.Count;
            _command.Parameters.Add(parameter);
            columns.Add((parameter, read));
            Columns.Add(property.GetColumnName(table)!);
        }
        _columns = [.. columns];
        _command.CommandText = $"INSERT INTO \"{Table}\" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) " +
                               $"VALUES ({string.Join(", ", _columns.Select(c => c.Parameter.ParameterName))})";
        _command.Prepare();
    }

    public string Table { get; }
    public List<string> Columns { get; } = [];

    public void Add(T row)
    {
        foreach (var (parameter, read) in _columns) parameter.Value = read(row) ?? DBNull.Value;
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}
