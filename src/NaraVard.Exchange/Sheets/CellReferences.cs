namespace NaraVard.Exchange.Sheets;

/// <summary>Spreadsheet cell references ("B7"): column letters to a 0-based index and back, row numbers.</summary>
public static class CellReferences
{
    public static int Column(string reference)
    {
        var column = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            column = column * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return column - 1;
    }

    public static int Row(string reference)
    {
        var digits = reference.AsSpan(reference.IndexOfAny("0123456789".ToCharArray()) is var i and >= 0 ? i : reference.Length);
        return int.TryParse(digits, out var row) ? row : 0;
    }

    /// <summary>The column's letters: 0 → "A", 26 → "AA".</summary>
    public static string Letters(int column)
    {
        var letters = "";
        for (column++; column > 0; column = (column - 1) / 26)
        {
            letters = (char)('A' + (column - 1) % 26) + letters;
        }

        return letters;
    }
}
