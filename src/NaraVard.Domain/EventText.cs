using System.Globalization;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;

namespace NaraVard.Domain;

/// <summary>
/// One readable line of what an event did, in Swedish and in English: the history and the watch stream (gRPC and
/// the CLI), the dashboard's audit trail and the exports all describe an event with these, so no view shows a
/// type name or an empty line. Organisations and target-picture areas are named through <paramref name="names"/>
/// where the caller knows the roadmap, by code otherwise.
/// </summary>
public static class EventText
{
    private static readonly CultureInfo Sv = CultureInfo.GetCultureInfo("sv-SE");

    /// <summary>How to name an organisation or a target-picture area (by code when not given).</summary>
    public sealed record Names(Func<string, string> Organization, Func<string, string> Area)
    {
        public static readonly Names Codes = new(c => c, c => c);
    }

    /// <summary>Organisations and areas by their names in the roadmap, by code when it does not know one.</summary>
    public static Names NamesOf(Roadmap.RoadmapDefinition roadmap) => new(
        code => roadmap.OrganizationsByCode.TryGetValue(code, out var org) ? org.Name : code,
        code => roadmap.GoalAreas.FirstOrDefault(a => a.Code == code)?.Name ?? code);

    public static string Swedish(InitiativeEvent e, Names? names = null)
    {
        var n = names ?? Names.Codes;
        return e switch
        {
            InitiativeCreated c => $"Skapade ”{c.Title}” ({c.Scope.Name().ToLowerInvariant()}, {c.RoadmapItem}) för {n.Organization(c.OwnerCode)}.",
            ProgressReported p => $"Rapporterade {p.ProgressPercent} %, {p.Status.Name().ToLowerInvariant()}." + Quote(p.Comment),
            PhaseAdvanced a => $"Flyttade från {a.From.Name().ToLowerInvariant()} till {a.To.Name().ToLowerInvariant()}." + Quote(a.Comment),
            InitiativePaused p => "Pausade initiativet." + Quote(p.Reason),
            InitiativeResumed r => $"Återupptog initiativet i {r.To.Name().ToLowerInvariant()}.",
            MilestoneAdded m => $"La till milstolpen ”{m.Title}”" + (m.Due is { } due ? $" till {Date(due)}." : "."),
            MilestoneCompleted m => $"Markerade milstolpen {m.MilestoneId} som klar.",
            ParticipantsSet s => (s.Participants.Count == 0 ? "Inga deltagare" : "Deltagare: " + List(s.Participants, n.Organization))
                + (s.Invited.Count > 0 ? "; inbjudna: " + List(s.Invited, n.Organization) : "") + ".",
            ParticipationAccepted a => $"{n.Organization(a.OrganizationCode)} tackade ja till att delta.",
            ParticipantLeft l => $"{n.Organization(l.OrganizationCode)} {(l.Declined ? "tackade nej till inbjudan" : "lämnade initiativet")}.",
            PlanRevised r => $"Reviderade planen: {Revision(r, n, swedish: true)}." + Quote(r.Reason),
            InitiativeClosed c => $"Avslutade initiativet som {c.Outcome.Name().ToLowerInvariant()}." + Quote(c.Reason),
            IndicatorAdded k => $"La till mätpunkten {k.IndicatorId} ”{k.Name}”: från {Number(k.Baseline)} till {Number(k.Target)} {k.Unit} senast {Date(k.TargetDate)}" + (k.Kolada is { } source ? $", värden från Kolada ({source.Kpi} för {source.Municipality})." : "."),
            IndicatorMeasured { FromKolada: true } k => $"Kolada: {k.IndicatorId} {Number(k.Value)} för {k.MeasuredOn.Year}" + (k.Revises is { } was ? $", reviderat från {Number(was)}." : "."),
            IndicatorMeasured k => $"Mätte {k.IndicatorId}: {Number(k.Value)} den {Date(k.MeasuredOn)}." + Quote(k.Comment),
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "an event without a description"),
        };
    }

    public static string English(InitiativeEvent e) => e switch
    {
        InitiativeCreated c => $"Created \"{c.Title}\" ({c.Scope.ToString().ToLowerInvariant()}, {c.RoadmapItem}) for {c.OwnerCode}",
        ProgressReported p => string.Create(CultureInfo.InvariantCulture, $"Reported {p.ProgressPercent} %, {p.Status.Code()}{Suffix(p.Comment)}"),
        PhaseAdvanced a => $"Moved from {a.From.Code()} to {a.To.Code()}{Suffix(a.Comment)}",
        InitiativePaused p => $"Paused{Suffix(p.Reason)}",
        InitiativeResumed r => $"Resumed in {r.To.Code()}",
        MilestoneAdded m => $"Added milestone {m.MilestoneId} \"{m.Title}\"" + (m.Due is { } due ? $" due {Iso(due)}" : ""),
        MilestoneCompleted m => $"Completed milestone {m.MilestoneId}",
        ParticipantsSet s => $"Participants set to {List(s.Participants)}" + (s.Invited.Count > 0 ? $"; invited {List(s.Invited)}" : ""),
        ParticipationAccepted a => $"{a.OrganizationCode} accepted taking part",
        ParticipantLeft l => l.Declined ? $"{l.OrganizationCode} declined the invitation" : $"{l.OrganizationCode} left",
        PlanRevised r => "Revised the plan: " + Revision(r, Names.Codes, swedish: false) + Suffix(r.Reason),
        InitiativeClosed c => $"Closed as {c.Outcome.Code()}{Suffix(c.Reason)}",
        IndicatorAdded k => string.Create(CultureInfo.InvariantCulture, $"Added measurement point {k.IndicatorId} \"{k.Name}\": {k.Baseline:0.##} to {k.Target:0.##} {k.Unit} by {Iso(k.TargetDate)}"),
        IndicatorMeasured { FromKolada: true } k => string.Create(CultureInfo.InvariantCulture, $"Kolada: {k.IndicatorId} {k.Value:0.##} for {k.MeasuredOn.Year}{(k.Revises is { } was ? $", revised from {was:0.##}" : "")}"),
        IndicatorMeasured k => string.Create(CultureInfo.InvariantCulture, $"Measured {k.IndicatorId}: {k.Value:0.##} on {Iso(k.MeasuredOn)}{Suffix(k.Comment)}"),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "an event without a description"),
    };

    public static string Swedish(ObstacleEvent e) => e switch
    {
        ObstacleFlagged f => $"Flaggade hindret ”{f.Title}” ({f.OtherCategory ?? f.Category}, allvar {f.Severity.Name().ToLowerInvariant()}).",
        ObstacleStatusChanged s => $"Ändrade status från {s.From.Name().ToLowerInvariant()} till {s.To.Name().ToLowerInvariant()}." + Quote(s.Note),
        ObstacleEscalated x => $"Eskalerade till {x.To.Name()}." + Quote(x.Note),
        ObstacleNextStepPlanned p => $"Planerade nästa steg ”{p.NextStep}”, ansvarig {p.Owner}" + (p.Due is { } due ? $", senast {Date(due)}." : "."),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "an event without a description"),
    };

    public static string English(ObstacleEvent e) => e switch
    {
        ObstacleFlagged f => $"Flagged \"{f.Title}\" ({f.OtherCategory ?? f.Category}, {f.Severity.ToString().ToLowerInvariant()})",
        ObstacleStatusChanged s => $"{s.From.ToString().ToLowerInvariant()} → {s.To.ToString().ToLowerInvariant()}{Suffix(s.Note)}",
        ObstacleEscalated x => $"Escalated to {x.To.ToString().ToUpperInvariant()}{Suffix(x.Note)}",
        ObstacleNextStepPlanned p => $"Next step by {p.Owner}" + (p.Due is { } due ? $" due {Iso(due)}" : "") + Suffix(p.NextStep),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "an event without a description"),
    };

    private static string Revision(PlanRevised r, Names n, bool swedish) => string.Join(swedish ? ", " : "; ", new[]
    {
        r.TargetDate is { } target ? (swedish ? $"måldatum {Date(target)}" : $"target date {Iso(target)}") : null,
        r.StartDate is { } start ? (swedish ? $"startdatum {Date(start)}" : $"start date {Iso(start)}") : null,
        r.Budget is { } budget ? (swedish ? $"budget {budget.Total.ToString("#,0", Sv)} kr" : string.Create(CultureInfo.InvariantCulture, $"budget {budget.Total:0} SEK")) : null,
        r.GoalAreas is { } areas ? (swedish ? $"målbilder {List(areas, n.Area)}" : $"goal areas {List(areas)}") : null,
        r.Responsible is { } responsible ? (swedish ? $"ansvarig {responsible}" : $"responsible {responsible}") : null,
        r.Description is not null ? (swedish ? "ny beskrivning" : "description") : null,
        r.Priority is { } priority ? (swedish ? $"prioritet {priority.Name().ToLowerInvariant()}" : $"priority {priority.Code()}") : null,
    }.OfType<string>());

    /// <summary>Swedish dates are written year first (SS-ISO 8601), as the dashboard writes them.</summary>
    private static string Date(DateOnly day) => Iso(day);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(decimal value) => value.ToString("0.##", Sv);

    private static string List(IReadOnlyList<string> codes, Func<string, string>? name = null) =>
        codes.Count == 0 ? "none" : string.Join(", ", codes.Select(name ?? (c => c)));

    private static string Quote(string text) => string.IsNullOrWhiteSpace(text) ? "" : $" ”{text}”";

    private static string Suffix(string text) => text.Length == 0 ? "" : $": {text}";
}
