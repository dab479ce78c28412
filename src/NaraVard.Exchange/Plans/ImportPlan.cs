using NaraVard.Domain.Initiatives;

namespace NaraVard.Exchange.Plans;

public enum RowAction
{
    Create,
    Update,
    Unchanged,

    /// <summary>The row has a problem: nothing of the file is written until it is corrected.</summary>
    Refused,
}

/// <summary>What importing one row does: the commands, in order, and the changes they make in words.</summary>
/// <param name="InitiativeId">The matched initiative; null for one the import creates.</param>
/// <param name="Key">Owner, roadmap item and title (<see cref="PlanRow.Key"/>), when the row has them.</param>
public sealed record RowPlan(int Row, string? InitiativeId, string? Key, string Title, RowAction Action, IReadOnlyList<InitiativeCommand> Commands, IReadOnlyList<string> Changes, IReadOnlyList<string> Warnings);

/// <summary>The dry run's answer: every row's plan and every problem. Only a plan without problems is committed.</summary>
public sealed record ImportPlan(IReadOnlyList<RowPlan> Rows, IReadOnlyList<PlanProblem> Problems, IReadOnlyList<string> IgnoredColumns)
{
    public bool CanCommit => Problems.Count == 0;

    public int Count(RowAction action) => Rows.Count(r => r.Action == action);
}

/// <summary>What an import did: the plan, and for a commit the ids of what it created (by row) and any row a concurrent change stopped.</summary>
public sealed record ImportOutcome(string Format, int Rows, ImportPlan Plan, bool Committed, IReadOnlyDictionary<int, string> Created, IReadOnlyList<PlanProblem> WriteProblems)
{
    public IEnumerable<PlanProblem> Problems => Plan.Problems.Concat(WriteProblems);

    public string? InitiativeId(RowPlan row) => row.InitiativeId ?? Created.GetValueOrDefault(row.Row);
}
