namespace NaraVard.Exchange.Sheets;

/// <summary>Rows as read from either format, made into a table: the first non-empty row is the header.</summary>
internal static class Tables
{
    public static SheetTable FromRows(IEnumerable<KeyValuePair<int, string[]>> rows, string format, IEnumerable<(int Row, int Column, string Rule)> unreadable)
    {
        string[]? headers = null;
        var data = new List<SheetRow>();
        foreach (var (number, cells) in rows)
        {
            if (headers is null)
            {
                if (cells.Any(c => !string.IsNullOrWhiteSpace(c)))
                {
                    headers = [.. cells.Select(c => c.Trim())];
                }

                continue;
            }

            var row = new SheetRow(number, [.. cells.Select(c => c.Trim())]);
            if (!row.IsEmpty)
            {
                data.Add(row);
            }
        }

        if (headers is null)
        {
            throw new SheetRefusedException("the sheet is empty: the first row must name the columns");
        }

        var problems = unreadable
            .Select(p => new SheetProblem(p.Row, p.Column < headers.Length ? headers[p.Column] : CellReferences.Letters(p.Column), p.Rule))
            .ToList();
        return new SheetTable(format, headers, data, problems);
    }
}
