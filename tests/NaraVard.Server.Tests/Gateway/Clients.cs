using NaraVard.Api.V1;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.Gateway;

internal static class Clients
{
    public static Task<Initiative> CreateAsync(this ApiClient channel, string owner = "0580", string item = "K02") =>
        channel.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest
        {
            Title = $"Test {Guid.NewGuid():N}",
            OwnerCode = owner,
            Scope = owner == "05" ? Scope.Regional : Scope.Municipal,
            RoadmapItem = owner == "05" ? "R01" : item,
        }).ResponseAsync;

    public static Task<Initiative> ReportAsync(this ApiClient channel, string id, int progress) =>
        channel.Initiatives.ReportProgressAsync(new ReportProgressRequest { InitiativeId = id, ProgressPercent = progress, Status = InitiativeStatus.OnTrack }).ResponseAsync;
}
