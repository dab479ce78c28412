using NaraVard.Domain.FollowUp;
using V1 = NaraVard.Api.V1;

namespace NaraVard.Server.Mapping;

internal static class FollowUpMapping
{
    public static V1.Body ToApi(this Body body) => (V1.Body)(int)body;

    public static Body? ToDomain(this V1.Body body, string field) => body switch
    {
        V1.Body.Unspecified => null,
        V1.Body.Svo or V1.Body.Lgvo => (Body)(int)body,
        _ => throw StatusMapping.Invalid(field, "must be svo or lgvo"),
    };

    public static V1.Meeting ToApi(this MeetingRecorded m) => new()
    {
        Id = m.MeetingId,
        Body = m.Body.ToApi(),
        Date = ((DateOnly?)m.Date).ToApi(),
        Title = m.Title,
        Note = m.Note,
        RecordedBy = m.By.ToApi(),
        RecordedAt = m.At.ToApi(),
        EndsAt = m.EndsAt.ToApi(),
    };

    public static V1.ChangeReport ToApi(this ChangeReport report, MeetingRecorded? since)
    {
        var api = new V1.ChangeReport { From = report.From.ToApi(), To = report.To.ToApi(), Position = report.Position, SinceMeeting = since?.ToApi() };
        api.Initiatives.AddRange(report.Initiatives.Select(c =>
        {
            var change = new V1.InitiativeChange
            {
                Id = c.Id,
                Title = c.Title,
                OwnerCode = c.OwnerCode,
                RoadmapItem = c.RoadmapItem,
                New = c.New,
                PhaseFrom = c.PhaseFrom.ToApi(),
                PhaseTo = c.PhaseTo.ToApi(),
                ProgressFrom = c.ProgressFrom,
                ProgressTo = c.ProgressTo,
                StatusFrom = c.StatusFrom.ToApi(),
                StatusTo = c.StatusTo.ToApi(),
                Reports = c.Reports,
                WentStale = c.WentStale,
                Paused = c.Paused,
                Closed = c.Closed,
                Comment = c.Comment,
                HealthTo = c.HealthTo.ToApi(),
            };
            change.OrganizationCodes.AddRange(c.Organizations);
            change.IndicatorMoves.AddRange(c.IndicatorMoves.Select(m =>
            {
                var move = new V1.IndicatorMove { Id = m.Id, Name = m.Name, Unit = m.Unit, To = (double)m.To, Revised = m.Revised, OnTrack = m.OnTrack switch { true => V1.OnTrack.Yes, false => V1.OnTrack.No, null => V1.OnTrack.Unspecified } };
                if (m.From is { } from)
                {
                    move.From = (double)from;
                }

                return move;
            }));
            return change;
        }));
        api.Obstacles.AddRange(report.Obstacles.Select(o =>
        {
            var change = new V1.ObstacleChange
            {
                Id = o.Id,
                Title = o.Title,
                Category = o.Category,
                Severity = o.Severity.ToApi(),
                Flagged = o.Flagged,
                EscalatedTo = o.EscalatedTo is { } level ? level.ToApi() : V1.EscalationLevel.Unspecified,
                Resolved = o.Resolved,
                Status = o.Status.ToApi(),
                Escalation = o.Escalation.ToApi(),
            };
            change.AffectedOrganizations.AddRange(o.AffectedOrganizations);
            change.Notes.AddRange(o.Notes.Select(n => new V1.ObstacleNote
            {
                At = n.At.ToApi(),
                By = n.By,
                EscalatedTo = n.EscalatedTo is { } to ? to.ToApi() : V1.EscalationLevel.Unspecified,
                StatusTo = n.StatusTo is { } status ? status.ToApi() : V1.ObstacleStatus.Unspecified,
                Note = n.Note,
            }));
            return change;
        }));
        api.SilentOrganizations.AddRange(report.SilentOrganizations);
        return api;
    }
}
