namespace NaraVard.Exchange.Sheets;

/// <summary>
/// The one rule for a CSV cell that starts like a formula (CSV injection): written with a leading apostrophe so
/// a spreadsheet shows it instead of running it, and read back without it, so NaraVard's own file imports as it
/// was exported. A cell that itself starts with an apostrophe gets one more, so the two never mix.
/// </summary>
public static class CsvInjection
{
    public static string Guard(string cell) => NeedsGuard(cell, 0) ? "'" + cell : cell;

    public static string Unguard(string cell) => cell.Length > 1 && cell[0] == '\'' && NeedsGuard(cell, 1) ? cell[1..] : cell;

    private static bool NeedsGuard(string cell, int at) => cell.Length > at && cell[at] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\'';
}
