using Google.Protobuf.WellKnownTypes;
using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Obstacles;
using NaraVard.Domain.Rollups;
using NaraVard.Grains.Initiatives;
using NaraVard.Grains.Obstacles;
using V1 = NaraVard.Api.V1;

namespace NaraVard.Server.Mapping;

/// <summary>Grain answers to API messages.</summary>
internal static class StateMapping
{
    public static Timestamp ToApi(this DateTimeOffset at) => Timestamp.FromDateTimeOffset(at);

    public static V1.Actor ToApi(this Actor actor) => new() { Name = actor.Name, OrganizationCode = actor.OrganizationCode, Role = actor.Role, Id = actor.Id };

    /// <param name="blocked">Whether an obstacle blocks it, as the county knows (<see cref="Grains.Roadmaps.CountyBlocking"/>).</param>
    public static V1.Initiative ToApi(this InitiativeView view, bool blocked) => view.State.ToApi(view.Stale, blocked);

    public static V1.Initiative ToApi(this InitiativeState s, bool stale, bool blocked)
    {
        var initiative = new V1.Initiative
        {
            Id = s.Id,
            Title = s.Title,
            Description = s.Description,
            OwnerCode = s.OwnerCode,
            Scope = s.Scope.ToApi(),
            RoadmapItem = s.RoadmapItem,
            Responsible = s.Responsible,
            StartDate = s.StartDate.ToApi(),
            TargetDate = s.TargetDate.ToApi(),
            Phase = s.Phase.ToApi(),
            ProgressPercent = s.ProgressPercent,
            Status = s.Status.ToApi(),
            LastComment = s.LastComment,
            CreatedAt = s.CreatedAt.ToApi(),
            LastReportAt = s.LastReportAt.ToApi(),
            UpdatedAt = s.UpdatedAt.ToApi(),
            Stale = stale,
            Health = s.HealthWith(blocked, stale).ToApi(),
            Version = s.Version,
            ClosedReason = s.ClosedReason ?? "",
            EffectStalled = s.EffectStalled,
            Priority = s.Priority.ToApi(),
        };
        initiative.Participants.AddRange(s.Participants);
        initiative.Invited.AddRange(s.Invited);
        initiative.GoalAreas.AddRange(s.GoalAreas);
        initiative.Effects.AddRange(s.Effects.Select(e => new V1.Effect { Level = e.Level.ToApi(), Description = e.Description }));
        initiative.Milestones.AddRange(s.Milestones.Select(m => new V1.Milestone { Id = m.Id, Title = m.Title, Due = m.Due.ToApi(), CompletedAt = m.CompletedAt?.ToApi() }));
        initiative.Indicators.AddRange(s.Indicators.Select(ToApi));
        if (s.Budget is { } b)
        {
            initiative.Budget = new V1.Budget { OwnCostSek = (long)b.OwnCost, CoFinancingSek = (long)b.CoFinancing, CoFinancedBy = b.CoFinancedBy ?? "", TotalSek = (long)b.Total };
        }

        return initiative;
    }

    private static V1.Indicator ToApi(Indicator i)
    {
        var indicator = new V1.Indicator
        {
            Id = i.Id,
            Name = i.Name,
            Unit = i.Unit,
            Level = i.Level.ToApi(),
            Baseline = (double)i.Baseline,
            BaselineDate = ((DateOnly?)i.BaselineDate).ToApi(),
            Target = (double)i.Target,
            TargetDate = ((DateOnly?)i.TargetDate).ToApi(),
            OnTrack = i.OnTrack switch { true => V1.OnTrack.Yes, false => V1.OnTrack.No, null => V1.OnTrack.Unspecified },
            KoladaKpi = i.Kolada?.Kpi ?? "",
            KoladaMunicipality = i.Kolada?.Municipality ?? "",
            Moved = i.Moved switch { true => V1.Moved.Yes, false => V1.Moved.No, null => V1.Moved.Unspecified },
        };
        indicator.Values.AddRange(i.Values.Select(ToApi));
        indicator.Latest = i.Latest is { } latest ? ToApi(latest) : null;
        return indicator;
    }

    private static V1.Measurement ToApi(Measurement v) =>
        new() { MeasuredOn = ((DateOnly?)v.MeasuredOn).ToApi(), Value = (double)v.Value, Comment = v.Comment, RecordedAt = v.RecordedAt.ToApi(), FromKolada = v.FromKolada, Revises = (double?)v.Revises };

    public static V1.InitiativeSummary ToApi(this InitiativeSummary s, bool stale)
    {
        var summary = new V1.InitiativeSummary
        {
            Id = s.Id,
            Title = s.Title,
            OwnerCode = s.OwnerCode,
            Scope = s.Scope.ToApi(),
            RoadmapItem = s.RoadmapItem,
            Phase = s.Phase.ToApi(),
            Status = s.Status.ToApi(),
            ProgressPercent = s.ProgressPercent,
            LastReportAt = s.LastReportAt.ToApi(),
            Stale = stale,
            Health = HealthRule.Of(s.Standing, stale).ToApi(),
            Version = s.Version,
            EffectStalled = s.EffectStalled,
            Priority = s.Priority.ToApi(),
            Responsible = s.Responsible,
            TargetDate = s.TargetDate.ToApi(),
        };
        summary.Participants.AddRange(s.Participants);
        summary.Invited.AddRange(s.Invited);
        summary.GoalAreas.AddRange(s.GoalAreas);
        return summary;
    }

    public static V1.Obstacle ToApi(this ObstacleView view) => view.State.ToApi(view.AffectedOrganizations, view.OpenFor);

    public static V1.Obstacle ToApi(this ObstacleState s, IEnumerable<string> affected, TimeSpan openFor)
    {
        var obstacle = new V1.Obstacle
        {
            Id = s.Id,
            Category = s.Category,
            OtherCategory = s.OtherCategory ?? "",
            Severity = s.Severity.ToApi(),
            Title = s.Title,
            Description = s.Description,
            RaisedBy = s.RaisedBy.ToApi(),
            RaisedAt = s.RaisedAt.ToApi(),
            Status = s.Status.ToApi(),
            Escalation = s.Escalation.ToApi(),
            OpenSeconds = (long)openFor.TotalSeconds,
            ResolvedAt = s.ResolvedAt?.ToApi(),
            Version = s.Version,
            Owner = s.Owner,
            NextStep = s.NextStep,
            NextStepDue = s.NextStepDue?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };
        obstacle.BlockedInitiatives.AddRange(s.BlockedInitiatives);
        obstacle.BlockedOrganizations.AddRange(s.BlockedOrganizations);
        obstacle.AffectedOrganizations.AddRange(affected);
        return obstacle;
    }
}
