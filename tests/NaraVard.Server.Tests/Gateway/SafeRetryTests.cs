using NaraVard.Api;
using NaraVard.Api.V1;
using NaraVard.Grpc.Client;
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
            using var channel = new GrpcChannel(first.Address, defaultHeaders: ServerProcess.Bearer(token));
            id = (await channel.UnaryAsync(InitiativeMethods.CreateInitiative, new CreateInitiativeRequest { Title = "Retry", OwnerCode = "0562", Scope = Scope.Municipal, RoadmapItem = "K05", RequestId = "create-1" })).Id;
            await channel.UnaryAsync(InitiativeMethods.ReportProgress, new ReportProgressRequest { InitiativeId = id, ProgressPercent = 60, Status = InitiativeStatus.AtRisk, RequestId = "report-1" });
            await first.KillAsync();
        }

        await using var second = await ServerProcess.StartAsync(data.Path);
        using var again = new GrpcChannel(second.Address, defaultHeaders: ServerProcess.Bearer(token));
        var retriedCreate = await again.UnaryAsync(InitiativeMethods.CreateInitiative, new CreateInitiativeRequest { Title = "Retry", OwnerCode = "0562", Scope = Scope.Municipal, RoadmapItem = "K05", RequestId = "create-1" });
        var retriedReport = await again.UnaryAsync(InitiativeMethods.ReportProgress, new ReportProgressRequest { InitiativeId = id, ProgressPercent = 60, Status = InitiativeStatus.AtRisk, RequestId = "report-1" });

        var history = await again.UnaryAsync(RoadmapMethods.GetInitiativeHistory, new GetInitiativeHistoryRequest { Id = id });
        Assert.Equal(id, retriedCreate.Id);
        Assert.Equal(2, retriedReport.Version);
        Assert.Equal(["InitiativeCreated", "ProgressReported"], history.Events.Select(e => e.Type));
        Assert.Equal("report-1", history.Events[1].RequestId);
        var overview = await again.UnaryAsync(RoadmapMethods.GetOverview, new GetOverviewRequest());
        Assert.Equal(1, overview.County.Total);
    }
}
