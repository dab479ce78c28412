using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using CellRefs = NaraVard.Exchange.Sheets.CellReferences;

namespace NaraVard.Exchange.Tests;

/// <summary>Workbooks the way other programs write them (formulas, merged cells), built with the Open XML SDK.</summary>
internal static class Workbooks
{
    /// <summary>Cells by reference ("A1" → text, or "=F" + formula with an optional cached value after '|'); merges like "C2:C3".</summary>
    public static byte[] Build(IReadOnlyDictionary<string, string> cells, params string[] merges)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new DocumentFormat.OpenXml.Spreadsheet.Sheets());
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            foreach (var row in cells.GroupBy(c => CellRefs.Row(c.Key)).OrderBy(g => g.Key))
            {
                data.Append(new Row(row.OrderBy(c => CellRefs.Column(c.Key)).Select(c => Cell(c.Key, c.Value))) { RowIndex = (uint)row.Key });
            }

            var worksheet = new Worksheet(data);
            if (merges.Length > 0)
            {
                worksheet.Append(new MergeCells(merges.Select(m => new MergeCell { Reference = m })));
            }

            part.Worksheet = worksheet;
            workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = "Plan" });
            workbook.Workbook.Save();
        }

        return buffer.ToArray();
    }

    /// <summary>The cells, and a shared-string table of <paramref name="count"/> texts none of them uses (as a crafted file has).</summary>
    public static byte[] WithSharedStrings(IReadOnlyDictionary<string, string> cells, int count)
    {
        using var buffer = new MemoryStream();
        buffer.Write(Build(cells));
        using (var document = SpreadsheetDocument.Open(buffer, true))
        {
            var strings = document.WorkbookPart!.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable(Enumerable.Range(0, count).Select(i => new SharedStringItem(new Text($"t{i}"))));
            strings.SharedStringTable.Save();
        }

        return buffer.ToArray();
    }

    private static Cell Cell(string reference, string value)
    {
        if (value.StartsWith("=", StringComparison.Ordinal))
        {
            var parts = value[1..].Split('|');
            var cell = new Cell(new CellFormula(parts[0])) { CellReference = reference };
            if (parts.Length > 1)
            {
                cell.Append(new CellValue(parts[1]));
            }

            return cell;
        }

        return new Cell(new InlineString(new Text(value))) { CellReference = reference, DataType = CellValues.InlineString };
    }
}
