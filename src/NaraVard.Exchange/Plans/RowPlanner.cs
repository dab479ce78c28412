using System.Globalization;
using NaraVard.Domain;
using NaraVard.Domain.Initiatives;
using NaraVard.Domain.Roadmap;

namespace NaraVard.Exchange.Plans;

/// <summary>
/// One row against the initiative it matched (or none): the commands that bring NaraVard to what the row says,
/// each decided against the state the previous ones leave, so a refusal is found now and named by its column.
/// </summary>
internal sealed class RowPlanner(PlanRow row, InitiativeState? current, RoadmapDefinition roadmap, Actor by, DateTimeOffset now, string request)
{
    private const string NewId = "(ny)";
    private readonly List<InitiativeCommand> _commands = [];
    private readonly List<string> _changes = [];
    private readonly List<string> _warnings = [];
    private readonly List<PlanProblem> _problems = [];
    private InitiativeState _state = current ?? InitiativeState.Initial;

    public (RowPlan Row, IReadOnlyList<PlanProblem> Problems) Run()
    {
        if (current is null)
        {
            Create();
        }

        if (_state.Exists)
        {
            if (current is not null)
            {
                Revise();
            }

            Participants();
            Milestones();
            Indicators();
            Report();
            Phase();
        }

        var action = _problems.Count > 0 ? RowAction.Refused : current is null ? RowAction.Create : _commands.Count > 0 ? RowAction.Update : RowAction.Unchanged;
        return (new RowPlan(row.Number, current?.Id, row.Key, row.Title ?? current?.Title ?? "", action, _commands, _changes, _warnings), _problems);
    }

    private void Create()
    {
        var owner = row.OwnerCode!;
        var scope = roadmap.ScopeFor(owner, row.RoadmapItem!, row.Participants is { Count: > 0 });
        var budget = row.OwnCost is null && row.CoFinancing is null ? null : new Budget(row.OwnCost ?? 0, row.CoFinancing ?? 0, row.CoFinancedBy);
        Decide(PlanColumn.Owner, new CreateInitiative
        {
            By = by,
            Title = row.Title!,
            Description = row.Description ?? "",
            OwnerCode = owner,
            Scope = scope,
            Participants = row.Participants ?? [],
            RoadmapItem = row.RoadmapItem!,
            GoalAreas = row.GoalAreas ?? [],
            Effects = row.Effects ?? [],
            Responsible = row.Responsible ?? "",
            StartDate = row.StartDate,
            TargetDate = row.TargetDate,
            Budget = budget,
            Priority = row.Priority,
        }, "nytt initiativ");
    }

    private void Participants()
    {
        if (row.Participants is not { } wanted || current is null)
        {
            return;
        }

        var now = _state.Participants.Concat(_state.Invited).Order().ToList();
        if (!wanted.Order().SequenceEqual(now))
        {
            Decide(PlanColumn.Participants, new SetParticipants { By = by, Participants = wanted }, $"deltagare: {List(now)} → {List(wanted)}");
        }
    }

    private void Milestones()
    {
        foreach (var planned in row.Milestones ?? [])
        {
            var existing = _state.Milestones.FirstOrDefault(m => string.Equals(m.Title, planned.Title, StringComparison.OrdinalIgnoreCase));
            if (existing is null)
            {
                Decide(PlanColumn.Milestones, new AddMilestone { By = by, Title = planned.Title, Due = planned.Due }, $"ny milstolpe: {planned.Title}");
                existing = _state.Milestones.LastOrDefault();
            }

            if (planned.Done && existing is { CompletedAt: null })
            {
                Decide(PlanColumn.Milestones, new CompleteMilestone { By = by, MilestoneId = existing.Id }, $"milstolpe klar: {planned.Title}");
            }
        }
    }

    private void Indicators()
    {
        foreach (var planned in row.Indicators ?? [])
        {
            if (!_state.Indicators.Any(i => string.Equals(i.Name, planned.Name, StringComparison.OrdinalIgnoreCase)))
            {
                Decide(PlanColumn.Indicators, new AddIndicator
                {
                    By = by,
                    Name = planned.Name,
                    Unit = planned.Unit,
                    Level = planned.Level,
                    Baseline = planned.Baseline,
                    Target = planned.Target,
                    TargetDate = planned.TargetDate,
                    KoladaKpi = planned.Kolada?.Kpi,
                    KoladaMunicipality = planned.Kolada?.Municipality,
                }, $"ny mätpunkt: {planned.Name}");
            }
        }
    }

    private void Report()
    {
        if (row.Progress is null && row.Status is null)
        {
            return;
        }

        var (progress, status) = (row.Progress ?? _state.ProgressPercent, row.Status ?? _state.Status);
        if (progress != _state.ProgressPercent || status != _state.Status || current is null)
        {
            // Only what moves is named: "förlopp 0 → 35 %", not a status that stays as it was beside it.
            var change = current is null
                ? $"förlopp {progress} %, {status.Name().ToLowerInvariant()}"
                : string.Join(", ", new[]
                {
                    progress != _state.ProgressPercent ? $"förlopp {_state.ProgressPercent} → {progress} %" : null,
                    status != _state.Status ? $"status {_state.Status.Name().ToLowerInvariant()} → {status.Name().ToLowerInvariant()}" : null,
                }.OfType<string>());
            Decide(row.Progress is null ? PlanColumn.Status : PlanColumn.Progress, new ReportProgress { By = by, ProgressPercent = progress, Status = status, Comment = row.Comment ?? "" }, change);
        }
    }

    /// <summary>The road walked step by step, as a user would (resume, advance, advance, close): each step decided by the usual rules.</summary>
    private void Phase()
    {
        if (row.Phase is not { } target || target == _state.Phase)
        {
            return;
        }

        var reason = row.Comment ?? "Enligt importerad handlingsplan";
        var change = $"fas {_state.Phase.Name().ToLowerInvariant()} → {target.Name().ToLowerInvariant()}";
        if (_state.Phase == Domain.Phase.Pausad && target != Domain.Phase.Stoppad)
        {
            Decide(PlanColumn.Phase, new ResumeInitiative { By = by }, change);
        }

        switch (target)
        {
            case Domain.Phase.Pausad:
                Decide(PlanColumn.Phase, new PauseInitiative { By = by, Reason = reason }, change);
                return;
            case Domain.Phase.Stoppad:
                Decide(PlanColumn.Phase, new CloseInitiative { By = by, Outcome = Domain.Phase.Stoppad, Reason = reason }, change);
                return;
        }

        var stop = target == Domain.Phase.Genomford ? Domain.Phase.Genomforande : target;
        if (stop < _state.Phase || !_state.Phase.IsActive())
        {
            Decide(PlanColumn.Phase, new AdvancePhase { By = by, To = stop }, change);
            return;
        }

        while (_problems.Count == 0 && _state.Phase < stop)
        {
            Decide(PlanColumn.Phase, new AdvancePhase { By = by, To = _state.Phase + 1 }, change);
        }

        if (target == Domain.Phase.Genomford && _problems.Count == 0)
        {
            Decide(PlanColumn.Phase, new CloseInitiative { By = by, Outcome = Domain.Phase.Genomford, Reason = reason }, change);
        }
    }

    /// <summary>
    /// Details that differ from the plan in force become a revision of the plan (the history keeps the earlier
    /// one); the title finds the row again and effects are not revised, so a difference there is only noted.
    /// </summary>
    private void Revise()
    {
        var s = _state;
        if (row.Title is { } title && !string.Equals(title.Trim(), s.Title, StringComparison.OrdinalIgnoreCase))
        {
            _warnings.Add($"'{PlanColumns.Header(PlanColumn.Title)}' skiljer sig från NaraVards och ändras inte av en import: ändra den i NaraVard");
        }

        if (row.Effects is { } effects && !effects.SequenceEqual(s.Effects))
        {
            _warnings.Add("effekterna skiljer sig från NaraVards och ändras inte av en import: ändra dem i NaraVard");
        }

        var budget = row.OwnCost is null && row.CoFinancing is null && row.CoFinancedBy is null
            ? null
            : new Budget(row.OwnCost ?? s.Budget?.OwnCost ?? 0, row.CoFinancing ?? s.Budget?.CoFinancing ?? 0, row.CoFinancedBy ?? s.Budget?.CoFinancedBy);
        var revision = new RevisePlan
        {
            By = by,
            Reason = row.Comment ?? "Reviderad enligt importerad handlingsplan",
            Description = row.Description is { } d && d != s.Description ? d : null,
            Responsible = row.Responsible is { } r && r != s.Responsible ? r : null,
            StartDate = row.StartDate is { } start && start != s.StartDate ? start : null,
            TargetDate = row.TargetDate is { } target && target != s.TargetDate ? target : null,
            GoalAreas = row.GoalAreas is { } areas && !areas.Order().SequenceEqual(s.GoalAreas.Order()) ? areas : null,
            Budget = budget is not null && budget != s.Budget ? budget : null,
            Priority = row.Priority is { } priority && priority != s.Priority ? priority : null,
        };
        string?[] changed =
        [
            revision.Priority is { } newPriority ? $"prioritet {s.Priority?.Name().ToLowerInvariant() ?? "ingen"} → {newPriority.Name().ToLowerInvariant()}" : null,
            revision.TargetDate is { } newTarget ? $"måldatum {s.TargetDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "inget"} → {newTarget:yyyy-MM-dd}" : null,
            revision.StartDate is { } newStart ? $"startdatum {s.StartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "inget"} → {newStart:yyyy-MM-dd}" : null,
            revision.Budget is { } newBudget ? $"budget {s.Budget?.Total ?? 0:0} → {newBudget.Total:0} kr" : null,
            revision.GoalAreas is not null ? "målbildsområden" : null,
            revision.Responsible is not null ? "ansvarig" : null,
            revision.Description is not null ? "beskrivning" : null,
        ];
        if (changed.Any(c => c is not null))
        {
            Decide(PlanColumn.TargetDate, revision, "planen reviderad: " + string.Join(", ", changed.OfType<string>()));
        }
    }

    /// <summary>Decides the command against the state so far; a refusal becomes the row's problem, named by the column it came from.</summary>
    private void Decide(PlanColumn column, InitiativeCommand command, string change)
    {
        if (_problems.Count > 0)
        {
            return;
        }

        command = command with { RequestId = $"{request}-{_commands.Count + 1}" };
        try
        {
            var events = InitiativeDecider.Decide(current?.Id ?? NewId, _state, command, roadmap, now);
            _state = events.Aggregate(_state, (s, e) => s.Apply(e));
            _commands.Add(command);
            if (!_changes.Contains(change))
            {
                _changes.Add(change); // a walk of several phases is one change in words
            }
        }
        catch (DomainException e)
        {
            _problems.Add(new(row.Number, PlanColumns.OfField(e.Field) ?? PlanColumns.Header(column), SwedishRules.Say(e)));
        }
    }

    private static string List(IEnumerable<string> codes) => codes.Any() ? string.Join(", ", codes) : "inga";
}
