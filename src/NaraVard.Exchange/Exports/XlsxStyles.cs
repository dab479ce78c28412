using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using NaraVard.Domain;

namespace NaraVard.Exchange.Exports;

/// <summary>
/// The workbook's styles, by index: a bold shaded header, number formats that Excel shows in Swedish, and one
/// fill per phase in the dashboard's colours (the name is written too, so colour is never the only carrier).
/// </summary>
internal static class XlsxStyles
{
    public const uint Header = 1;
    public const uint Date = 2;
    public const uint Integer = 3;
    public const uint Share = 4;
    public const uint Money = 5;
    public const uint Decimal = 6;
    public const uint DateTime = 7;
    public const uint Wrapped = 8;
    private const uint FirstPhase = 9;

    private static readonly (Phase Phase, string Rgb)[] PhaseColours =
    [
        (Phase.Planering, "FFDCE6F2"),
        (Phase.Strategi, "FFFFF2CC"),
        (Phase.Genomforande, "FFD9EAD3"),
        (Phase.Genomford, "FFB6D7A8"),
        (Phase.Pausad, "FFEDEDED"),
        (Phase.Stoppad, "FFF4CCCC"),
    ];

    public static uint Of(Phase phase) => FirstPhase + (uint)Array.FindIndex(PhaseColours, c => c.Phase == phase);

    public static Stylesheet Create()
    {
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            Solid("FF1F4E79"));
        foreach (var (_, rgb) in PhaseColours)
        {
            fills.Append(Solid(rgb));
        }

        var formats = new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, FillId = 2, ApplyFont = true, ApplyFill = true, Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }, ApplyAlignment = true },
            Number(164),
            Number(3),
            Number(9),
            Number(165),
            Number(166),
            Number(167),
            new CellFormat { Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }, ApplyAlignment = true });
        for (var i = 0; i < PhaseColours.Length; i++)
        {
            formats.Append(new CellFormat { FillId = (uint)(3 + i), ApplyFill = true });
        }

        return new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" },
                new NumberingFormat { NumberFormatId = 165, FormatCode = "#,##0 \"kr\"" },
                new NumberingFormat { NumberFormatId = 166, FormatCode = "#,##0.####" },
                new NumberingFormat { NumberFormatId = 167, FormatCode = "yyyy-mm-dd hh:mm" }),
            new Fonts(
                new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
                new Font(new Bold(), new Color { Rgb = "FFFFFFFF" }, new FontSize { Val = 11 }, new FontName { Val = "Calibri" })),
            fills,
            new Borders(new Border()),
            new CellStyleFormats(new CellFormat()),
            formats);
    }

    private static Fill Solid(string rgb) => new(new PatternFill(new ForegroundColor { Rgb = rgb }) { PatternType = PatternValues.Solid });

    private static CellFormat Number(uint id) => new() { NumberFormatId = id, ApplyNumberFormat = true, Alignment = new Alignment { Vertical = VerticalAlignmentValues.Top }, ApplyAlignment = BooleanValue.FromBoolean(true) };
}
