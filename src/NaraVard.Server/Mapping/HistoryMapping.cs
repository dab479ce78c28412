using System.Globalization;
using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using V1 = NaraVard.Api.V1;

namespace NaraVard.Server.Mapping;

/// <summary>Events to history entries: the typed fields, and one readable line of what happened.</summary>
internal static class HistoryMapping
{
    public static V1.HistoryEvent ToApi(this InitiativeEvent e, long version, long position)
    {
        var entry = Entry(e.GetType().Name, version, position, e.At, e.By, e.RequestId);
        switch (e)
        {
            case InitiativeCreated c:
                entry.Description = $"Created \"{c.Title}\" ({c.Scope.ToString().ToLowerInvariant()}, {c.RoadmapItem}) for {c.OwnerCode}";
                entry.PhaseTo = V1.Phase.Planering;
                entry.Participants.AddRange(c.Participants);
                break;
            case ProgressReported p:
                entry.ProgressPercent = p.ProgressPercent;
                entry.Status = p.Status.ToApi();
                entry.Comment = p.Comment;
                entry.Description = string.Create(CultureInfo.InvariantCulture, $"Reported {p.ProgressPercent} %, {p.Status.Code()}{Suffix(p.Comment)}");
                break;
            case PhaseAdvanced a:
                entry.PhaseFrom = a.From.ToApi();
                entry.PhaseTo = a.To.ToApi();
                entry.Comment = a.Comment;
                entry.Description = $"Moved from {a.From.Code()} to {a.To.Code()}{Suffix(a.Comment)}";
                break;
            case InitiativePaused p:
                entry.PhaseTo = V1.Phase.Pausad;
                entry.Comment = p.Reason;
                entry.Description = $"Paused{Suffix(p.Reason)}";
                break;
            case InitiativeResumed r:
                entry.PhaseTo = r.To.ToApi();
                entry.Description = $"Resumed in {r.To.Code()}";
                break;
            case MilestoneAdded m:
                entry.MilestoneId = m.MilestoneId;
                entry.Comment = m.Title;
                entry.Description = $"Added milestone {m.MilestoneId} \"{m.Title}\"";
                break;
            case MilestoneCompleted m:
                entry.MilestoneId = m.MilestoneId;
                entry.Description = $"Completed milestone {m.MilestoneId}";
                break;
            case ParticipantsSet s:
                entry.Participants.AddRange(s.Participants);
                entry.Invited.AddRange(s.Invited);
                entry.Description = $"Participants set to {List(s.Participants)}" + (s.Invited.Count > 0 ? $"; invited {List(s.Invited)}" : "");
                break;
            case ParticipationAccepted a:
                entry.Participants.Add(a.OrganizationCode);
                entry.Description = $"{a.OrganizationCode} accepted taking part";
                break;
            case ParticipantLeft l:
                entry.Participants.Add(l.OrganizationCode);
                entry.Description = l.Declined ? $"{l.OrganizationCode} declined the invitation" : $"{l.OrganizationCode} left";
                break;
            case PlanRevised r:
                entry.Comment = r.Reason;
                entry.Description = "Revised the plan: " + string.Join("; ", new[]
                {
                    r.TargetDate is { } target ? $"target date {target:yyyy-MM-dd}" : null,
                    r.StartDate is { } start ? $"start date {start:yyyy-MM-dd}" : null,
                    r.Budget is { } budget ? $"budget {budget.Total:0} SEK" : null,
                    r.GoalAreas is { } areas ? $"goal areas {List(areas)}" : null,
                    r.Responsible is { } responsible ? $"responsible {responsible}" : null,
                    r.Description is not null ? "description" : null,
                }.OfType<string>()) + Suffix(r.Reason);
                break;
            case InitiativeClosed c:
                entry.PhaseTo = c.Outcome.ToApi();
                entry.Comment = c.Reason;
                entry.Description = $"Closed as {c.Outcome.Code()}{Suffix(c.Reason)}";
                break;
        }

        return entry;
    }

    public static V1.HistoryEvent ToApi(this ObstacleEvent e, long version, long position)
    {
        var entry = Entry(e.GetType().Name, version, position, e.At, e.By, e.RequestId);
        switch (e)
        {
            case ObstacleFlagged f:
                entry.ObstacleStatusTo = V1.ObstacleStatus.Open;
                entry.Description = $"Flagged \"{f.Title}\" ({f.Category}, {f.Severity.ToString().ToLowerInvariant()})";
                break;
            case ObstacleStatusChanged s:
                entry.ObstacleStatusFrom = s.From.ToApi();
                entry.ObstacleStatusTo = s.To.ToApi();
                entry.Comment = s.Note;
                entry.Description = $"{s.From.ToString().ToLowerInvariant()} → {s.To.ToString().ToLowerInvariant()}{Suffix(s.Note)}";
                break;
            case ObstacleEscalated x:
                entry.Escalation = x.To.ToApi();
                entry.Comment = x.Note;
                entry.Description = $"Escalated to {x.To.ToString().ToUpperInvariant()}{Suffix(x.Note)}";
                break;
        }

        return entry;
    }

    private static V1.HistoryEvent Entry(string type, long version, long position, DateTimeOffset at, Actor by, string? requestId) => new()
    {
        Type = type,
        Version = version,
        Position = position,
        At = at.ToApi(),
        By = by.ToApi(),
        RequestId = requestId ?? "",
    };

    private static string Suffix(string text) => text.Length == 0 ? "" : $": {text}";

    private static string List(IReadOnlyList<string> codes) => codes.Count == 0 ? "none" : string.Join(", ", codes);
}
