using NaraVard.Domain.FollowUp;
using NaraVard.Domain.Roadmap;

namespace NaraVard.Domain.Obstacles;

/// <summary>The rules of an obstacle. Pure, like <see cref="Initiatives.InitiativeDecider"/>.</summary>
public static class ObstacleDecider
{
    private static readonly Dictionary<ObstacleStatus, ObstacleStatus[]> Transitions = new()
    {
        [ObstacleStatus.Open] = [ObstacleStatus.Acknowledged, ObstacleStatus.Resolved],
        [ObstacleStatus.Acknowledged] = [ObstacleStatus.Mitigating, ObstacleStatus.Accepted, ObstacleStatus.Resolved],
        [ObstacleStatus.Mitigating] = [ObstacleStatus.Accepted, ObstacleStatus.Resolved],
        [ObstacleStatus.Accepted] = [ObstacleStatus.Mitigating, ObstacleStatus.Resolved],
        [ObstacleStatus.Resolved] = [ObstacleStatus.Open],
    };

    /// <param name="initiativeExists">Whether an initiative id is known; blocked initiatives must exist.</param>
    public static IReadOnlyList<ObstacleEvent> Decide(string id, ObstacleState state, ObstacleCommand command, RoadmapDefinition roadmap, Func<string, bool> initiativeExists, DateTimeOffset now)
    {
        Access.Permissions.RequireCanChange(command.By, command);
        if (command is FlagObstacle flag)
        {
            return state.Exists
                ? throw new DomainException(ErrorKind.AlreadyExists, "id", $"obstacle {id} already exists")
                : [Flag(id, flag, roadmap, initiativeExists, now)];
        }

        if (!state.Exists)
        {
            throw DomainException.NotFound($"obstacle {id} does not exist");
        }

        return command switch
        {
            ChangeObstacleStatus change => [Change(id, state, change, now)],
            EscalateObstacle escalate => [Escalate(id, state, escalate, now)],
            PlanObstacleNextStep plan => [Plan(id, state, plan, now)],
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown obstacle command."),
        };
    }

    public static IReadOnlyList<ObstacleStatus> AllowedNext(ObstacleStatus from) => Transitions[from];

    private static ObstacleFlagged Flag(string id, FlagObstacle f, RoadmapDefinition roadmap, Func<string, bool> initiativeExists, DateTimeOffset now)
    {
        if (!roadmap.CategoryCodes.Contains(f.Category))
        {
            throw DomainException.Invalid("category", $"unknown obstacle category '{f.Category}'");
        }

        var other = f.Category == ObstacleCategory.Other
            ? Limits.Line(f.OtherCategory, "other_category", Limits.Name, required: true)
            : null;

        if (!Enum.IsDefined(f.Severity))
        {
            throw DomainException.Invalid("severity", "must be low, medium, high or critical");
        }

        foreach (var code in f.BlockedOrganizations)
        {
            if (!roadmap.IsKnownOrganization(code))
            {
                throw DomainException.Invalid("blocked_organizations", $"unknown organisation code '{code}'");
            }
        }

        foreach (var initiative in f.BlockedInitiatives)
        {
            if (!initiativeExists(initiative))
            {
                throw DomainException.Invalid("blocked_initiatives", $"unknown initiative '{initiative}'");
            }
        }

        if (f.BlockedInitiatives.Count + f.BlockedOrganizations.Count > Limits.MaxParticipants)
        {
            throw DomainException.Invalid("blocked_initiatives", $"at most {Limits.MaxParticipants} blocked initiatives and organisations together");
        }

        return new ObstacleFlagged
        {
            ObstacleId = id,
            By = f.By,
            At = now,
            RequestId = f.RequestId,
            Category = f.Category,
            OtherCategory = other,
            Severity = f.Severity,
            Title = Limits.Line(f.Title, "title", Limits.Title, required: true),
            Description = Limits.Text(f.Description, "description", Limits.Description),
            BlockedInitiatives = f.BlockedInitiatives.Distinct().ToList(),
            BlockedOrganizations = f.BlockedOrganizations.Distinct().ToList(),
        };
    }

    private static ObstacleStatusChanged Change(string id, ObstacleState state, ChangeObstacleStatus c, DateTimeOffset now)
    {
        if (!Enum.IsDefined(c.To))
        {
            throw DomainException.Invalid("status", "must be open, acknowledged, mitigating, accepted or resolved");
        }

        if (!Transitions[state.Status].Contains(c.To))
        {
            var allowed = string.Join(", ", Transitions[state.Status].Select(s => s.ToString().ToLowerInvariant()));
            throw DomainException.Precondition("status", $"obstacle {id} is {state.Status.ToString().ToLowerInvariant()}; it can move to {allowed}");
        }

        return new ObstacleStatusChanged
        {
            ObstacleId = id,
            By = c.By,
            At = now,
            RequestId = c.RequestId,
            From = state.Status,
            To = c.To,
            Note = Limits.Text(c.Note, "note", Limits.Comment),
        };
    }

    private static ObstacleEscalated Escalate(string id, ObstacleState state, EscalateObstacle e, DateTimeOffset now)
    {
        if (!state.IsOpen)
        {
            throw DomainException.Precondition("escalation", $"obstacle {id} is resolved; reopen it before escalating");
        }

        return state.Escalation == EscalationLevel.Svo
            ? throw DomainException.Precondition("escalation", $"obstacle {id} is already escalated to SVO, the highest level")
            : new ObstacleEscalated
            {
                ObstacleId = id,
                By = e.By,
                At = now,
                RequestId = e.RequestId,
                To = state.Escalation + 1,
                Note = Limits.Text(e.Note, "note", Limits.Comment),
            };
    }

    private static ObstacleNextStepPlanned Plan(string id, ObstacleState state, PlanObstacleNextStep p, DateTimeOffset now)
    {
        if (!state.IsOpen)
        {
            throw DomainException.Precondition("next_step", $"obstacle {id} is resolved; reopen it before planning a next step");
        }

        // A step due before today is a step already missed: the meeting would be told of it as late at once.
        if (p.Due is { } due && due < SwedishTime.Today(now))
        {
            throw DomainException.Invalid("due", $"{due:yyyy-MM-dd} is before today");
        }

        return new ObstacleNextStepPlanned
        {
            ObstacleId = id,
            By = p.By,
            At = now,
            RequestId = p.RequestId,
            Owner = Limits.Line(p.Owner, "owner", Limits.Name, required: true),
            NextStep = Limits.Text(p.NextStep, "next_step", Limits.Comment, required: true),
            Due = p.Due,
        };
    }
}
