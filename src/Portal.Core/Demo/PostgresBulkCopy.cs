using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Portal.Core.Demo;

/// <summary>
/// Binary <c>COPY … FROM STDIN</c> for an entity type, with the same columns, store types and value conversions as
/// <see cref="SqliteBulkInsert{T}"/> (<see cref="EntityColumns{T}"/>). A connection carries one COPY at a time, and the
/// seed writes purchases, lines and refunds interleaved, so rows are buffered and sent by <see cref="Flush"/> (the
/// seed flushes its tables in order every few thousand purchases).
/// </summary>
internal sealed class PostgresBulkCopy<T> : IBulkRows<T> where T : class
{
    private readonly NpgsqlConnection _connection;
    private readonly EntityColumn<T>[] _columns;
    private readonly string _copy;
    private readonly List<object?> _values = [];

    public PostgresBulkCopy(NpgsqlConnection connection, IModel model)
    {
        _connection = connection;
        var entity = new EntityColumns<T>(model);
        Table = entity.Table;
        _columns = [.. entity.Columns];
        _copy = $"COPY \"{Table}\" ({entity.QuotedNames}) FROM STDIN (FORMAT BINARY)";
    }

    public string Table { get; }

    public void Add(T row)
    {
        foreach (var column in _columns) _values.Add(column.Read(row));
    }

    public void Flush()
    {
        if (_values.Count == 0) return;
        using (var import = _connection.BeginBinaryImport(_copy))
        {
            for (var i = 0; i < _values.Count;)
            {
                import.StartRow();
                // The model's store type (varchar(64), timestamp with time zone, date, …) picks the binary format.
                foreach (var column in _columns) import.Write(_values[i++], column.StoreType);
            }
            import.Complete();
        }
        _values.Clear();
    }

    public void Dispose() => _values.Clear();
}
