using NaraVard.Api.V1;
using Grpc.Core;

namespace NaraVard.Server.Tests.Gateway;

/// <summary>The status table of docs/grpc-status.md, through the real gateway.</summary>
[Collection(GatewayCollection.Name)]
public sealed class StatusTests(ServerFixture fixture)
{
    private async Task<RpcException> FailsAsync(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

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
        Assert.Contains("at version 2", error.Status.Detail, StringComparison.Ordinal);
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
}
