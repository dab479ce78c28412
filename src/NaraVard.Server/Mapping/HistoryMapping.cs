using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Roadmap;
using V1 = NaraVard.Api.V1;

namespace NaraVard.Server.Mapping;

/// <summary>Events to history entries: the typed fields, and one readable line of what happened in English and Swedish (<see cref="EventText"/>).</summary>
internal static class HistoryMapping
{
    public static V1.HistoryEvent ToApi(this InitiativeEvent e, long version, long position, RoadmapDefinition roadmap)
    {
        var entry = Entry(e.GetType().Name, version, position, e.At, e.By, e.RequestId);
        entry.Description = EventText.English(e);
        entry.DescriptionSv = EventText.Swedish(e, EventText.NamesOf(roadmap));
        switch (e)
        {
            case InitiativeCreated c:
                entry.PhaseTo = V1.Phase.Planering;
                entry.Participants.AddRange(c.Participants);
                break;
            case ProgressReported p:
                entry.ProgressPercent = p.ProgressPercent;
                entry.Status = p.Status.ToApi();
                entry.Comment = p.Comment;
                break;
            case PhaseAdvanced a:
                entry.PhaseFrom = a.From.ToApi();
                entry.PhaseTo = a.To.ToApi();
                entry.Comment = a.Comment;
                break;
            case InitiativePaused p:
                entry.PhaseTo = V1.Phase.Pausad;
                entry.Comment = p.Reason;
                break;
            case InitiativeResumed r:
                entry.PhaseTo = r.To.ToApi();
                break;
            case MilestoneAdded m:
                entry.MilestoneId = m.MilestoneId;
                entry.Comment = m.Title;
                break;
            case MilestoneCompleted m:
                entry.MilestoneId = m.MilestoneId;
                break;
            case ParticipantsSet s:
                entry.Participants.AddRange(s.Participants);
                entry.Invited.AddRange(s.Invited);
                break;
            case ParticipationAccepted a:
                entry.Participants.Add(a.OrganizationCode);
                break;
            case ParticipantLeft l:
                entry.Participants.Add(l.OrganizationCode);
                break;
            case PlanRevised r:
                entry.Comment = r.Reason;
                break;
            case InitiativeClosed c:
                entry.PhaseTo = c.Outcome.ToApi();
                entry.Comment = c.Reason;
                break;
        }

        return entry;
    }

    public static V1.HistoryEvent ToApi(this ObstacleEvent e, long version, long position)
    {
        var entry = Entry(e.GetType().Name, version, position, e.At, e.By, e.RequestId);
        entry.Description = EventText.English(e);
        entry.DescriptionSv = EventText.Swedish(e);
        switch (e)
        {
            case ObstacleFlagged f:
                entry.ObstacleStatusTo = V1.ObstacleStatus.Open;
                break;
            case ObstacleStatusChanged s:
                entry.ObstacleStatusFrom = s.From.ToApi();
                entry.ObstacleStatusTo = s.To.ToApi();
                entry.Comment = s.Note;
                break;
            case ObstacleEscalated x:
                entry.Escalation = x.To.ToApi();
                entry.Comment = x.Note;
                break;
            case ObstacleNextStepPlanned p:
                entry.Owner = p.Owner;
                entry.Comment = p.NextStep;
                entry.Due = p.Due?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "";
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


}
