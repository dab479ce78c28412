using NaraVard.Domain.Roadmap;

namespace NaraVard.Domain.Initiatives;

/// <summary>
/// The rules of an initiative: given its state, a command and the time, the events that happen — or a
/// <see cref="DomainException"/> that names the rule. Pure: no I/O, no clock, no runtime.
/// </summary>
public static class InitiativeDecider
{
    public static IReadOnlyList<InitiativeEvent> Decide(string id, InitiativeState state, InitiativeCommand command, RoadmapDefinition roadmap, DateTimeOffset now)
    {
        if (state.Exists || command is CreateInitiative)
        {
            Access.Permissions.RequireCanChange(command.By, state, command);
        }

        if (command is CreateInitiative create)
        {
            return state.Exists
                ? throw new DomainException(ErrorKind.AlreadyExists, "id", $"initiative {id} already exists")
                : [Create(id, create, roadmap, now)];
        }

        if (!state.Exists)
        {
            throw DomainException.NotFound($"initiative {id} does not exist");
        }

        if (state.Phase.IsTerminal())
        {
            throw DomainException.Precondition("phase", $"initiative {id} is closed ({state.Phase.Code()}) and cannot change");
        }

        return command switch
        {
            ReportProgress report => [Report(id, state, report, now)],
            AdvancePhase advance => [Advance(id, state, advance, now)],
            PauseInitiative pause => [Pause(id, state, pause, now)],
            ResumeInitiative resume => [Resume(id, state, resume, now)],
            AddMilestone milestone => [AddMilestone(id, state, milestone, now)],
            CompleteMilestone complete => [CompleteMilestone(id, state, complete, now)],
            SetParticipants participants => [SetParticipants(id, state, participants, roadmap, now)],
            AcceptParticipation accept => [Accept(id, state, accept, now)],
            LeaveInitiative leave => [Leave(id, state, leave, now)],
            AddIndicator add => [IndicatorDecisions.Add(id, state, add, FollowUp.SwedishTime.Today(now), now)],
            RecordIndicatorValue value => [IndicatorDecisions.Measure(id, state, value, FollowUp.SwedishTime.Today(now), now)],
            RecordKoladaValues kolada => [.. IndicatorDecisions.RecordKolada(id, state, kolada, FollowUp.SwedishTime.Today(now), now)],
            RevisePlan revise => [Revise(id, state, revise, roadmap, now)],
            CloseInitiative close => [Close(id, state, close, now)],
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown initiative command."),
        };
    }

    private static InitiativeCreated Create(string id, CreateInitiative c, RoadmapDefinition roadmap, DateTimeOffset now)
    {
        var title = Limits.Line(c.Title, "title", Limits.Title, required: true);
        if (!roadmap.OrganizationsByCode.TryGetValue(c.OwnerCode, out var owner))
        {
            throw DomainException.Invalid("owner_code", $"unknown organisation code '{c.OwnerCode}'");
        }

        if (!roadmap.ItemsByCode.TryGetValue(c.RoadmapItem, out _))
        {
            throw DomainException.Invalid("roadmap_item", $"unknown roadmap item '{c.RoadmapItem}'");
        }

        if (!Enum.IsDefined(c.Scope))
        {
            throw DomainException.Invalid("scope", "must be regional, municipal or joint");
        }

        if (c.Scope == InitiativeScope.Regional && owner.Code != roadmap.CountyCode)
        {
            throw DomainException.Invalid("scope", "a regional initiative must be owned by the region");
        }

        if (c.Scope == InitiativeScope.Municipal && !owner.IsMunicipality)
        {
            throw DomainException.Invalid("scope", "a municipal initiative must be owned by a municipality");
        }

        var participants = ValidParticipants(c.Participants, owner.Code, roadmap);
        if (participants.Count > 0 && c.Scope != InitiativeScope.Joint)
        {
            throw DomainException.Invalid("participants", "only joint initiatives have participants");
        }

        foreach (var area in c.GoalAreas)
        {
            if (!roadmap.GoalAreaCodes.Contains(area))
            {
                throw DomainException.Invalid("goal_areas", $"unknown target-picture area '{area}'");
            }
        }

        if (c.Effects.Count > Limits.MaxEffects)
        {
            throw DomainException.Invalid("effects", $"at most {Limits.MaxEffects} effects");
        }

        var effects = c.Effects.Select(e => Enum.IsDefined(e.Level)
            ? e with { Description = Limits.Text(e.Description, "effects.description", Limits.Comment, required: true) }
            : throw DomainException.Invalid("effects.level", "must be individual, organization or society")).ToList();

        if (c.StartDate is { } start && c.TargetDate is { } target && target < start)
        {
            throw DomainException.Invalid("target_date", "must not be before start_date");
        }

        if (c.Budget is { } budget && (budget.OwnCost < 0 || budget.CoFinancing < 0))
        {
            throw DomainException.Invalid("budget", "amounts must not be negative");
        }

        ValidPriority(c.Priority);
        return new InitiativeCreated
        {
            InitiativeId = id,
            By = c.By,
            At = now,
            RequestId = c.RequestId,
            Title = title,
            Description = Limits.Text(c.Description, "description", Limits.Description),
            OwnerCode = owner.Code,
            Scope = c.Scope,
            Invited = participants,
            RoadmapItem = c.RoadmapItem,
            GoalAreas = c.GoalAreas.Distinct().ToList(),
            Effects = effects,
            Responsible = Limits.Line(c.Responsible, "responsible", Limits.Name),
            StartDate = c.StartDate,
            TargetDate = c.TargetDate,
            Budget = c.Budget,
            Priority = c.Priority,
        };
    }

    private static ProgressReported Report(string id, InitiativeState state, ReportProgress r, DateTimeOffset now)
    {
        if (r.ProgressPercent is < 0 or > 100)
        {
            throw DomainException.Invalid("progress_percent", $"must be between 0 and 100 (was {r.ProgressPercent})");
        }

        if (!Enum.IsDefined(r.Status))
        {
            throw DomainException.Invalid("status", "must be on-track, at-risk or off-track");
        }

        if (state.Phase == Phase.Pausad)
        {
            throw DomainException.Precondition("phase", $"initiative {id} is paused; resume it before reporting progress");
        }

        return new ProgressReported
        {
            InitiativeId = id,
            By = r.By,
            At = now,
            RequestId = r.RequestId,
            ProgressPercent = r.ProgressPercent,
            Status = r.Status,
            Comment = Limits.Text(r.Comment, "comment", Limits.Comment),
        };
    }

    private static PhaseAdvanced Advance(string id, InitiativeState state, AdvancePhase a, DateTimeOffset now)
    {
        var allowed = state.Phase switch
        {
            Phase.Planering => Phase.Strategi,
            Phase.Strategi => Phase.Genomforande,
            _ => (Phase?)null,
        };

        if (allowed is null || a.To != allowed)
        {
            var rule = state.Phase switch
            {
                Phase.Genomforande => "an initiative in genomforande is completed with close (outcome genomford)",
                Phase.Pausad => "a paused initiative must be resumed first",
                _ => $"from {state.Phase.Code()} the next phase is {allowed?.Code()}",
            };
            throw DomainException.Precondition("to", $"cannot move initiative {id} from {state.Phase.Code()} to {a.To.Code()}: {rule}");
        }

        return new PhaseAdvanced
        {
            InitiativeId = id,
            By = a.By,
            At = now,
            RequestId = a.RequestId,
            From = state.Phase,
            To = a.To,
            Comment = Limits.Text(a.Comment, "comment", Limits.Comment),
        };
    }

    private static InitiativePaused Pause(string id, InitiativeState state, PauseInitiative p, DateTimeOffset now) =>
        state.Phase == Phase.Pausad
            ? throw DomainException.Precondition("phase", $"initiative {id} is already paused")
            : new InitiativePaused { InitiativeId = id, By = p.By, At = now, RequestId = p.RequestId, Reason = Limits.Text(p.Reason, "reason", Limits.Comment, required: true) };

    private static InitiativeResumed Resume(string id, InitiativeState state, ResumeInitiative r, DateTimeOffset now) =>
        state.Phase != Phase.Pausad
            ? throw DomainException.Precondition("phase", $"initiative {id} is not paused")
            : new InitiativeResumed { InitiativeId = id, By = r.By, At = now, RequestId = r.RequestId, To = state.PhaseBeforePause ?? Phase.Planering };

    private static MilestoneAdded AddMilestone(string id, InitiativeState state, AddMilestone m, DateTimeOffset now)
    {
        if (state.Milestones.Length >= Limits.MaxMilestones)
        {
            throw DomainException.Precondition("milestones", $"an initiative has at most {Limits.MaxMilestones} milestones");
        }

        return new MilestoneAdded
        {
            InitiativeId = id,
            By = m.By,
            At = now,
            RequestId = m.RequestId,
            MilestoneId = $"m{state.Milestones.Length + 1}",
            Title = Limits.Line(m.Title, "title", Limits.Title, required: true),
            Due = m.Due,
        };
    }

    private static MilestoneCompleted CompleteMilestone(string id, InitiativeState state, CompleteMilestone c, DateTimeOffset now)
    {
        var milestone = state.Milestones.FirstOrDefault(m => m.Id == c.MilestoneId)
            ?? throw DomainException.NotFound($"initiative {id} has no milestone '{c.MilestoneId}'");
        return milestone.CompletedAt is not null
            ? throw DomainException.Precondition("milestone_id", $"milestone {c.MilestoneId} is already completed")
            : new MilestoneCompleted { InitiativeId = id, By = c.By, At = now, RequestId = c.RequestId, MilestoneId = c.MilestoneId };
    }

    private static ParticipantsSet SetParticipants(string id, InitiativeState state, SetParticipants s, RoadmapDefinition roadmap, DateTimeOffset now)
    {
        if (state.Scope != InitiativeScope.Joint)
        {
            throw DomainException.Precondition("participants", $"initiative {id} is not joint; only joint initiatives have participants");
        }

        // Consent is not the owner's to give: who already accepted stays, everyone new is invited.
        var wanted = ValidParticipants(s.Participants, state.OwnerCode, roadmap);
        return new ParticipantsSet
        {
            InitiativeId = id,
            By = s.By,
            At = now,
            RequestId = s.RequestId,
            Participants = wanted.Where(state.Participants.Contains).ToList(),
            Invited = wanted.Where(code => !state.Participants.Contains(code)).ToList(),
        };
    }

    private static ParticipationAccepted Accept(string id, InitiativeState state, AcceptParticipation a, DateTimeOffset now)
    {
        if (!state.Invited.Contains(a.OrganizationCode))
        {
            throw DomainException.Precondition("organization_code", state.Participants.Contains(a.OrganizationCode)
                ? $"{a.OrganizationCode} already takes part in initiative {id}"
                : $"{a.OrganizationCode} is not invited to initiative {id}; its owner {state.OwnerCode} invites participants");
        }

        return new ParticipationAccepted { InitiativeId = id, By = a.By, At = now, RequestId = a.RequestId, OrganizationCode = a.OrganizationCode };
    }

    private static ParticipantLeft Leave(string id, InitiativeState state, LeaveInitiative l, DateTimeOffset now)
    {
        if (l.OrganizationCode == state.OwnerCode)
        {
            throw DomainException.Precondition("organization_code", $"{l.OrganizationCode} owns initiative {id} and cannot leave it; close it instead");
        }

        var invited = state.Invited.Contains(l.OrganizationCode);
        if (!invited && !state.Participants.Contains(l.OrganizationCode))
        {
            throw DomainException.Precondition("organization_code", $"{l.OrganizationCode} neither takes part in nor is invited to initiative {id}");
        }

        return new ParticipantLeft { InitiativeId = id, By = l.By, At = now, RequestId = l.RequestId, OrganizationCode = l.OrganizationCode, Declined = invited };
    }

    /// <summary>The same rules as at creation for each detail given; a revision must change something and say why.</summary>
    private static PlanRevised Revise(string id, InitiativeState state, RevisePlan r, RoadmapDefinition roadmap, DateTimeOffset now)
    {
        var reason = Limits.Text(r.Reason, "reason", Limits.Comment, required: true);
        foreach (var area in r.GoalAreas ?? [])
        {
            if (!roadmap.GoalAreaCodes.Contains(area))
            {
                throw DomainException.Invalid("goal_areas", $"unknown target-picture area '{area}'");
            }
        }

        if ((r.StartDate ?? state.StartDate) is { } start && (r.TargetDate ?? state.TargetDate) is { } target && target < start)
        {
            throw DomainException.Invalid("target_date", $"must not be before start_date ({start:yyyy-MM-dd})");
        }

        if (r.Budget is { } budget && (budget.OwnCost < 0 || budget.CoFinancing < 0))
        {
            throw DomainException.Invalid("budget", "amounts must not be negative");
        }

        var revised = new PlanRevised
        {
            InitiativeId = id,
            By = r.By,
            At = now,
            RequestId = r.RequestId,
            Reason = reason,
            Description = r.Description is null || r.Description == state.Description ? null : Limits.Text(r.Description, "description", Limits.Description),
            Responsible = r.Responsible is null || r.Responsible == state.Responsible ? null : Limits.Line(r.Responsible, "responsible", Limits.Name),
            StartDate = r.StartDate == state.StartDate ? null : r.StartDate,
            TargetDate = r.TargetDate == state.TargetDate ? null : r.TargetDate,
            GoalAreas = r.GoalAreas is null || r.GoalAreas.Order().SequenceEqual(state.GoalAreas.Order()) ? null : [.. r.GoalAreas.Distinct()],
            Budget = r.Budget is null || r.Budget == state.Budget ? null : r.Budget,
            Priority = r.Priority is null || r.Priority == state.Priority ? null : ValidPriority(r.Priority),
        };
        return revised is { Description: null, Responsible: null, StartDate: null, TargetDate: null, GoalAreas: null, Budget: null, Priority: null }
            ? throw DomainException.Invalid("plan", $"the revision changes nothing in initiative {id}'s plan")
            : revised;
    }

    private static Priority? ValidPriority(Priority? priority) =>
        priority is null || Enum.IsDefined(priority.Value) ? priority : throw DomainException.Invalid("priority", "must be high, medium or low");

    private static InitiativeClosed Close(string id, InitiativeState state, CloseInitiative c, DateTimeOffset now)
    {
        if (c.Outcome is not (Phase.Genomford or Phase.Stoppad))
        {
            throw DomainException.Invalid("outcome", "must be genomford (done) or stoppad (stopped)");
        }

        if (c.Outcome == Phase.Genomford && state.Phase != Phase.Genomforande)
        {
            throw DomainException.Precondition("outcome", $"initiative {id} is in {state.Phase.Code()}; only an initiative in genomforande can be done");
        }

        return new InitiativeClosed
        {
            InitiativeId = id,
            By = c.By,
            At = now,
            RequestId = c.RequestId,
            Outcome = c.Outcome,
            Reason = Limits.Text(c.Reason, "reason", Limits.Comment, required: true),
        };
    }

    private static List<string> ValidParticipants(IReadOnlyList<string> participants, string ownerCode, RoadmapDefinition roadmap)
    {
        if (participants.Count > Limits.MaxParticipants)
        {
            throw DomainException.Invalid("participants", $"at most {Limits.MaxParticipants} participants");
        }

        foreach (var code in participants)
        {
            if (!roadmap.IsKnownOrganization(code))
            {
                throw DomainException.Invalid("participants", $"unknown organisation code '{code}'");
            }
        }

        return participants.Where(p => p != ownerCode).Distinct().Order(StringComparer.Ordinal).ToList();
    }
}
