using Grpc.Core;
using NaraVard.Api.V1;
using NaraVard.Grains;
using NaraVard.Grains.Initiatives;
using Orleans;
using NaraVard.Server.Mapping;
using Domain = NaraVard.Domain;
using Commands = NaraVard.Domain.Initiatives;

namespace NaraVard.Server.Services;

/// <summary>naravard.v1.InitiativeService: translate the request into a command, send it to the initiative grain, map the answer.</summary>
internal sealed class InitiativeGrpcService(IGrainFactory grains, ExistingGrains existing, InitiativeAnswers answers, Indicators.KoladaSync kolada, NaraVard.Kolada.KoladaClient koladaClient) : InitiativeService.InitiativeServiceBase
{
    public override async Task<SyncKoladaResult> SyncKolada(SyncKoladaRequest r, ServerCallContext c)
    {
        try
        {
            var result = await kolada.RunAsync(Caller.Of(c), c.CancellationToken);
            return new SyncKoladaResult { Indicators = result.Indicators, ValuesFetched = result.Fetched, ValuesRecorded = result.Recorded, ValuesRevised = result.Revised, FetchedAt = result.At.ToApi() };
        }
        catch (NaraVard.Kolada.KoladaUnavailableException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, e.Message));
        }
    }

    public override async Task<FindKoladaKpisResponse> FindKoladaKpis(FindKoladaKpisRequest r, ServerCallContext c)
    {
        var title = r.Title.Trim();
        if (title.Length is < 2 or > 100)
        {
            throw StatusMapping.Invalid("title", "must be 2 to 100 characters: words of the KPI's title");
        }

        try
        {
            var response = new FindKoladaKpisResponse();
            response.Kpis.AddRange((await koladaClient.FindKpisAsync(title, c.CancellationToken)).Select(k => new KoladaKpi { Id = k.Id, Title = k.Title, Description = k.Description, MunicipalityType = k.MunicipalityType }));
            return response;
        }
        catch (NaraVard.Kolada.KoladaUnavailableException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, e.Message));
        }
    }

    public override Task<Initiative> ReportProgress(ReportProgressRequest r, ServerCallContext c) => ExecuteAsync(r.InitiativeId, c, r.ExpectedVersion, new Commands.ReportProgress
    {
        By = Caller.Of(c),
        RequestId = Caller.RequestId(r.RequestId),
        ProgressPercent = r.ProgressPercent,
        Status = r.Status.ToDomain("status").Required("status"),
        Comment = r.Comment,
    });

    public override Task<Initiative> AdvancePhase(AdvancePhaseRequest r, ServerCallContext c) => ExecuteAsync(r.InitiativeId, c, r.ExpectedVersion, new Commands.AdvancePhase
    {
        By = Caller.Of(c),
        RequestId = Caller.RequestId(r.RequestId),
        To = r.To.ToDomain("to").Required("to"),
        Comment = r.Comment,
    });

    public override Task<Initiative> PauseInitiative(PauseInitiativeRequest r, ServerCallContext c) => ExecuteAsync(r.InitiativeId, c, r.ExpectedVersion, new Commands.PauseInitiative
    {
        By = Caller.Of(c),
        RequestId = Caller.RequestId(r.RequestId),
        Reason = r.Reason,
    });

    public override Task<Initiative> ResumeInitiative(ResumeInitiativeRequest r, ServerCallContext c) => ExecuteAsync(r.InitiativeId, c, r.ExpectedVersion, new Commands.ResumeInitiative
    {
        By = Caller.Of(c),
        RequestId = Caller.RequestId(r.RequestId),
    });

    public override Task<Initiative> AddMilestone(AddMilestoneRequest r, ServerCallContext c) => ExecuteAsync(r.InitiativeId, c, r.ExpectedVersion, new Commands.AddMilestone
    {
        By = Caller.Of(c),
        RequestId = Caller.RequestId(r.RequestId),
        Title = r.Title,
        Due = r.Due.ToDate("due"),
    });

    public override Task<Initiative> CompleteMilestone(CompleteMilestoneRequest r, ServerCallContext c) => ExecuteAsync(r.InitiativeId, c, r.ExpectedVersion, new Commands.CompleteMilestone
    {
        By = Caller.Of(c),
        RequestId = Caller.RequestId(r.RequestId),
        MilestoneId = r.MilestoneId,
    });

    public override Task<Initiative> SetParticipants(SetParticipantsRequest r, ServerCallContext c) => ExecuteAsync(r.InitiativeId, c, r.ExpectedVersion, new Commands.SetParticipants
    {
        By = Caller.Of(c),
        RequestId = Caller.RequestId(r.RequestId),
        Participants = [.. r.Participants],
    });

    public override Task<Initiative> AddIndicator(AddIndicatorRequest r, ServerCallContext c) => ExecuteAsync(r.InitiativeId, c, r.ExpectedVersion, new Commands.AddIndicator
    {
        By = Caller.Of(c),
        RequestId = Caller.RequestId(r.RequestId),
        Name = r.Name,
        Unit = r.Unit,
        Level = r.Level.ToDomain("level"),
        Baseline = RequestFields.Decimal(r.Baseline, "baseline"),
        BaselineDate = r.BaselineDate.ToDate("baseline_date"),
        Target = RequestFields.Decimal(r.Target, "target"),
        TargetDate = r.TargetDate.ToDate("target_date") ?? throw StatusMapping.Invalid("target_date", "is required (YYYY-MM-DD)"),
        KoladaKpi = r.KoladaKpi,
        KoladaMunicipality = r.KoladaMunicipality,
    });

    public override Task<Initiative> RecordIndicatorValue(RecordIndicatorValueRequest r, ServerCallContext c) => ExecuteAsync(r.InitiativeId, c, r.ExpectedVersion, new Commands.RecordIndicatorValue
    {
        By = Caller.Of(c),
        RequestId = Caller.RequestId(r.RequestId),
        IndicatorId = r.IndicatorId,
        Value = RequestFields.Decimal(r.Value, "value"),
        MeasuredOn = r.MeasuredOn.ToDate("measured_on"),
        Comment = r.Comment,
    });

    public override Task<Initiative> AcceptParticipation(AcceptParticipationRequest r, ServerCallContext c) => ExecuteAsync(r.InitiativeId, c, r.ExpectedVersion, new Commands.AcceptParticipation
    {
        By = Caller.Of(c),
        RequestId = Caller.RequestId(r.RequestId),
        OrganizationCode = RequestFields.NullIfEmpty(r.OrganizationCode) ?? Caller.Of(c).OrganizationCode,
    });

    public override Task<Initiative> LeaveInitiative(LeaveInitiativeRequest r, ServerCallContext c) => ExecuteAsync(r.InitiativeId, c, r.ExpectedVersion, new Commands.LeaveInitiative
    {
        By = Caller.Of(c),
        RequestId = Caller.RequestId(r.RequestId),
        OrganizationCode = RequestFields.NullIfEmpty(r.OrganizationCode) ?? Caller.Of(c).OrganizationCode,
    });

    public override Task<Initiative> RevisePlan(RevisePlanRequest r, ServerCallContext c) => ExecuteAsync(r.InitiativeId, c, r.ExpectedVersion, new Commands.RevisePlan
    {
        By = Caller.Of(c),
        RequestId = Caller.RequestId(r.RequestId),
        Reason = r.Reason,
        Description = r.Description,
        Responsible = r.Responsible,
        StartDate = r.StartDate.ToDate("start_date"),
        TargetDate = r.TargetDate.ToDate("target_date"),
        GoalAreas = r.GoalAreas is null ? null : [.. r.GoalAreas.Codes],
        Budget = r.Budget is null ? null : new Commands.Budget(r.Budget.OwnCostSek, r.Budget.CoFinancingSek, r.Budget.CoFinancedBy),
        Priority = r.Priority.ToDomain("priority"),
    });

    public override Task<Initiative> CloseInitiative(CloseInitiativeRequest r, ServerCallContext c) => ExecuteAsync(r.InitiativeId, c, r.ExpectedVersion, new Commands.CloseInitiative
    {
        By = Caller.Of(c),
        RequestId = Caller.RequestId(r.RequestId),
        Outcome = r.Outcome.ToDomain("outcome").Required("outcome"),
        Reason = r.Reason,
    });

    public override async Task<Initiative> CreateInitiative(CreateInitiativeRequest r, ServerCallContext context)
    {
        var command = new Commands.CreateInitiative
        {
            By = Caller.Of(context),
            RequestId = Caller.RequestId(r.RequestId),
            Title = r.Title,
            Description = r.Description,
            OwnerCode = r.OwnerCode,
            Scope = r.Scope == Scope.Unspecified ? throw StatusMapping.Invalid("scope", "is required") : (Domain.InitiativeScope)(int)r.Scope,
            Participants = [.. r.Participants],
            RoadmapItem = r.RoadmapItem,
            GoalAreas = [.. r.GoalAreas],
            Effects = [.. r.Effects.Select(e => new Commands.Effect((Domain.EffectLevel)(int)e.Level, e.Description))],
            Responsible = r.Responsible,
            StartDate = r.StartDate.ToDate("start_date"),
            TargetDate = r.TargetDate.ToDate("target_date"),
            Budget = r.Budget is null ? null : new Commands.Budget(r.Budget.OwnCostSek, r.Budget.CoFinancingSek, r.Budget.CoFinancedBy),
            Priority = r.Priority.ToDomain("priority"),
        };
        var view = await grains.GetGrain<IInitiativeGrain>(Ids.ForCreate("i", command.By, command.RequestId)).ExecuteAsync(command, null, context.CancellationToken);
        return await answers.ToApiAsync(view);
    }

    private async Task<Initiative> ExecuteAsync(string id, ServerCallContext context, long? expectedVersion, Commands.InitiativeCommand command)
    {
        var view = await (await existing.InitiativeAsync(id, "initiative_id")).ExecuteAsync(command, expectedVersion, context.CancellationToken);
        return await answers.ToApiAsync(view);
    }
}
