using Grpc.Core;
using NaraVard.Api.V1;

namespace NaraVard.Server.Tests.Gateway;

/// <summary>The status table of docs/grpc-status.md, through the real gateway.</summary>
[Collection(GatewayCollection.Name)]
public sealed class StatusTests(ServerFixture fixture)
{
    private async Task<RpcException> FailsAsync(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

    [Theory]
    [InlineData("naravard.v1.InitiativeService", "ReportProgress")]
    [InlineData("naravard.v1.RoadmapService", "GetOverview")]
    [InlineData("naravard.v1.RoadmapService", "GetInitiative")]
    public async Task BodyThatDoesNotDecode_IsInternal_NotTheUnknownOfABug(string service, string name)
    {
        // A real client sending bytes that are no protobuf message (a truncated varint field tag).
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(fixture.Server.Address);
        var raw = Marshallers.Create<byte[]>(bytes => bytes, bytes => bytes);
        var method = new Method<byte[], byte[]>(MethodType.Unary, service, name, raw, raw);
        var headers = new Metadata { { "authorization", $"Bearer {fixture.AdminToken}" } };

        var error = await FailsAsync(() => channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(headers), [0x0A, 0xFF, 0xFF]).ResponseAsync);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("request body", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetInitiative_Unknown_IsNotFound()
    {
        var error = await FailsAsync(() => fixture.Channel.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = "i-missing" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Theory]
    [InlineData("start_date", "2026-13-01")]
    [InlineData("owner_code", "")]
    [InlineData("title", "")]
    public async Task Create_InvalidField_IsInvalidArgumentNamingIt(string field, string value)
    {
        var request = new CreateInitiativeRequest { Title = "Ok", OwnerCode = "0580", Scope = Scope.Municipal, RoadmapItem = "K01" };
        switch (field)
        {
            case "start_date": request.StartDate = value; break;
            case "owner_code": request.OwnerCode = value; break;
            default: request.Title = value; break;
        }

        var error = await FailsAsync(() => fixture.Channel.Initiatives.CreateInitiativeAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Close_DoneFromPlanering_IsFailedPrecondition()
    {
        var created = await fixture.Channel.CreateAsync();

        var error = await FailsAsync(() => fixture.Channel.Initiatives.CloseInitiativeAsync(new CloseInitiativeRequest { InitiativeId = created.Id, Outcome = Phase.Genomford, Reason = "klart" }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
    }

    [Fact]
    public async Task Report_StaleExpectedVersion_IsAbortedWithTheCurrentVersion()
    {
        var created = await fixture.Channel.CreateAsync();
        await fixture.Channel.ReportAsync(created.Id, 10);

        var error = await FailsAsync(() => fixture.Channel.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = created.Id, ProgressPercent = 20, Status = InitiativeStatus.OnTrack, ExpectedVersion = 1 }).ResponseAsync);

        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.StartsWith("expected_version: ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("at version 2", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_SameRequestIdSameBody_GetsTheFirstAnswerAgain()
    {
        var created = await fixture.Channel.CreateAsync();
        var report = new ReportProgressRequest { InitiativeId = created.Id, ProgressPercent = 30, Status = InitiativeStatus.OnTrack, RequestId = $"r-{Guid.NewGuid():N}" };

        var first = await fixture.Channel.Initiatives.ReportProgressAsync(report).ResponseAsync;
        var again = await fixture.Channel.Initiatives.ReportProgressAsync(report).ResponseAsync;

        Assert.Equal(first, again);
        Assert.Equal(2, (await fixture.Channel.Roadmap.GetInitiativeHistoryAsync(new GetInitiativeHistoryRequest { Id = created.Id }).ResponseAsync).Events.Count);
    }

    [Fact]
    public async Task Report_SameRequestIdOtherBody_IsFailedPreconditionNamingRequestId()
    {
        var created = await fixture.Channel.CreateAsync();
        var requestId = $"r-{Guid.NewGuid():N}";
        await fixture.Channel.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = created.Id, ProgressPercent = 30, Status = InitiativeStatus.OnTrack, RequestId = requestId }).ResponseAsync;

        var error = await FailsAsync(() => fixture.Channel.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = created.Id, ProgressPercent = 31, Status = InitiativeStatus.OnTrack, RequestId = requestId }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.StartsWith("request_id: ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(30, (await fixture.Channel.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = created.Id }).ResponseAsync).ProgressPercent);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("aS1hYmM")]
    [InlineData("")]
    public async Task ListInitiatives_PageTokenTheServerDidNotIssue_IsInvalidArgument(string token)
    {
        // "" is the first page; anything else must be a token this server gave out.
        token = token.Length == 0 ? "i-zzzzzzzzzzzz" : token;

        var error = await FailsAsync(() => fixture.Channel.Roadmap.ListInitiativesAsync(new ListInitiativesRequest { PageToken = token }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("page_token: ", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListInitiatives_IssuedToken_PagesThroughAllAndRefusesAnotherQuery()
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await fixture.Channel.CreateAsync("0509", "K04")).Id);
        }

        var seen = new List<string>();
        var request = new ListInitiativesRequest { OrganizationCode = "0509", RoadmapItem = "K04", PageSize = 2 };
        string? firstToken = null;
        do
        {
            var page = await fixture.Channel.Roadmap.ListInitiativesAsync(request).ResponseAsync;
            seen.AddRange(page.Initiatives.Select(i => i.Id));
            firstToken ??= page.NextPageToken;
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Superset(ids, seen.ToHashSet());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var error = await FailsAsync(() => fixture.Channel.Roadmap.ListInitiativesAsync(new ListInitiativesRequest { OrganizationCode = "0580", PageToken = firstToken }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("page_token: ", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListObstacles_PageTokenTheServerDidNotIssue_IsInvalidArgument()
    {
        var error = await FailsAsync(() => fixture.Channel.Obstacles.ListObstaclesAsync(new ListObstaclesRequest { PageToken = "o-abc" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("page_token: ", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_ResumeAfterBeyondTheHead_IsOutOfRangeNamingTheHead()
    {
        await fixture.Channel.CreateAsync();
        var head = (await fixture.Channel.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync).Position;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await FailsAsync(async () =>
        {
            await foreach (var _ in fixture.Channel.WatchAsync(new WatchRoadmapRequest { ResumeAfter = head + 1_000_000 }, cancel.Token))
            {
            }
        });

        Assert.Equal(StatusCode.OutOfRange, error.StatusCode);
        Assert.StartsWith("resume_after: ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("head", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_ShowsEveryEventWithWhoAndWhen()
    {
        var created = await fixture.Channel.CreateAsync();
        await fixture.Channel.ReportAsync(created.Id, 35);

        var history = await fixture.Channel.Roadmap.GetInitiativeHistoryAsync(new GetInitiativeHistoryRequest { Id = created.Id }).ResponseAsync;

        Assert.Equal(["InitiativeCreated", "ProgressReported"], history.Events.Select(e => e.Type));
        Assert.All(history.Events, e => Assert.NotNull(e.At));
        Assert.Equal(35, history.Events[1].ProgressPercent);
    }

    [Fact]
    public async Task History_OfTwoThousandReportsWithLongMultibyteComments_ComesInPagesUnderTheLimit_AndWhole()
    {
        var created = await fixture.Channel.CreateAsync();
        var comment = string.Concat(Enumerable.Repeat("Hälsocentralen i Åtvidaberg 👩‍⚕️ ", 60))[..1_900];
        await Parallel.ForEachAsync(Enumerable.Range(1, 2_000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, _) =>
            await fixture.Channel.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = created.Id, ProgressPercent = n % 101, Status = InitiativeStatus.OnTrack, Comment = comment }).ResponseAsync);

        var events = new List<HistoryEvent>();
        var request = new GetInitiativeHistoryRequest { Id = created.Id, PageSize = 500 };
        do
        {
            var page = await fixture.Channel.Roadmap.GetInitiativeHistoryAsync(request).ResponseAsync;
            Assert.True(page.CalculateSize() < 4 * 1024 * 1024, $"a page of {page.CalculateSize()} bytes");
            events.AddRange(page.Events);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(Enumerable.Range(1, 2_001).Select(v => (long)v), events.Select(e => e.Version));
        Assert.All(events.Skip(1), e => Assert.Equal(comment.Trim(), e.Comment));
    }

    [Fact]
    public async Task ListObstacles_OfHundredsWithLongMultibyteDescriptions_ComesInPagesUnderTheLimit_AndWhole()
    {
        // 300 obstacles of 4,000 emoji each (16 KB) are about 5 MB: more than one message may carry.
        var description = string.Concat(Enumerable.Repeat("😀", 4_000));
        var flagged = new HashSet<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, _) =>
        {
            var obstacle = await fixture.Channel.Obstacles.FlagObstacleAsync(new FlagObstacleRequest { Category = "demografi", Severity = Severity.Low, Title = $"Långt hinder {n}", Description = description, BlockedOrganizations = { "0513" } }).ResponseAsync;
            lock (flagged)
            {
                flagged.Add(obstacle.Id);
            }
        });

        var listed = new List<string>();
        var request = new ListObstaclesRequest { OrganizationCode = "0513", PageSize = 500 };
        do
        {
            var page = await fixture.Channel.Obstacles.ListObstaclesAsync(request).ResponseAsync;
            Assert.True(page.CalculateSize() < 4 * 1024 * 1024, $"a page of {page.CalculateSize()} bytes");
            listed.AddRange(page.Obstacles.Select(o => o.Id));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Superset(flagged, listed.ToHashSet());
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }
}
