using Grpc.Core;
using NaraVard.Api.V1;
using NaraVard.Grains;
using NaraVard.Grains.Obstacles;
using NaraVard.Grains.Roadmaps;
using Orleans;
using NaraVard.Server.Mapping;
using Commands = NaraVard.Domain.Obstacles;

namespace NaraVard.Server.Services;

/// <summary>naravard.v1.ObstacleService.</summary>
internal sealed class ObstacleGrpcService(IGrainFactory grains, ExistingGrains existing, FollowUp.AsOfReads asOf, Domain.Roadmap.RoadmapDefinition roadmap) : ObstacleService.ObstacleServiceBase
{
    private IRoadmapGrain County => grains.GetGrain<IRoadmapGrain>(roadmap.Id);

    public override async Task<Obstacle> GetObstacle(GetObstacleRequest r, ServerCallContext context) =>
        r.AsOf is { } moment
            ? (await asOf.ObstacleAsync(RequestFields.RequiredId(r.Id, "id"), moment.ToDateTimeOffset(), context.CancellationToken)).ToApi()
            : (await (await existing.ObstacleAsync(r.Id, "id")).GetAsync()).ToApi();

    public override async Task<GetObstacleHistoryResponse> GetObstacleHistory(GetObstacleHistoryRequest r, ServerCallContext context)
    {
        var id = RequestFields.RequiredId(r.Id, "id");
        var size = AnswerPages.Size(r.PageSize);
        var history = await (await existing.ObstacleAsync(id, "id")).GetHistoryAsync(AnswerPages.AfterVersion(r.PageToken, id), size + 1);
        var response = new GetObstacleHistoryResponse();
        response.NextPageToken = AnswerPages.Fill(response.Events, history, size, id, h => h.Event.ToApi(h.Version, h.Position));
        return response;
    }

    public override async Task<Obstacle> FlagObstacle(FlagObstacleRequest r, ServerCallContext context)
    {
        var command = new Commands.FlagObstacle
        {
            By = Caller.Of(context),
            RequestId = Caller.RequestId(r.RequestId),
            Category = r.Category,
            OtherCategory = r.OtherCategory,
            Severity = r.Severity.ToDomain("severity").Required("severity"),
            Title = r.Title,
            Description = r.Description,
            BlockedInitiatives = [.. r.BlockedInitiatives],
            BlockedOrganizations = [.. r.BlockedOrganizations],
        };
        return (await grains.GetGrain<IObstacleGrain>(Ids.ForCreate("o", command.By, command.RequestId)).ExecuteAsync(command, null, context.CancellationToken)).ToApi();
    }

    public override async Task<Obstacle> UpdateObstacle(UpdateObstacleRequest r, ServerCallContext context)
    {
        var grain = await existing.ObstacleAsync(r.ObstacleId, "obstacle_id");
        var status = r.Status.ToDomain("status");
        if (status is null && !r.Escalate)
        {
            throw StatusMapping.Invalid("status", "give a new status, or escalate");
        }

        var expected = r.ExpectedVersion;
        ObstacleView? view = null;
        if (status is { } to)
        {
            view = await grain.ExecuteAsync(new Commands.ChangeObstacleStatus { By = Caller.Of(context), RequestId = Caller.RequestId(r.RequestId), To = to, Note = r.Note }, expected, context.CancellationToken);
            expected = expected is null ? null : view.State.Version;
        }

        if (r.Escalate)
        {
            // The escalation is its own step of the same request, with an id of its own so a retry recognises each step.
            var requestId = Caller.RequestId(r.RequestId) is { } id ? id + "/escalate" : null;
            view = await grain.ExecuteAsync(new Commands.EscalateObstacle { By = Caller.Of(context), RequestId = requestId, Note = r.Note }, expected, context.CancellationToken);
        }

        return view!.ToApi();
    }

    public override async Task<Obstacle> PlanObstacleNextStep(PlanObstacleNextStepRequest r, ServerCallContext context)
    {
        var grain = await existing.ObstacleAsync(r.ObstacleId, "obstacle_id");
        var command = new Commands.PlanObstacleNextStep
        {
            By = Caller.Of(context),
            RequestId = Caller.RequestId(r.RequestId),
            Owner = r.Owner,
            NextStep = r.NextStep,
            Due = r.Due.ToDate("due"),
        };
        return (await grain.ExecuteAsync(command, r.ExpectedVersion, context.CancellationToken)).ToApi();
    }

    public override async Task<ListObstaclesResponse> ListObstacles(ListObstaclesRequest r, ServerCallContext context)
    {
        var query = new ObstacleQuery(
            OrganizationCode: RequestFields.NullIfEmpty(r.OrganizationCode),
            Category: RequestFields.NullIfEmpty(r.Category),
            MinSeverity: r.MinSeverity.ToDomain("min_severity"),
            Status: r.Status.ToDomain("status"),
            OpenOnly: r.OpenOnly,
            InitiativeId: RequestFields.NullIfEmpty(r.InitiativeId),
            PageSize: RequestFields.PageSize(r.PageSize),
            PageToken: RequestFields.NullIfEmpty(r.PageToken));
        ListObstaclesResponse response;
        var bytes = 0;

        // Bounded by bytes as well as count: long descriptions must not push a page over the message limit.
        bool Add(ObstacleView view)
        {
            var obstacle = view.ToApi();
            var added = obstacle.CalculateSize() + 8;
            if (response.Obstacles.Count > 0 && bytes + added > AnswerPages.MaxBytes)
            {
                response.NextPageToken = Paging.Token(response.Obstacles[^1].Id, query.PageKey());
                return false;
            }

            response.Obstacles.Add(obstacle);
            bytes += added;
            return true;
        }

        if (r.AsOf is { } moment)
        {
            // The register as it stood then, folded from the log.
            var (past, next, total) = await asOf.ListObstaclesAsync(query, moment.ToDateTimeOffset(), context.CancellationToken);
            response = new ListObstaclesResponse { NextPageToken = next ?? "", TotalSize = total };
            foreach (var view in past)
            {
                if (!Add(view))
                {
                    break;
                }
            }

            return response;
        }

        var page = await County.ListObstaclesAsync(query);
        response = new ListObstaclesResponse { NextPageToken = page.NextPageToken ?? "", TotalSize = page.TotalMatches };
        foreach (var summary in page.Items)
        {
            if (!Add(await grains.GetGrain<IObstacleGrain>(summary.Id).GetAsync()))
            {
                break;
            }
        }

        return response;
    }
}
