using Grpc.Core;
using NaraVard.Api.V1;

namespace NaraVard.Server.Tests.Gateway;

/// <summary>Prioritised action plans over gRPC: a priority set at creation and by a revision, listed in its order across pages.</summary>
[Collection(GatewayCollection.Name)]
public sealed class PriorityTests(ServerFixture fixture)
{
    [Fact]
    public async Task ListInitiatives_ByPriorityOrTargetDate_PagesInThatOrder_AndARevisionMovesOne()
    {
        // Åtvidaberg's K09 is this test's own: no other test lists there.
        var low = await CreateAsync("Låg, tidig", Priority.Low, "2027-01-31");
        var none = await CreateAsync("Ingen prioritet", Priority.Unspecified, "2027-02-28");
        var highLate = await CreateAsync("Hög, sen", Priority.High, "2028-06-30");
        var medium = await CreateAsync("Medel", Priority.Medium, null);
        var highSoon = await CreateAsync("Hög, snart", Priority.High, "2027-03-31");

        var byPriority = await ListAsync(InitiativeOrder.Priority);
        var byDate = await ListAsync(InitiativeOrder.TargetDate);
        await fixture.Channel.Initiatives.RevisePlanAsync(new RevisePlanRequest { InitiativeId = low, Reason = "Omprioriterad i nämnden", Priority = Priority.High });
        var revised = await ListAsync(InitiativeOrder.Priority);
        var onlyHigh = await fixture.Channel.Roadmap.ListInitiativesAsync(new ListInitiativesRequest { OrganizationCode = "0561", RoadmapItem = "K09", Priority = Priority.High });

        Assert.Equal([highSoon, highLate, medium, low, none], byPriority);
        Assert.Equal([low, none, highSoon, highLate, medium], byDate);
        Assert.Equal([low, highSoon, highLate, medium, none], revised);
        Assert.Equal(3, onlyHigh.TotalSize);
        Assert.All(onlyHigh.Initiatives, i => Assert.Equal(Priority.High, i.Priority));
    }

    [Fact]
    public async Task CreateInitiative_UnknownPriority_IsInvalidNamingTheField()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Channel.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest
        {
            Title = "Okänd prioritet", OwnerCode = "0561", Scope = Scope.Municipal, RoadmapItem = "K08", Priority = (Priority)7,
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("priority:", error.Status.Detail, StringComparison.Ordinal);
    }

    private async Task<string> CreateAsync(string title, Priority priority, string? targetDate) =>
        (await fixture.Channel.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest
        {
            Title = title, OwnerCode = "0561", Scope = Scope.Municipal, RoadmapItem = "K09", Priority = priority, TargetDate = targetDate ?? "",
            Responsible = "Utvecklingsledare",
        })).Id;

    /// <summary>Every page, two at a time, in the order asked for.</summary>
    private async Task<List<string>> ListAsync(InitiativeOrder order)
    {
        var ids = new List<string>();
        var token = "";
        do
        {
            var page = await fixture.Channel.Roadmap.ListInitiativesAsync(new ListInitiativesRequest { OrganizationCode = "0561", RoadmapItem = "K09", Order = order, PageSize = 2, PageToken = token });
            ids.AddRange(page.Initiatives.Select(i => i.Id));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return ids;
    }
}
