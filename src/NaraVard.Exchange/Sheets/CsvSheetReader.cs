using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace NaraVard.Exchange.Sheets;

/// <summary>
/// Reads CSV the way Swedish Excel writes it and the way others do: UTF-8 (with or without BOM) or, when the
/// bytes are not UTF-8, Windows-1252 (Excel's "CSV" on a Swedish Windows); separator `;`, `,` or tab, whichever
/// the header row uses.
/// </summary>
internal static class CsvSheetReader
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static CsvSheetReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static SheetTable Read(byte[] content, SheetLimits limits)
    {
        var text = Decode(content);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = Separator(text),
            HasHeaderRecord = false,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
        };
        var rows = new List<KeyValuePair<int, string[]>>();
        using var reader = new CsvReader(new StringReader(text), configuration);
        try
        {
            while (reader.Read())
            {
                var record = reader.Parser.Record ?? [];
                if (record.Length > limits.MaxColumns && record.Skip(limits.MaxColumns).Any(c => !string.IsNullOrWhiteSpace(c)))
                {
                    throw new SheetRefusedException($"row {reader.Parser.RawRow} has more than {limits.MaxColumns} columns");
                }

                if (rows.Count > limits.MaxRows)
                {
                    throw new SheetRefusedException($"the file has more than {limits.MaxRows:N0} rows; split the plan into several files");
                }

                rows.Add(new(reader.Parser.Row, [.. record.Take(limits.MaxColumns).Select(CsvInjection.Unguard)]));
            }
        }
        catch (CsvHelperException e)
        {
            throw new SheetRefusedException($"the CSV cannot be read near row {e.Context?.Parser?.Row}: {e.Message.Split('\n')[0]}");
        }

        return Tables.FromRows(rows, "csv", []);
    }

    private static string Decode(byte[] content)
    {
        var bom = content is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(content, bom, content.Length - bom);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding(1252).GetString(content);
        }
    }

    /// <summary>The separator the header row uses most, outside quotes.</summary>
    private static string Separator(string text)
    {
        var (semicolons, commas, tabs, quoted) = (0, 0, 0, false);
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted)
            {
                (semicolons, commas, tabs) = c switch
                {
                    ';' => (semicolons + 1, commas, tabs),
                    ',' => (semicolons, commas + 1, tabs),
                    '\t' => (semicolons, commas, tabs + 1),
                    _ => (semicolons, commas, tabs),
                };
            }
        }

        return tabs > semicolons && tabs > commas ? "\t" : commas > semicolons ? "," : ";";
    }
}
