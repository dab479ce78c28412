using NaraVard.Api.V1;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.Gateway;

/// <summary>A client on a flaky network retries with the same request_id; the server may have died in between.</summary>
public sealed class SafeRetryTests
{
    [Fact]
    public async Task ReportSentTwice_WithAServerKillInBetween_AppearsOnceInTheHistory()
    {
        using var data = new TempDirectory("naravard-retry");
        string id;
        string token;
        await using (var first = await ServerProcess.StartAsync(data.Path))
        {
            token = first.AdminToken!;
            using var channel = new ApiClient(first.Address, token);
            id = (await channel.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest { Title = "Retry", OwnerCode = "0562", Scope = Scope.Municipal, RoadmapItem = "K05", RequestId = "create-1" }).ResponseAsync).Id;
            await channel.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = id, ProgressPercent = 60, Status = InitiativeStatus.AtRisk, RequestId = "report-1" }).ResponseAsync;
            await first.KillAsync();
        }

        await using var second = await ServerProcess.StartAsync(data.Path);
        using var again = new ApiClient(second.Address, token);
        var retriedCreate = await again.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest { Title = "Retry", OwnerCode = "0562", Scope = Scope.Municipal, RoadmapItem = "K05", RequestId = "create-1" }).ResponseAsync;
        var retriedReport = await again.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = id, ProgressPercent = 60, Status = InitiativeStatus.AtRisk, RequestId = "report-1" }).ResponseAsync;

        var history = await again.Roadmap.GetInitiativeHistoryAsync(new GetInitiativeHistoryRequest { Id = id }).ResponseAsync;
        Assert.Equal(id, retriedCreate.Id);
        Assert.Equal(2, retriedReport.Version);
        Assert.Equal(["InitiativeCreated", "ProgressReported"], history.Events.Select(e => e.Type));
        Assert.Equal("report-1", history.Events[1].RequestId);
        var overview = await again.Roadmap.GetOverviewAsync(new GetOverviewRequest()).ResponseAsync;
        Assert.Equal(1, overview.County.Total);

        // The same id with another body is a different request, refused after the restart too (the fingerprint is in the log).
        var other = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => again.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = id, ProgressPercent = 70, Status = InitiativeStatus.AtRisk, RequestId = "report-1" }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, other.StatusCode);
        Assert.StartsWith("request_id: ", other.Status.Detail, StringComparison.Ordinal);
    }
}
