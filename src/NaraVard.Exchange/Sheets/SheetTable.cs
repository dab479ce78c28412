namespace NaraVard.Exchange.Sheets;

/// <summary>One sheet read from a file: its header row and data rows, cells as text (numbers in invariant form).</summary>
/// <param name="Format">"xlsx" or "csv".</param>
/// <param name="Problems">Cells that could not be read (a formula without a computed value), by row and column.</param>
public sealed record SheetTable(string Format, IReadOnlyList<string> Headers, IReadOnlyList<SheetRow> Rows, IReadOnlyList<SheetProblem> Problems);

/// <param name="Number">The row's number as the spreadsheet shows it (the header is row 1).</param>
public sealed record SheetRow(int Number, IReadOnlyList<string> Cells)
{
    public string this[int column] => column < Cells.Count ? Cells[column] : "";

    public bool IsEmpty => Cells.All(string.IsNullOrWhiteSpace);
}

/// <param name="Column">The column's header as written in the file ("" for the whole row).</param>
public sealed record SheetProblem(int Row, string Column, string Rule);

/// <summary>A file that is refused as a whole, with the reason (not a spreadsheet, too large, a zip bomb …).</summary>
public sealed class SheetRefusedException(string reason) : Exception(reason);

/// <summary>What a file may hold: big enough for any real action plan, small enough that no upload can exhaust the server.</summary>
public sealed record SheetLimits
{
    public static readonly SheetLimits Default = new();

    /// <summary>The file as uploaded.</summary>
    public long MaxBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Data rows (the header not counted).</summary>
    public int MaxRows { get; init; } = 10_000;

    /// <summary>An XLSX unpacked: everything in the zip archive together.</summary>
    public long MaxUnpackedBytes { get; init; } = 100 * 1024 * 1024;

    public int MaxColumns { get; init; } = 100;

    /// <summary>Cells that merged ranges cover, together: a merge repeats its value in each, so 60 merges of a whole sheet once cost seconds of CPU.</summary>
    public long MaxMergedCells { get; init; } = 100_000;

    /// <summary>Distinct texts in an XLSX's shared-string table: more than any plan's cells, far fewer than a crafted file's millions.</summary>
    public int MaxSharedStrings { get; init; } = 250_000;

    public string Describe() =>
        $"at most {MaxBytes / (1024 * 1024)} MB, {MaxRows:N0} rows, {MaxColumns} columns, {MaxMergedCells:N0} merged cells, {MaxSharedStrings:N0} shared texts and {MaxUnpackedBytes / (1024 * 1024)} MB unpacked";
}
