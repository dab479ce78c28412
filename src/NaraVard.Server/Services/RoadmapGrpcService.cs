using Grpc.Core;
using NaraVard.Domain.Initiatives;
using NaraVard.Api.V1;
using NaraVard.Domain.Roadmap;
using NaraVard.Grains;
using NaraVard.Grains.Initiatives;
using NaraVard.Grains.Organizations;
using NaraVard.Grains.Roadmaps;
using NaraVard.Persistence;
using NaraVard.Server.Feed;
using NaraVard.Server.Mapping;
using Orleans;

namespace NaraVard.Server.Services;

/// <summary>naravard.v1.RoadmapService: the read side, and the watch stream.</summary>
internal sealed class RoadmapGrpcService(IGrainFactory grains, RoadmapDefinition roadmap, EventFeed feed, IEventStore store, ExistingGrains existing, ResidentGrains residents, InitiativeAnswers answers, FollowUp.AsOfReads asOf, TimeProvider time, IHostApplicationLifetime lifetime) : RoadmapService.RoadmapServiceBase
{
    // One reference, swapped whole: concurrent calls see either the old answer or the new one, never a mix.
    private volatile CachedOverview? _overview;

    private IRoadmapGrain County => grains.GetGrain<IRoadmapGrain>(roadmap.Id);

    public override async Task<Roadmap> GetRoadmap(GetRoadmapRequest request, ServerCallContext context) => (await County.GetDefinitionAsync()).ToApi();

    public override async Task<Overview> GetOverview(GetOverviewRequest request, ServerCallContext context)
    {
        // The county active in this silo answers from the overview it last computed while that still holds.
        var figures = residents.Overview(roadmap.Id) ?? await County.GetOverviewAsync();
        if (_overview is { } cached && ReferenceEquals(cached.Figures, figures))
        {
            return cached.Answer;
        }

        // Leadership dashboards poll this: the same figures are mapped and encoded once, then sent as they are.
        var answer = figures.ToApi(roadmap);
        answer.Position = figures.Position;
        _overview = new CachedOverview(figures, EncodedOverview.Remember(answer));
        return answer;
    }

    public override async Task<ListOrganizationsResponse> ListOrganizations(ListOrganizationsRequest request, ServerCallContext context)
    {
        var overview = await County.GetOverviewAsync();
        var response = new ListOrganizationsResponse();
        response.Organizations.AddRange(overview.Organizations.Select(o => o.ToApi(roadmap)));
        return response;
    }

    public override async Task<OrganizationDetail> GetOrganization(GetOrganizationRequest r, ServerCallContext context)
    {
        if (!roadmap.IsKnownOrganization(r.Code))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"organisation '{r.Code}' is not part of roadmap {roadmap.Id}"));
        }

        var view = r.AsOf is { } moment
            ? await asOf.OrganizationAsync(r.Code, moment.ToDateTimeOffset(), context.CancellationToken)
            : await grains.GetGrain<IOrganizationGrain>(r.Code).GetAsync();
        var detail = new OrganizationDetail { Progress = view.Progress.ToApi(roadmap) };
        detail.Row.AddRange(view.Row.Select(c => c.ToApi()));
        detail.InitiativeIds.AddRange(view.InitiativeIds);
        return detail;
    }

    public override async Task<Initiative> GetInitiative(GetInitiativeRequest r, ServerCallContext context)
    {
        if (r.AsOf is { } moment)
        {
            var (state, stale, blocked) = await asOf.InitiativeAsync(RequestFields.RequiredId(r.Id, "id"), moment.ToDateTimeOffset(), context.CancellationToken);
            return state.ToApi(stale, blocked);
        }

        // An initiative active in this silo is read from its activation directly; any other through the grain
        // (which also refuses an id that is not one: no such id is ever resident).
        return await answers.ToApiAsync(residents.Initiative(r.Id) ?? await (await existing.InitiativeAsync(r.Id, "id")).GetAsync());
    }

    public override async Task<GetInitiativeHistoryResponse> GetInitiativeHistory(GetInitiativeHistoryRequest r, ServerCallContext context)
    {
        var id = RequestFields.RequiredId(r.Id, "id");
        var size = AnswerPages.Size(r.PageSize);
        var history = await (await existing.InitiativeAsync(id, "id")).GetHistoryAsync(AnswerPages.AfterVersion(r.PageToken, id), size + 1);
        var response = new GetInitiativeHistoryResponse();
        response.NextPageToken = AnswerPages.Fill(response.Events, history, size, id, h => h.Event.ToApi(h.Version, h.Position, roadmap));
        return response;
    }

    public override async Task<ListInitiativesResponse> ListInitiatives(ListInitiativesRequest r, ServerCallContext context)
    {
        var query = new InitiativeQuery(
            OrganizationCode: RequestFields.NullIfEmpty(r.OrganizationCode),
            Phase: r.Phase.ToDomain("phase"),
            Status: r.Status.ToDomain("status"),
            GoalArea: RequestFields.NullIfEmpty(r.GoalArea),
            RoadmapItem: RequestFields.NullIfEmpty(r.RoadmapItem),
            Stale: r.Stale,
            PageSize: RequestFields.PageSize(r.PageSize),
            PageToken: RequestFields.NullIfEmpty(r.PageToken),
            InvitedOrganizationCode: RequestFields.NullIfEmpty(r.InvitedOrganizationCode),
            Health: r.Health.ToDomain("health"),
            EffectStalled: r.EffectStalled,
            Priority: r.Priority.ToDomain("priority"),
            Order: r.Order.ToDomain("order"));
        var page = r.AsOf is { } moment
            ? await asOf.ListInitiativesAsync(query, moment.ToDateTimeOffset(), context.CancellationToken)
            : await County.ListInitiativesAsync(query);
        var response = new ListInitiativesResponse { NextPageToken = page.NextPageToken ?? "", TotalSize = page.TotalMatches };
        response.Initiatives.AddRange(page.Items.Select(s => s.ToApi(page.StaleIds.Contains(s.Id))));
        return response;
    }

    public override async Task WatchRoadmap(WatchRoadmapRequest request, IServerStreamWriter<RoadmapChange> responses, ServerCallContext context)
    {
        var org = RequestFields.NullIfEmpty(request.OrganizationCode);
        if (org is not null && !roadmap.IsKnownOrganization(org))
        {
            throw StatusMapping.Invalid("organization_code", $"unknown organisation code '{org}'");
        }

        if (request.ResumeAfter < 0)
        {
            throw StatusMapping.Invalid("resume_after", "must not be negative");
        }

        // A stopping server ends every watch at once with UNAVAILABLE and the position to resume after, instead of
        // holding the stop for Kestrel's shutdown timeout while the stream waits for a change that will not come.
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var sent = request.ResumeAfter ?? 0;
        try
        {
            await WatchAsync(request, org, responses, watching.Token, p => sent = p);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"the server is stopping; watch again with resume_after {sent} to go on from there"));
        }
    }

    private async Task WatchAsync(WatchRoadmapRequest request, string? org, IServerStreamWriter<RoadmapChange> responses, CancellationToken cancellationToken, Action<long> sent)
    {
        await feed.Started.WaitAsync(cancellationToken);
        if (request.ResumeAfter is { } after && after > feed.Head && await store.ReadHeadPositionAsync(cancellationToken) is var head && after > head)
        {
            // A position this log never had: waiting for it would look like a quiet county, not like a mistake.
            throw new RpcException(new Status(StatusCode.OutOfRange, $"resume_after: position {after} is beyond the log's head {head}"));
        }

        var position = request.ResumeAfter is { } resume ? resume : await WriteSnapshotAsync(org, responses, cancellationToken);
        while (true)
        {
            sent(position);
            var entries = await feed.ReadAfterAsync(position, 256, cancellationToken);
            if (entries.Count == 0)
            {
                await feed.WaitAsync(position, cancellationToken);
                continue;
            }

            foreach (var entry in entries)
            {
                position = entry.Position;
                if (ToChange(entry, org) is { } change)
                {
                    await responses.WriteAsync(change, cancellationToken);
                }
            }
        }
    }

    private async Task<long> WriteSnapshotAsync(string? org, IServerStreamWriter<RoadmapChange> responses, CancellationToken cancellationToken)
    {
        var (position, initiatives, obstacles) = feed.Snapshot();
        var now = time.GetUtcNow();
        var blocked = obstacles.Where(HealthRule.Blocks).SelectMany(o => o.BlockedInitiatives).ToHashSet(StringComparer.Ordinal);
        foreach (var initiative in initiatives.Where(i => org is null || i.Organizations.Contains(org)).OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            await responses.WriteAsync(new RoadmapChange { Position = position, Initiative = initiative.ToApi(initiative.IsStale(now, roadmap.StaleAfter), blocked.Contains(initiative.Id)) }, cancellationToken);
        }

        foreach (var obstacle in obstacles.OrderBy(o => o.Id, StringComparer.Ordinal))
        {
            var affected = feed.AffectedBy(obstacle);
            if (org is null || affected.Contains(org))
            {
                await responses.WriteAsync(new RoadmapChange { Position = position, Obstacle = obstacle.ToApi(affected, obstacle.OpenFor(now)) }, cancellationToken);
            }
        }

        await responses.WriteAsync(new RoadmapChange { Position = position, SnapshotComplete = new SnapshotComplete() }, cancellationToken);
        return position;
    }

    private RoadmapChange? ToChange(FeedEntry entry, string? org)
    {
        var now = time.GetUtcNow();
        if (entry is { InitiativeEvent: { } ie, Initiative: { } initiative })
        {
            return org is null || initiative.Organizations.Contains(org)
                ? new RoadmapChange { Position = entry.Position, Initiative = initiative.ToApi(initiative.IsStale(now, roadmap.StaleAfter), feed.IsBlocked(initiative.Id)), Event = ie.ToApi(entry.Version, entry.Position, roadmap) }
                : null;
        }

        if (entry is { ObstacleEvent: { } oe, Obstacle: { } obstacle })
        {
            var affected = feed.AffectedBy(obstacle);
            return org is null || affected.Contains(org)
                ? new RoadmapChange { Position = entry.Position, Obstacle = obstacle.ToApi(affected, obstacle.OpenFor(now)), Event = oe.ToApi(entry.Version, entry.Position) }
                : null;
        }

        return null;
    }
}

internal sealed record CachedOverview(Domain.Rollups.CountyOverview Figures, Overview Answer);
