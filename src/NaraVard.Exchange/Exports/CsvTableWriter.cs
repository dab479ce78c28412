using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using NaraVard.Domain;

namespace NaraVard.Exchange.Exports;

/// <summary>
/// CSV as Excel in a Swedish locale opens it with a double-click: UTF-8 with a BOM (or å, ä, ö break), `;`
/// between fields, decimal commas, dates as YYYY-MM-DD. A cell that starts like a formula gets a leading
/// apostrophe so that the spreadsheet shows it instead of running it (CSV injection).
/// </summary>
public static class CsvTableWriter
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static byte[] Write(ExportTable table)
    {
        using var buffer = new MemoryStream();
        using (var text = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(text, new CsvConfiguration(Swedish)
        {
            Delimiter = ";",
            NewLine = "\r\n",
            // A line break of either kind inside a cell (a list of milestones) must be quoted, not only "\r\n".
            ShouldQuote = args => args.Field is { } field && field.AsSpan().IndexOfAny(";\"\r\n") >= 0,
        }))
        {
            foreach (var column in table.Columns)
            {
                csv.WriteField(column.Header);
            }

            csv.NextRecord();
            foreach (var row in table.Rows)
            {
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    csv.WriteField(Text(i < row.Length ? row[i] : null, table.Columns[i].Kind));
                }

                csv.NextRecord();
            }
        }

        return buffer.ToArray();
    }

    private static string Text(object? value, ColumnKind kind) => value switch
    {
        null => "",
        Phase phase => phase.Name(),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset at => TimeZoneInfo.ConvertTime(at, Domain.FollowUp.SwedishTime.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        double share when kind == ColumnKind.Share => (share * 100).ToString("0.#", Swedish),
        IFormattable number => number.ToString(null, Swedish),
        string s => Sheets.CsvInjection.Guard(s),
        _ => value.ToString() ?? "",
    };
}
