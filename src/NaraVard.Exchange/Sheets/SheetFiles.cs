namespace NaraVard.Exchange.Sheets;

/// <summary>Reads the first table of an uploaded XLSX or CSV file, whatever its name says: the bytes decide.</summary>
public static class SheetFiles
{
    public static SheetTable Read(byte[] content, string fileName, SheetLimits? limits = null)
    {
        limits ??= SheetLimits.Default;
        if (content.Length == 0)
        {
            throw new SheetRefusedException("the file is empty");
        }

        if (content.Length > limits.MaxBytes)
        {
            throw new SheetRefusedException($"the file is {content.Length / (1024.0 * 1024):0.#} MB; an import may be at most {limits.MaxBytes / (1024 * 1024)} MB");
        }

        if (content is [0x50, 0x4B, 0x03, 0x04, ..])
        {
            return XlsxSheetReader.Read(content, limits);
        }

        if (content is [0xD0, 0xCF, 0x11, 0xE0, ..])
        {
            throw new SheetRefusedException("this is an old Excel file (.xls); save it as .xlsx (Excel workbook) or CSV and try again");
        }

        if (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            throw new SheetRefusedException("the file is named .xlsx but is not an Excel workbook (not a zip archive)");
        }

        if (content.AsSpan(0, Math.Min(content.Length, 8192)).Contains((byte)0))
        {
            throw new SheetRefusedException("the file is neither XLSX nor CSV text (it holds binary data)");
        }

        return CsvSheetReader.Read(content, limits);
    }
}
