using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using NaraVard.Domain;
using NaraVard.Domain.Roadmap;
using NaraVard.Exchange.Exports;
using NaraVard.Exchange.Sheets;

namespace NaraVard.Exchange.Plans;

/// <summary>
/// The workbook a municipality fills in: the sheet "Initiativ" with every column the import reads (Swedish
/// headers), drop-down lists for roadmap item, owner, phase and status (from the sheet "Listor", so the lists
/// follow the roadmap), and "Anvisningar" saying what each column takes.
/// </summary>
public static class PlanTemplate
{
    private const int Rows = 2000;

    public static byte[] Write(RoadmapDefinition roadmap)
    {
        var lists = new (PlanColumn Column, string[] Values)[]
        {
            (PlanColumn.RoadmapItem, [.. roadmap.RoadmapItems.Select(i => $"{i.Code} {i.Name}")]),
            (PlanColumn.Owner, [.. roadmap.Organizations.Select(o => o.Name)]),
            (PlanColumn.Phase, [.. new[] { Phase.Planering, Phase.Strategi, Phase.Genomforande, Phase.Genomford, Phase.Pausad, Phase.Stoppad }.Select(p => p.Name())]),
            (PlanColumn.Status, [.. new[] { InitiativeStatus.OnTrack, InitiativeStatus.AtRisk, InitiativeStatus.OffTrack }.Select(s => s.Name())]),
        };
        var plan = new ExportTable("Initiativ", [.. PlanColumns.All.Select(c => new ExportColumn(c.Swedish, ColumnKind.Wrapped, c.Column is PlanColumn.Title or PlanColumn.Description or PlanColumn.Milestones or PlanColumn.Indicators ? 36 : 18))], []);
        var length = lists.Max(l => l.Values.Length);
        var listSheet = new ExportTable(
            "Listor",
            [.. lists.Select(l => new ExportColumn(PlanColumns.Header(l.Column), Width: 36))],
            [.. Enumerable.Range(0, length).Select(r => lists.Select(l => r < l.Values.Length ? (object?)l.Values[r] : null).ToArray())]);
        var help = new ExportTable(
            "Anvisningar",
            [new("Kolumn", Width: 28), new("Engelsk rubrik (läses också)", Width: 28), new("Vad den tar", ColumnKind.Wrapped, 80)],
            [
                .. PlanColumns.All.Select(c => new object?[] { c.Swedish, c.English, c.Help }),
                [null, null, null],
                ["Titel, Färdplanspunkt och Ägare", null, "Hittar initiativet igen vid nästa import (eller NaraVard-id): samma fil två gånger skapar inga dubbletter, en rättad fil ändrar bara det som skiljer."],
                ["Tomma celler", null, "Lämnar det som står i NaraVard orört."],
            ]);
        return XlsxTableWriter.Write([plan, listSheet, help], (_, parts) =>
        {
            var validations = new DataValidations();
            foreach (var (l, index) in lists.Select((l, i) => (l, i)))
            {
                var column = CellReferences.Letters((int)l.Column);
                var source = CellReferences.Letters(index);
                validations.Append(new DataValidation(new Formula1($"Listor!${source}$2:${source}${l.Values.Length + 1}"))
                {
                    Type = DataValidationValues.List,
                    AllowBlank = true,
                    ShowErrorMessage = l.Column is PlanColumn.Phase or PlanColumn.Status,
                    ErrorTitle = "Välj ur listan",
                    Error = "Välj ett värde ur listan.",
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{column}2:{column}{Rows + 1}" },
                });
            }

            validations.Count = (uint)lists.Length;
            parts[0].Worksheet.Append(validations);
        });
    }
}
