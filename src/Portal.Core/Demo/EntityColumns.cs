using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Portal.Core.Demo;

/// <summary>One column as the EF model maps it: its name, store type and how a row's value is read and converted.</summary>
internal sealed record EntityColumn<T>(string Name, string StoreType, Func<T, object?> Read);

/// <summary>
/// The table and columns of an entity type read from the EF model (names, store types, value converters such as enums
/// as text and UTC times), shared by the SQLite and PostgreSQL bulk writers so the two cannot drift. Nullable shadow
/// properties are left to their defaults; a required one stops the seed.
/// </summary>
internal sealed class EntityColumns<T> where T : class
{
    public EntityColumns(IModel model)
    {
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        Table = entity.GetTableName()!;
        var table = StoreObjectIdentifier.Table(Table, entity.GetSchema());
        var columns = new List<EntityColumn<T>>();
        foreach (var property in entity.GetProperties())
        {
            if (property.IsShadowProperty())
            {
                if (property.IsNullable) continue;
                throw new InvalidOperationException($"{Table}.{property.Name} is a required shadow property: the seed cannot fill it.");
            }
            var getter = property.GetGetter();
            var mapping = property.GetRelationalTypeMapping();
            var converter = mapping.Converter;
            Func<T, object?> read = converter is null
                ? row => getter.GetClrValue(row)
                : row => getter.GetClrValue(row) is { } v ? converter.ConvertToProvider(v) : null;
            columns.Add(new EntityColumn<T>(property.GetColumnName(table)!, mapping.StoreType, read));
        }
        Columns = columns;
    }

    public string Table { get; }
    public IReadOnlyList<EntityColumn<T>> Columns { get; }

    /// <summary>The column list for an INSERT or COPY: <c>"A", "B", …</c>.</summary>
    public string QuotedNames => string.Join(", ", Columns.Select(c => $"\"{c.Name}\""));
}

/// <summary>Where the seed's rows of one table go: a prepared INSERT (SQLite) or a binary COPY (PostgreSQL).</summary>
internal interface IBulkRows<in T> : IDisposable where T : class
{
    /// <summary>Writes or buffers the row's current values: the caller may reuse the object afterwards.</summary>
    void Add(T row);
}
