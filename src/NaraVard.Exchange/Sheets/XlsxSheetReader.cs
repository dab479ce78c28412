using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace NaraVard.Exchange.Sheets;

/// <summary>
/// Reads a workbook's sheet with the Open XML SDK's forward-only reader (no DOM of the sheet, so 10,000 rows
/// cost little). The archive's unpacked sizes are checked before anything is unpacked: a zip bomb is refused
/// from its directory alone. Formulas give their computed value; merged cells repeat their value in every cell
/// they cover, the way a reader of the sheet sees them.
/// </summary>
internal static class XlsxSheetReader
{
    public static SheetTable Read(byte[] content, SheetLimits limits)
    {
        CheckArchive(content, limits);
        try
        {
            using var document = SpreadsheetDocument.Open(new MemoryStream(content, writable: false), false, new OpenSettings { MaxCharactersInPart = limits.MaxUnpackedBytes });
            var workbook = document.WorkbookPart ?? throw new SheetRefusedException("the workbook has no sheets");
            var part = FirstSheet(workbook);
            var strings = workbook.SharedStringTablePart is { } shared ? SharedStrings(shared, limits) : [];
            return ReadSheet(part, strings, limits);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or FileFormatException)
        {
            throw new SheetRefusedException($"the file is not a readable Excel workbook ({e.Message})");
        }
    }

    private static void CheckArchive(byte[] content, SheetLimits limits)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            long unpacked = 0;
            foreach (var entry in zip.Entries)
            {
                unpacked += entry.Length;
                if (unpacked > limits.MaxUnpackedBytes)
                {
                    throw new SheetRefusedException($"the workbook unpacks to more than {limits.MaxUnpackedBytes / (1024 * 1024)} MB (a zip bomb, or far larger than any action plan)");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new SheetRefusedException($"the file is not a readable Excel workbook ({e.Message})");
        }
    }

    /// <summary>The shared texts, read forward-only (no DOM of a table a crafted file fills with millions) and counted as they come.</summary>
    private static string[] SharedStrings(SharedStringTablePart part, SheetLimits limits)
    {
        var strings = new List<string>();
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                if (strings.Count == limits.MaxSharedStrings)
                {
                    throw new SheetRefusedException($"the workbook has more than {limits.MaxSharedStrings:N0} shared texts; a plan has far fewer");
                }

                strings.Add(reader.LoadCurrentElement()!.InnerText);
            }
        }

        return [.. strings];
    }

    /// <summary>The first sheet in the workbook's own order (the template's "Initiativ"), not the first part stored.</summary>
    private static WorksheetPart FirstSheet(WorkbookPart workbook)
    {
        var sheet = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault(s => s.State is null || s.State.Value == SheetStateValues.Visible)
            ?? throw new SheetRefusedException("the workbook has no visible sheet");
        return (WorksheetPart)workbook.GetPartById(sheet.Id?.Value ?? throw new SheetRefusedException("the workbook's first sheet has no content"));
    }

    private static SheetTable ReadSheet(WorksheetPart part, string[] strings, SheetLimits limits)
    {
        var rows = new SortedDictionary<int, string[]>();
        var last = 0;
        var merges = new List<string>();
        var problems = new List<(int Row, int Column)>();
        using (var reader = OpenXmlReader.Create(part))
        {
            while (reader.Read())
            {
                if (reader.ElementType == typeof(Row) && reader.IsStartElement)
                {
                    var row = (Row)reader.LoadCurrentElement()!;
                    // A row without its number (some writers leave it out) follows the one before.
                    var number = last = (int)(row.RowIndex?.Value ?? (uint)(last + 1));
                    if (rows.Count > limits.MaxRows)
                    {
                        throw new SheetRefusedException($"the sheet has more than {limits.MaxRows:N0} rows; split the plan into several files");
                    }

                    rows[number] = Cells(row, number, strings, limits, problems);
                }
                else if (reader.ElementType == typeof(MergeCell) && reader.IsStartElement)
                {
                    merges.Add(((MergeCell)reader.LoadCurrentElement()!).Reference?.Value ?? "");
                }
            }
        }

        // What the merges would fill is counted before any is filled, and the sheet they make is held to the row limit.
        if (merges.Sum(range => Area(range, limits)) is var covered && covered > limits.MaxMergedCells)
        {
            throw new SheetRefusedException($"the sheet's merged cells cover {covered:N0} cells; a plan may merge at most {limits.MaxMergedCells:N0}");
        }

        foreach (var range in merges)
        {
            Spread(rows, range, limits);
        }

        if (rows.Count > limits.MaxRows + 1)
        {
            throw new SheetRefusedException($"the sheet has more than {limits.MaxRows:N0} rows once its merged cells are filled; split the plan into several files");
        }

        return Tables.FromRows(rows, "xlsx", problems.Select(p => (p.Row, p.Column, "a formula without a computed value: open the file in Excel, save it and try again")));
    }

    private static string[] Cells(Row row, int number, string[] strings, SheetLimits limits, List<(int, int)> problems)
    {
        var cells = new List<string>();
        foreach (var cell in row.Elements<Cell>())
        {
            var column = cell.CellReference?.Value is { } reference ? CellReferences.Column(reference) : cells.Count;
            if (column >= limits.MaxColumns)
            {
                if (string.IsNullOrWhiteSpace(cell.InnerText))
                {
                    continue;
                }

                throw new SheetRefusedException($"row {number} has a value beyond column {limits.MaxColumns}; a plan has at most {limits.MaxColumns} columns");
            }

            while (cells.Count <= column)
            {
                cells.Add("");
            }

            var value = Value(cell, strings);
            if (value is null)
            {
                problems.Add((number, column));
            }

            cells[column] = value ?? "";
        }

        return [.. cells];
    }

    /// <summary>The cell as text; null for a formula whose value was never computed (a file written by a program, not Excel).</summary>
    private static string? Value(Cell cell, string[] strings)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }

        if (raw is null)
        {
            return cell.CellFormula is null ? "" : null;
        }

        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < strings.Length ? strings[index] : "";
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }

        return raw;
    }

    /// <summary>The cells a merged range covers (within the columns a plan may have); 0 for a range that is not one.</summary>
    private static long Area(string range, SheetLimits limits)
    {
        var corners = range.Split(':');
        if (corners.Length != 2)
        {
            return 0;
        }

        var rows = (long)CellReferences.Row(corners[1]) - CellReferences.Row(corners[0]) + 1;
        var columns = (long)Math.Min(CellReferences.Column(corners[1]), limits.MaxColumns - 1) - CellReferences.Column(corners[0]) + 1;
        return Math.Max(0, rows) * Math.Max(0, columns);
    }

    private static void Spread(SortedDictionary<int, string[]> rows, string range, SheetLimits limits)
    {
        var corners = range.Split(':');
        if (corners.Length != 2)
        {
            return;
        }

        var (top, left) = (CellReferences.Row(corners[0]), CellReferences.Column(corners[0]));
        var (bottom, right) = (CellReferences.Row(corners[1]), Math.Min(CellReferences.Column(corners[1]), limits.MaxColumns - 1));
        var value = rows.TryGetValue(top, out var first) && left < first.Length ? first[left] : "";
        for (var r = top; r <= bottom && r - top <= limits.MaxRows; r++)
        {
            var cells = rows.TryGetValue(r, out var existing) ? existing : [];
            if (cells.Length <= right)
            {
                Array.Resize(ref cells, right + 1);
            }

            for (var c = left; c <= right; c++)
            {
                cells[c] = value;
            }

            rows[r] = [.. cells.Select(c => c ?? "")];
        }
    }
}
