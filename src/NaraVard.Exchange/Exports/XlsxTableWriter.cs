using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using NaraVard.Domain;

namespace NaraVard.Exchange.Exports;

/// <summary>
/// Writes tables as an Excel workbook with the Open XML SDK: one sheet per table, header frozen and filterable,
/// columns sized, numbers as numbers, dates as dates (Swedish time), phases named and coloured.
/// </summary>
public static class XlsxTableWriter
{
    public static byte[] Write(ExportTable table) => Write([table, .. table.More], (_, _) => { });

    /// <summary>The tables, then <paramref name="finish"/> for what a caller adds (the template's drop-down lists).</summary>
    internal static byte[] Write(IReadOnlyList<ExportTable> tables, Action<WorkbookPart, IReadOnlyList<WorksheetPart>> finish)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new DocumentFormat.OpenXml.Spreadsheet.Sheets());
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = XlsxStyles.Create();
            var parts = new List<WorksheetPart>();
            foreach (var (table, index) in tables.Select((t, i) => (t, i)))
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                part.Worksheet = Sheet(table);
                workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)(index + 1), Name = SheetName(table.Title) });
                parts.Add(part);
            }

            finish(workbook, parts);
            workbook.Workbook.Save();
        }

        return buffer.ToArray();
    }

    private static Worksheet Sheet(ExportTable table)
    {
        var columns = new Columns(table.Columns.Select((c, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = c.Width, CustomWidth = true }));
        var data = new SheetData();
        data.Append(new Row(table.Columns.Select(c => Text(c.Header, XlsxStyles.Header))) { RowIndex = 1 });
        var number = 2u;
        foreach (var row in table.Rows)
        {
            data.Append(new Row(table.Columns.Select((c, i) => Cell(i < row.Length ? row[i] : null, c.Kind))) { RowIndex = number++ });
        }

        var last = NaraVard.Exchange.Sheets.CellReferences.Letters(Math.Max(0, table.Columns.Count - 1));
        var frozen = new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0 });
        return new Worksheet(frozen, columns, data, new AutoFilter { Reference = $"A1:{last}{Math.Max(1, number - 1)}" });
    }

    private static Cell Cell(object? value, ColumnKind kind) => value switch
    {
        null => new Cell(),
        Phase phase => Text(phase.Name(), XlsxStyles.Of(phase)),
        DateOnly date => NumberCell(date.ToDateTime(TimeOnly.MinValue).ToOADate(), XlsxStyles.Date),
        DateTimeOffset at => NumberCell(TimeZoneInfo.ConvertTime(at, Domain.FollowUp.SwedishTime.Zone).DateTime.ToOADate(), XlsxStyles.DateTime),
        double share when kind == ColumnKind.Share => NumberCell(share, XlsxStyles.Share),
        int or long => NumberCell(Convert.ToDouble(value, CultureInfo.InvariantCulture), kind == ColumnKind.Money ? XlsxStyles.Money : XlsxStyles.Integer),
        decimal or double => NumberCell(Convert.ToDouble(value, CultureInfo.InvariantCulture), kind == ColumnKind.Money ? XlsxStyles.Money : XlsxStyles.Decimal),
        _ => Text(value.ToString() ?? "", kind == ColumnKind.Wrapped ? XlsxStyles.Wrapped : 0),
    };

    private static Cell Text(string text, uint style) =>
        new(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve })) { DataType = CellValues.InlineString, StyleIndex = style };

    private static Cell NumberCell(double value, uint style) =>
        new(new CellValue(value.ToString("R", CultureInfo.InvariantCulture))) { StyleIndex = style };

    /// <summary>Excel's sheet names: at most 31 characters, none of : \ / ? * [ ].</summary>
    private static string SheetName(string title)
    {
        var name = string.Concat(title.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']')));
        return name.Length > 31 ? name[..31] : name;
    }
}
