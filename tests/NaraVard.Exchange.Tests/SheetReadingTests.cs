using System.IO.Compression;
using System.Text;
using NaraVard.Exchange.Plans;
using NaraVard.Exchange.Sheets;
using NaraVard.Testing;

namespace NaraVard.Exchange.Tests;

/// <summary>What arrives from the municipalities' spreadsheets, good and bad: each read correctly or refused with the reason.</summary>
public sealed class SheetReadingTests
{
    private static readonly Domain.Roadmap.RoadmapDefinition Roadmap = TestRoadmap.Ostergotland;

    [Fact]
    public void Csv_SemicolonsUtf8WithBom_ReadsSwedishLettersAndTypes()
    {
        var file = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Färdplanspunkt;Titel;Ägare;Fas;Förlopp (%)\r\nK01;Hälsocentral på hjul;Linköpings kommun;Genomförande;40 %\r\n")).ToArray();

        var sheet = PlanReader.Read(SheetFiles.Read(file, "plan.csv"), Roadmap);

        var row = Assert.Single(sheet.Rows);
        Assert.Empty(sheet.Problems);
        Assert.Equal((2, "K01", "Hälsocentral på hjul", "0580", Domain.Phase.Genomforande, 40), (row.Number, row.RoadmapItem, row.Title, row.OwnerCode, row.Phase!.Value, row.Progress!.Value));
    }

    [Fact]
    public void Csv_Windows1252WithCommas_ReadsSwedishLetters()
    {
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var file = Encoding.GetEncoding(1252).GetBytes("Färdplanspunkt,Titel,Ägare,Status\r\nK02,\"Äldreomsorg, närmare\",Ödeshög,Risk för försening\r\n");

        var table = SheetFiles.Read(file, "plan.csv");
        var sheet = PlanReader.Read(table, Roadmap);

        var row = Assert.Single(sheet.Rows);
        Assert.Equal(("Äldreomsorg, närmare", "0509", Domain.InitiativeStatus.AtRisk), (row.Title, row.OwnerCode, row.Status!.Value));
    }

    [Fact]
    public void Csv_EnglishHeaders_ReadAsTheSameColumns()
    {
        var file = Encoding.UTF8.GetBytes("Roadmap item;Title;Owner;Phase;Progress (%);Participants\nG01;Shared home care;Motala;strategy;15;Region Östergötland\n");

        var row = Assert.Single(PlanReader.Read(SheetFiles.Read(file, "plan.csv"), Roadmap).Rows);

        Assert.Equal(("G01", "0583", Domain.Phase.Strategi, 15, "05"), (row.RoadmapItem, row.OwnerCode, row.Phase!.Value, row.Progress!.Value, Assert.Single(row.Participants!)));
    }

    [Fact]
    public void Xlsx_Formulas_ReadTheirComputedValueAndNameTheOnesWithout()
    {
        var file = Workbooks.Build(new Dictionary<string, string>
        {
            ["A1"] = "Färdplanspunkt", ["B1"] = "Titel", ["C1"] = "Ägare", ["D1"] = "Förlopp (%)",
            ["A2"] = "K01", ["B2"] = "Mobil vård", ["C2"] = "Kinda", ["D2"] = "=20+5|25",
            ["A3"] = "K02", ["B3"] = "Trygg hemgång", ["C3"] = "Kinda", ["D3"] = "=SUM(E1:E9)",
        });

        var sheet = PlanReader.Read(SheetFiles.Read(file, "plan.xlsx"), Roadmap);

        Assert.Equal(25, sheet.Rows[0].Progress);
        var problem = Assert.Single(sheet.Problems);
        Assert.Equal((3, "Förlopp (%)"), (problem.Row, problem.Column));
        Assert.Contains("formula without a computed value", problem.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_MergedCells_GiveTheirValueToEveryRowTheyCover()
    {
        var file = Workbooks.Build(
            new Dictionary<string, string>
            {
                ["A1"] = "Färdplanspunkt", ["B1"] = "Titel", ["C1"] = "Ägare",
                ["A2"] = "K03", ["B2"] = "Första", ["C2"] = "Vadstena",
                ["A3"] = "K04", ["B3"] = "Andra",
            },
            "C2:C3");

        var rows = PlanReader.Read(SheetFiles.Read(file, "plan.xlsx"), Roadmap).Rows;

        Assert.Equal(["0584", "0584"], rows.Select(r => r.OwnerCode));
    }

    [Fact]
    public void Xlsx_SixtyMergesOfTheWholeSheet_AreRefusedBeforeAnyIsFilled()
    {
        // A few KB that once cost 6.4 s of CPU and 450 MiB for one viewer's dry run (issue 31).
        var file = Workbooks.Build(Headers, [.. Enumerable.Repeat("A2:CV10001", 60)]);

        var refusal = Assert.Throws<SheetRefusedException>(() => SheetFiles.Read(file, "plan.xlsx"));

        Assert.True(file.Length < 20_000, $"{file.Length} bytes");
        Assert.Equal("the sheet's merged cells cover 60,000,000 cells; a plan may merge at most 100,000", refusal.Message);
    }

    [Fact]
    public void Xlsx_MergesThatFillRowsBeyondTheLimit_AreRefusedNamingTheLimit()
    {
        var file = Workbooks.Build(Headers, "C2:C20001");

        var refusal = Assert.Throws<SheetRefusedException>(() => SheetFiles.Read(file, "plan.xlsx"));

        Assert.Contains("more than 10,000 rows once its merged cells are filled", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_MillionsOfSharedTexts_AreRefusedWhileCounted()
    {
        var file = Workbooks.WithSharedStrings(Headers, 300_000);

        var refusal = Assert.Throws<SheetRefusedException>(() => SheetFiles.Read(file, "plan.xlsx"));

        Assert.Equal("the workbook has more than 250,000 shared texts; a plan has far fewer", refusal.Message);
    }

    private static readonly Dictionary<string, string> Headers = new() { ["A1"] = "Färdplanspunkt", ["B1"] = "Titel", ["C1"] = "Ägare", ["A2"] = "K01", ["B2"] = "Insats", ["C2"] = "Motala" };

    [Fact]
    public void File_NotASpreadsheet_IsRefusedWithTheReason()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];

        Assert.Contains("neither XLSX nor CSV", Assert.Throws<SheetRefusedException>(() => SheetFiles.Read(png, "plan.csv")).Message, StringComparison.Ordinal);
        Assert.Contains("not an Excel workbook", Assert.Throws<SheetRefusedException>(() => SheetFiles.Read("Titel;Ägare"u8.ToArray(), "plan.xlsx")).Message, StringComparison.Ordinal);
        Assert.Contains("(.xls)", Assert.Throws<SheetRefusedException>(() => SheetFiles.Read([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1], "plan.xls")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_ZipBomb_IsRefusedFromItsDirectoryBeforeUnpacking()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 120; i++)
            {
                entry.Write(zeros);
            }
        }

        var bomb = buffer.ToArray();
        Assert.True(bomb.Length < 1024 * 1024, $"the bomb is small ({bomb.Length} bytes)");

        var refusal = Assert.Throws<SheetRefusedException>(() => SheetFiles.Read(bomb, "plan.xlsx"));

        Assert.Contains("unpacks to more than 100 MB", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_Of50Megabytes_IsRefusedNamingTheLimit()
    {
        var refusal = Assert.Throws<SheetRefusedException>(() => SheetFiles.Read(new byte[50 * 1024 * 1024], "plan.csv"));

        Assert.Equal("the file is 50 MB; an import may be at most 10 MB", refusal.Message);
    }

    [Fact]
    public void Csv_With100000Rows_IsRefusedNamingTheLimit()
    {
        var text = new StringBuilder("Färdplanspunkt;Titel;Ägare\n");
        for (var i = 0; i < 100_000; i++)
        {
            text.Append("K01;Insats ").Append(i).Append(";Motala\n");
        }

        var refusal = Assert.Throws<SheetRefusedException>(() => SheetFiles.Read(Encoding.UTF8.GetBytes(text.ToString()), "plan.csv"));

        Assert.Contains("more than 10,000 rows", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_With10001Rows_IsRefusedNamingTheLimit()
    {
        var file = SamplePlan.Xlsx(Enumerable.Range(0, 10_001).Select(i => new object?[] { null, "K01", $"Insats {i}", "Motala" }));

        var refusal = Assert.Throws<SheetRefusedException>(() => SheetFiles.Read(file, "plan.xlsx"));

        Assert.Contains("more than 10,000 rows", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_ValueBeyondColumn100_IsRefusedNamingTheRow()
    {
        var header = "Färdplanspunkt;Titel;Ägare" + string.Concat(Enumerable.Repeat(";", 100));
        var file = Encoding.UTF8.GetBytes(header + "\nK01;Insats;Motala" + string.Concat(Enumerable.Repeat(";", 100)) + "x\n");

        var refusal = Assert.Throws<SheetRefusedException>(() => SheetFiles.Read(file, "plan.csv"));

        Assert.Equal("row 2 has more than 100 columns", refusal.Message);
    }

    [Fact]
    public void Sheet_WithoutTheRequiredHeaders_IsRefusedNamingTheMissingColumn()
    {
        var refusal = Assert.Throws<SheetRefusedException>(() => PlanReader.Read(SheetFiles.Read("Namn;Kommun\nX;Motala\n"u8.ToArray(), "plan.csv"), Roadmap));

        Assert.Contains("no column 'Titel'", refusal.Message, StringComparison.Ordinal);
    }
}
