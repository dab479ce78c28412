using System.Net;
using Grpc.Core;
using NaraVard.Api.V1;
using NaraVard.Testing;

namespace NaraVard.Web.Tests;

/// <summary>
/// The dashboard's forms draw on the same write quota as gRPC (issue 31: form writes went on after the identity's
/// gRPC writes were refused). On a server of its own with a quota of one write a second and a burst of five.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class WriteQuotaTests(DashboardFixture fixture) : IAsyncLifetime
{
    private readonly TempDirectory _data = new("naravard-write-quota");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() =>
        _server = await ServerProcess.StartAsync(_data.Path, ["--NaraVard:WritesPerSecondPerIdentity=1", "--NaraVard:WriteBurstPerIdentity=5"]);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task FormWrites_AfterTheIdentitysGrpcWritesAreRefused_AreRefusedInSwedish_WhileAnotherEditorWrites()
    {
        var store = $"--NaraVard:DataDirectory={_data.Path}";
        var busy = await ServerProcess.CreateTokenAsync("0580", "editor", "Skript i Linköping", store);
        var other = await ServerProcess.CreateTokenAsync("0580", "editor", "Handläggare i Linköping", store);
        using var admin = new ApiClient(_server.Address, _server.AdminToken);
        var id = (await admin.Initiatives.CreateInitiativeAsync(new CreateInitiativeRequest { OwnerCode = "0580", Scope = Scope.Municipal, RoadmapItem = "K02", Title = "Kvot över gränssnitt" })).Id;
        var page = await fixture.SignInAsync(_server.DashboardAddress!, busy);
        await page.GotoAsync("/initiativ/" + id);

        // The script spends the identity's quota over gRPC...
        using var script = new ApiClient(_server.Address, busy);
        var refusedOverGrpc = false;
        for (var progress = 1; progress <= 40 && !refusedOverGrpc; progress++)
        {
            refusedOverGrpc = await Record.ExceptionAsync(() => script.Initiatives.ReportProgressAsync(
                new ReportProgressRequest { InitiativeId = id, ProgressPercent = progress, Status = InitiativeStatus.OnTrack }).ResponseAsync) is RpcException { StatusCode: StatusCode.ResourceExhausted };
        }

        // ...and the same person's browser gets no more: ten forms at once, at most one a second refilled.
        var before = (await admin.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = id })).Version;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var refusals = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var response = await DashboardFixture.PostFormAsync(page, "/initiativ/" + id, "rapport", new() { ["Report.Progress"] = $"{60 + i}", ["Report.Status"] = "OnTrack", ["Report.Comment"] = "" });
            var html = WebUtility.HtmlDecode(await response.TextAsync());
            if (html.Contains("Du har nått gränsen för hur mycket du kan göra på kort tid.", StringComparison.Ordinal))
            {
                refusals.Add(html);
            }
        }

        var written = (await admin.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = id })).Version - before;
        var refilled = (long)Math.Ceiling(clock.Elapsed.TotalSeconds);

        Assert.True(refusedOverGrpc, "the gRPC writes were never refused");
        Assert.NotEmpty(refusals);
        Assert.Contains("writes: at most 1 a second per identity", refusals[0], StringComparison.Ordinal);
        Assert.InRange(written, 0, refilled);
        Assert.Equal(10 - refusals.Count, written);

        // Another editor of the same organisation is not held back by the first one's quota.
        var bystander = await fixture.SignInAsync(_server.DashboardAddress!, other);
        await bystander.GotoAsync("/initiativ/" + id);
        await DashboardFixture.PostFormAsync(bystander, "/initiativ/" + id, "rapport", new() { ["Report.Progress"] = "90", ["Report.Status"] = "OnTrack", ["Report.Comment"] = "" });
        Assert.Equal(90, (await admin.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = id })).ProgressPercent);
        await page.Context.CloseAsync();
        await bystander.Context.CloseAsync();
    }
}
