using NaraVard.Exchange.Plans;
using V1 = NaraVard.Api.V1;

namespace NaraVard.Server.Mapping;

internal static class ExchangeMapping
{
    public static V1.ImportPlanResult ToApi(this ImportOutcome outcome)
    {
        var plan = outcome.Plan;
        var result = new V1.ImportPlanResult
        {
            Committed = outcome.Committed,
            Format = outcome.Format,
            Rows = outcome.Rows,
            Created = plan.Count(RowAction.Create),
            Updated = plan.Count(RowAction.Update),
            Unchanged = plan.Count(RowAction.Unchanged),
            Writes = plan.Rows.Sum(r => r.Commands.Count),
        };
        result.Problems.AddRange(outcome.Problems.Select(p => new V1.ImportProblem { Row = p.Row, Column = p.Column, Rule = p.Rule }));
        result.IgnoredColumns.AddRange(plan.IgnoredColumns);
        result.RowPlans.AddRange(plan.Rows.Select(r =>
        {
            var row = new V1.ImportRowPlan
            {
                Row = r.Row,
                InitiativeId = outcome.InitiativeId(r) ?? "",
                Title = r.Title,
                Action = r.Action switch
                {
                    RowAction.Create => V1.ImportAction.Create,
                    RowAction.Update => V1.ImportAction.Update,
                    RowAction.Refused => V1.ImportAction.Refused,
                    _ => V1.ImportAction.Unchanged,
                },
            };
            row.Changes.AddRange(r.Changes);
            row.Warnings.AddRange(r.Warnings);
            return row;
        }));
        return result;
    }
}
