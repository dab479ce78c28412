namespace NaraVard.Exchange.Exports;

public enum ColumnKind
{
    Text,
    Integer,
    Decimal,
    Money,

    /// <summary>A share 0–1, shown as a percentage.</summary>
    Share,

    /// <summary>A whole percentage 0–100, kept as the number the API gives.</summary>
    Percent,
    Date,
    DateTime,

    /// <summary>A phase's Swedish name, coloured as on the dashboard.</summary>
    Phase,
    Wrapped,
}

public sealed record ExportColumn(string Header, ColumnKind Kind = ColumnKind.Text, double Width = 14);

/// <summary>
/// One view as rows and typed columns: what both writers take. Cells hold strings, numbers (int, long,
/// decimal, double), dates (DateOnly, DateTimeOffset), a Phase, or null for empty.
/// </summary>
/// <param name="Title">The sheet's name in the workbook (at most 31 characters there) and the file's subject.</param>
public sealed record ExportTable(string Title, IReadOnlyList<ExportColumn> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>A few more sheets in the same workbook (XLSX only; CSV writes the first table).</summary>
    public IReadOnlyList<ExportTable> More { get; init; } = [];
}
