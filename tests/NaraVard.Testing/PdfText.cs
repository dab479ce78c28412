using System.Globalization;
using System.Text.RegularExpressions;

namespace NaraVard.Testing;

/// <summary>A PDF read back the way a person would check it: pages, paper size and each page's text (poppler-utils).</summary>
public sealed partial record PdfText(int Pages, double WidthPoints, double HeightPoints, IReadOnlyList<string> PageTexts)
{
    /// <summary>A4 is 595 × 842 points.</summary>
    public bool IsA4 => Math.Abs(WidthPoints - 595) < 2 && Math.Abs(HeightPoints - 842) < 2;

    public bool IsA4Landscape => Math.Abs(WidthPoints - 842) < 2 && Math.Abs(HeightPoints - 595) < 2;

    public static async Task<PdfText> ReadAsync(byte[] pdf)
    {
        var pdfinfo = ExternalTool.Require("apt-get install -y poppler-utils", "/usr/bin/pdfinfo");
        var pdftotext = ExternalTool.Require("apt-get install -y poppler-utils", "/usr/bin/pdftotext");
        using var folder = new TempDirectory("naravard-pdf");
        var file = Path.Combine(folder.Path, "file.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var (infoCode, info) = await ExternalTool.RunAsync(pdfinfo, [file], folder.Path);
        var pages = PagesLine().Match(info);
        var size = SizeLine().Match(info);
        if (infoCode != 0 || !pages.Success || !size.Success)
        {
            throw new InvalidOperationException($"pdfinfo could not read the PDF ({infoCode}):\n{info}");
        }

        var (textCode, text) = await ExternalTool.RunAsync(pdftotext, ["-layout", file, "-"], folder.Path);
        if (textCode != 0)
        {
            throw new InvalidOperationException($"pdftotext failed ({textCode}):\n{text}");
        }

        return new PdfText(
            int.Parse(pages.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(size.Groups[2].Value, CultureInfo.InvariantCulture),
            text.Split('\f'));
    }

    [GeneratedRegex(@"Pages:\s+(\d+)")]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"Page size:\s+([0-9.]+) x ([0-9.]+) pts")]
    private static partial Regex SizeLine();
}
