using NaraVard.Domain;
using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Roadmap;
using NaraVard.Domain.Rollups;
using NaraVard.Exchange.Plans;

namespace NaraVard.Exchange.Exports;

/// <summary>
/// Each view of the dashboard as a table, in Swedish. The initiative list uses the import's own headers, so an
/// exported list, edited in Excel, imports back as a correction (its NaraVard-id column finds each initiative).
/// </summary>
public sealed partial class ExportViews(RoadmapDefinition roadmap)
{
    private static readonly Phase[] Phases = [Phase.Planering, Phase.Strategi, Phase.Genomforande, Phase.Genomford, Phase.Pausad, Phase.Stoppad];

    // The healths of initiatives still on the road, most urgent first (paused, done and stopped are phase columns).
    private static readonly Health[] Healths = [Health.Blocked, Health.Stale, Health.BehindPlan, Health.AtRisk, Health.OnTrack];

    public ExportTable Overview(CountyOverview overview) => new(
        "Översikt",
        [
            new("Kod", Width: 8), new("Organisation", Width: 22), new("Invånare", ColumnKind.Integer, 12), new("Initiativ", ColumnKind.Integer, 10),
            .. Phases.Select(p => new ExportColumn(p.Name(), ColumnKind.Integer, 13)),
            .. Healths.Select(h => new ExportColumn(h.Name(), ColumnKind.Integer, 12)),
            new("Utan rapport", ColumnKind.Integer, 12), new("Snittförlopp (%)", ColumnKind.Integer, 12), new("Öppna hinder", ColumnKind.Integer, 12),
        ],
        [.. overview.Organizations.Select(o => Spread(o.Code, o.Name, o.Population, o.Spread, o.AverageProgress, o.OpenObstacles))])
    {
        More =
        [
            new ExportTable(
                "Färdplanspunkter",
                [new("Kod", Width: 8), new("Färdplanspunkt", Width: 40), new("Kommuner i genomförande", ColumnKind.Integer, 14), new("Andel av invånarna", ColumnKind.Share, 14)],
                [.. overview.Coverage.Select(c => new object?[] { c.RoadmapItem, c.Name, c.MunicipalitiesReached, c.PopulationShare })]),
            new ExportTable(
                "Hinder per kategori",
                [new("Kategori", Width: 30), new("Öppna", ColumnKind.Integer, 10), new("Kommuner som hindras", ColumnKind.Integer, 14)],
                [.. overview.ObstacleReach.Select(c => new object?[] { c.Name, c.Open, c.MunicipalitiesBlocked })]),
        ],
    };

    /// <summary>The matrix with each cell's phase, and a second sheet with each cell's honest health (the most urgent of its initiatives).</summary>
    public ExportTable Matrix(CountyOverview overview)
    {
        var cells = overview.Matrix.ToDictionary(c => (c.RoadmapItem, c.OrganizationCode));
        var organizations = roadmap.Organizations;
        object?[] Row(RoadmapItem item, Func<MatrixCell, object?> value) =>
            [item.Code, item.Name, .. organizations.Select(o => cells.TryGetValue((item.Code, o.Code), out var cell) && cell.Initiatives > 0 ? value(cell) : null)];
        return new(
            "Matrisen",
            [new("Kod", Width: 8), new("Färdplanspunkt", Width: 36), .. organizations.Select(o => new ExportColumn(o.Name, ColumnKind.Phase, 13))],
            [.. roadmap.RoadmapItems.Select(item => Row(item, cell => cell.Phase))])
        {
            More =
            [
                new ExportTable(
                    "Matrisen – läge",
                    [new("Kod", Width: 8), new("Färdplanspunkt", Width: 36), .. organizations.Select(o => new ExportColumn(o.Name, ColumnKind.Wrapped, 16))],
                    [.. roadmap.RoadmapItems.Select(item => Row(item, cell => cell.Health?.Name()))]),
            ],
        };
    }

    /// <summary>
    /// The initiatives with every column of the plan template (and their health and last report beside), so the
    /// file imports back as no change: each row's plan comes from <paramref name="plans"/>. The comment column is
    /// left empty, for the next report's comment: a comment already sent is not sent again with a new report.
    /// </summary>
    public ExportTable Initiatives(string title, IEnumerable<InitiativeSummary> initiatives, ISet<string> stale, Func<string, InitiativeState?> plans) => new(
        title,
        [
            new(PlanColumns.Header(PlanColumn.Id), Width: 18), new(PlanColumns.Header(PlanColumn.RoadmapItem), Width: 12),
            new(PlanColumns.Header(PlanColumn.Title), ColumnKind.Wrapped, 40), new(PlanColumns.Header(PlanColumn.Owner), Width: 20),
            new(PlanColumns.Header(PlanColumn.Participants), ColumnKind.Wrapped, 24), new(PlanColumns.Header(PlanColumn.Phase), ColumnKind.Phase, 14),
            new(PlanColumns.Header(PlanColumn.Status), Width: 18), new("Läge", Width: 20), new(PlanColumns.Header(PlanColumn.Progress), ColumnKind.Percent, 11),
            new(PlanColumns.Header(PlanColumn.Comment), ColumnKind.Wrapped, 30),
            new(PlanColumns.Header(PlanColumn.GoalAreas), ColumnKind.Wrapped, 30), new("Senaste rapport", ColumnKind.DateTime, 17), new("Utan rapport", Width: 12), new("Effekten står still", Width: 12),
            new(PlanColumns.Header(PlanColumn.EffectIndividual), ColumnKind.Wrapped, 30), new(PlanColumns.Header(PlanColumn.EffectOrganization), ColumnKind.Wrapped, 30),
            new(PlanColumns.Header(PlanColumn.EffectSociety), ColumnKind.Wrapped, 30), new(PlanColumns.Header(PlanColumn.Responsible), Width: 22),
            new(PlanColumns.Header(PlanColumn.Description), ColumnKind.Wrapped, 40), new(PlanColumns.Header(PlanColumn.StartDate), ColumnKind.Date, 12),
            new(PlanColumns.Header(PlanColumn.TargetDate), ColumnKind.Date, 12), new(PlanColumns.Header(PlanColumn.OwnCost), ColumnKind.Money, 14),
            new(PlanColumns.Header(PlanColumn.CoFinancing), ColumnKind.Money, 14), new(PlanColumns.Header(PlanColumn.CoFinancedBy), Width: 20),
            new(PlanColumns.Header(PlanColumn.Milestones), ColumnKind.Wrapped, 40), new(PlanColumns.Header(PlanColumn.Indicators), ColumnKind.Wrapped, 50),
            new(PlanColumns.Header(PlanColumn.Priority), Width: 10),
        ],
        [.. initiatives.Select(i =>
        {
            var plan = plans(i.Id) ?? InitiativeState.Initial;
            return new object?[]
            {
                i.Id, i.RoadmapItem, i.Title, Name(i.OwnerCode), string.Join(", ", i.Participants.Concat(i.Invited).Select(Name)), i.Phase, i.Status.Name(), HealthRule.Of(i.Standing, stale.Contains(i.Id)).Name(), i.ProgressPercent,
                null, string.Join(", ", i.GoalAreas.Select(a => roadmap.GoalAreas.FirstOrDefault(g => g.Code == a)?.Name ?? a)), i.LastReportAt, stale.Contains(i.Id) ? "Ja" : "", i.EffectStalled ? "Ja" : "",
                Effect(plan, EffectLevel.Individual), Effect(plan, EffectLevel.Organization), Effect(plan, EffectLevel.Society), Blank(plan.Responsible), Blank(plan.Description),
                plan.StartDate, plan.TargetDate, plan.Budget?.OwnCost, plan.Budget?.CoFinancing, plan.Budget?.CoFinancedBy,
                Blank(string.Join("\n", plan.Milestones.Select(m => string.Join(" | ", new[] { PlanValues.Part(m.Title), Iso(m.Due), m.CompletedAt is null ? null : "klar" }.OfType<string>())))),
                Blank(string.Join("\n", plan.Indicators.Select(k => string.Join(" | ", new[] { PlanValues.Part(k.Name), PlanValues.Part(k.Unit), k.Level.Name().ToLowerInvariant(), Number(k.Baseline), Number(k.Target), Iso(k.TargetDate), k.Kolada is { } source ? $"Kolada {source.Kpi} {source.Municipality}" : null }.OfType<string>())))),
                i.Priority?.Name(),
            };
        })]);

    private static string? Effect(InitiativeState plan, EffectLevel level) => Blank(string.Join("\n", plan.Effects.Where(e => e.Level == level).Select(e => e.Description)));

    private static string? Blank(string text) => text.Length == 0 ? null : text;

    private static string? Iso(DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Number(decimal value) => value.ToString("0.############", System.Globalization.CultureInfo.InvariantCulture);

    public ExportTable Obstacles(IEnumerable<ObstacleSummary> obstacles, Func<string, string> descriptions) => new(
        "Hinderregistret",
        [
            new("Id", Width: 18), new("Hinder", ColumnKind.Wrapped, 40), new("Kategori", Width: 26), new("Allvar", Width: 10), new("Status", Width: 12),
            new("Eskalerat till", Width: 14), new("Hindrar", ColumnKind.Wrapped, 30), new("Blockerade initiativ", ColumnKind.Integer, 12), new("Flaggat", ColumnKind.DateTime, 17),
            new("Ansvarig", ColumnKind.Wrapped, 24), new("Nästa steg", ColumnKind.Wrapped, 40), new("Senast", ColumnKind.Date, 12), new("Beskrivning", ColumnKind.Wrapped, 50),
        ],
        [.. obstacles.Select(o => new object?[]
        {
            o.Id, o.Title, roadmap.ObstacleCategories.FirstOrDefault(c => c.Code == o.Category)?.Name ?? o.Category, o.Severity.Name(), o.Status.Name(),
            o.Escalation.Name(), string.Join(", ", o.AffectedOrganizations.Select(Name)), o.BlockedInitiatives.Length, o.RaisedAt,
            o.Owner, o.NextStep, o.NextStepDue, descriptions(o.Id),
        })]);

    public ExportTable Changes(ChangeReport report, string? body) => new(
        body is null ? "Förändringar" : $"Sedan mötet ({body})",
        [
            new("Id", Width: 18), new("Initiativ", ColumnKind.Wrapped, 40), new("Ägare", Width: 18), new("Färdplanspunkt", Width: 12), new("Nytt", Width: 8),
            new("Fas före", ColumnKind.Phase, 14), new("Fas nu", ColumnKind.Phase, 14), new("Förlopp före (%)", ColumnKind.Percent, 12), new("Förlopp nu (%)", ColumnKind.Percent, 12),
            new("Status före", Width: 18), new("Status nu", Width: 18), new("Läge nu", Width: 20), new("Rapporter", ColumnKind.Integer, 10), new("Blev utan rapport", Width: 12),
            new("Senaste kommentar", ColumnKind.Wrapped, 40),
        ],
        [.. report.Initiatives.Select(c => new object?[]
        {
            c.Id, c.Title, Name(c.OwnerCode), c.RoadmapItem, c.New ? "Ja" : "", c.PhaseFrom, c.PhaseTo, c.New ? null : c.ProgressFrom, c.ProgressTo,
            c.StatusFrom?.Name(), c.StatusTo.Name(), c.HealthTo.Name(), c.Reports, c.WentStale ? "Ja" : "", c.Comment,
        })])
    {
        More =
        [
            new ExportTable(
                "Hinder i perioden",
                [
                    new("Id", Width: 18), new("Hinder", ColumnKind.Wrapped, 40), new("Allvar", Width: 10), new("Flaggat", Width: 9), new("Eskalerat till", Width: 14), new("Löst", Width: 8),
                    new("Hindrar", ColumnKind.Wrapped, 30), new("Anteckningar och beslut", ColumnKind.Wrapped, 50), new("Ansvarig", Width: 22), new("Nästa steg", ColumnKind.Wrapped, 40), new("Senast", ColumnKind.Date, 12),
                ],
                [.. report.Obstacles.Select(o => new object?[]
                {
                    o.Id, o.Title, o.Severity.Name(), o.Flagged ? "Ja" : "", o.EscalatedTo?.Name(), o.Resolved ? "Ja" : "", string.Join(", ", o.AffectedOrganizations.Select(Name)),
                    string.Join("\n", o.Notes.Select(Note)), o.Owner, o.NextStep, o.NextStepDue,
                })]),
            new ExportTable(
                "Tysta organisationer",
                [new("Organisation", Width: 24)],
                [.. report.SilentOrganizations.Select(code => new object?[] { Name(code) })]),
        ],
    };

    private object?[] Spread(string code, string name, long population, Spread spread, int progress, int obstacles) =>
    [
        code, name, population, spread.Total, .. Phases.Select(p => (object?)spread.ByPhase.GetValueOrDefault(p)),
        .. Healths.Select(h => (object?)spread.ByHealth.GetValueOrDefault(h)), spread.Stale, progress, obstacles,
    ];

    /// <summary>"2026-11-07 Anna Ek: Eskalerat till SVO – SVO ombeds besluta …": one note of an obstacle, as the meeting pack says it.</summary>
    private static string Note(ObstacleNote n) =>
        $"{Domain.FollowUp.SwedishTime.Today(n.At):yyyy-MM-dd} {n.By}: "
        + n.Name()
        + (n.Note.Length > 0 ? $" – {n.Note}" : "");

    private string Name(string code) => roadmap.OrganizationsByCode.TryGetValue(code, out var o) ? o.Name : code;
}
