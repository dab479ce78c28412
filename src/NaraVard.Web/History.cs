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
        InitiativeClosed c => $"Avslutade initiativet som {c.Outcome.Name().ToLowerInvariant()}." + Quote(c.Reason),
        _ => e.GetType().Name,
    };

    private static string Names(IEnumerable<string> codes, Board board) => string.Join(", ", codes.Select(board.OrganizationName));

    private static string Quote(string text) => string.IsNullOrWhiteSpace(text) ? "" : $" ”{text}”";
}
