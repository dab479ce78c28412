using NaraVard.Domain;
using NaraVard.Domain.Initiatives;

namespace NaraVard.Web;

/// <summary>One line of an initiative's audit trail, in Swedish.</summary>
public static class History
{
    public static string Describe(InitiativeEvent e, Board board) => e switch
    {
        InitiativeCreated => "Skapade initiativet.",
        ProgressReported p => $"Rapporterade {p.ProgressPercent} %, {p.Status.Name().ToLowerInvariant()}." + Quote(p.Comment),
        PhaseAdvanced a => $"Flyttade från {a.From.Name().ToLowerInvariant()} till {a.To.Name().ToLowerInvariant()}." + Quote(a.Comment),
        InitiativePaused p => "Pausade initiativet." + Quote(p.Reason),
        InitiativeResumed r => $"Återupptog initiativet i {r.To.Name().ToLowerInvariant()}.",
        MilestoneAdded m => $"La till milstolpen \"{m.Title}\"" + (m.Due is { } due ? $" till {Sv.Date(due)}." : "."),
        MilestoneCompleted => "Markerade en milstolpe som klar.",
        ParticipantsSet s => (s.Participants.Count == 0 ? "Inga deltagare" : "Deltagare: " + Names(s.Participants, board))
            + (s.Invited.Count > 0 ? "; inbjudna: " + Names(s.Invited, board) : "") + ".",
        ParticipationAccepted a => $"{board.OrganizationName(a.OrganizationCode)} tackade ja till att delta.",
        ParticipantLeft l => $"{board.OrganizationName(l.OrganizationCode)} {(l.Declined ? "tackade nej till inbjudan" : "lämnade initiativet")}.",
        PlanRevised r => $"Reviderade planen: {Revision(r, board)}." + Quote(r.Reason),
        InitiativeClosed c => $"Avslutade initiativet som {c.Outcome.Name().ToLowerInvariant()}." + Quote(c.Reason),
        _ => e.GetType().Name,
    };

    /// <summary>What a revision changed, in the plan's own words.</summary>
    private static string Revision(PlanRevised r, Board board) => string.Join(", ", new[]
    {
        r.TargetDate is { } target ? $"måldatum {Sv.Date(target)}" : null,
        r.StartDate is { } start ? $"startdatum {Sv.Date(start)}" : null,
        r.Budget is { } budget ? $"budget {Sv.Sek((long)budget.Total)}" : null,
        r.GoalAreas is { } areas ? $"målbilder {string.Join(", ", areas.Select(board.AreaName))}" : null,
        r.Responsible is { } responsible ? $"ansvarig {responsible}" : null,
        r.Description is not null ? "ny beskrivning" : null,
    }.OfType<string>());

    private static string Names(IEnumerable<string> codes, Board board) => string.Join(", ", codes.Select(board.OrganizationName));

    private static string Quote(string text) => string.IsNullOrWhiteSpace(text) ? "" : $" ”{text}”";
}
