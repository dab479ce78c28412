using NaraVard.Api;
using NaraVard.Api.V1;
using NaraVard.Grpc.Client;

namespace NaraVard.Server.Tests.Gateway;

internal static class Clients
{
    public static Task<Initiative> CreateAsync(this GrpcChannel channel, string owner = "0580", string item = "K02") =>
        channel.UnaryAsync(InitiativeMethods.CreateInitiative, new CreateInitiativeRequest
        {
            Title = $"Test {Guid.NewGuid():N}",
            OwnerCode = owner,
            Scope = owner == "05" ? Scope.Regional : Scope.Municipal,
            RoadmapItem = owner == "05" ? "R01" : item,
        });

    public static Task<Initiative> ReportAsync(this GrpcChannel channel, string id, int progress) =>
        channel.UnaryAsync(InitiativeMethods.ReportProgress, new ReportProgressRequest { InitiativeId = id, ProgressPercent = progress, Status = InitiativeStatus.OnTrack });
}
