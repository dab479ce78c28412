using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NaraVard.Api.V1;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.Gateway;

/// <summary>
/// The sync from Kolada, end to end: a real server process, the real client, and a local server answering in
/// Kolada's documented format (paged, revised without notice, down for a while). Nothing reaches the internet.
/// </summary>
public sealed class KoladaSyncTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("naravard-kolada-sync");
    private LocalKolada _kolada = null!;
    private ServerProcess _server = null!;
    private ApiClient _admin = null!;

    public async Task InitializeAsync()
    {
        _kolada = await LocalKolada.StartAsync();
        _server = await ServerProcess.StartAsync(_data.Path, [$"--NaraVard:Kolada:Address={_kolada.BaseAddress}", "--NaraVard:Kolada:SyncEvery=00:00:00"]);
        _admin = new ApiClient(_server.Address, _server.AdminToken);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
        await _kolada.DisposeAsync();
        _data.Dispose();
    }

    private static string FreshKpi() => $"N{Random.Shared.Next(10_000, 99_999)}";

    private async Task<Initiative> LinkedAsync(string kpi, string owner = "0562")
    {
        var initiative = await _admin.CreateAsync(owner, "K04");
        var year = DateTime.UtcNow.Year;
        return await _admin.Initiatives.AddIndicatorAsync(new AddIndicatorRequest
        {
            InitiativeId = initiative.Id, Name = "Invånare med fast läkarkontakt", Unit = "%", Level = EffectLevel.Society,
            Baseline = 30, BaselineDate = $"{year - 6}-12-31", Target = 55, TargetDate = $"{year + 3}-12-31", KoladaKpi = kpi,
        });
    }

    [Fact]
    public async Task Sync_LinkedPoint_RecordsEveryYearOnceAcrossPages_AndARevisionBesideTheFirst_ReadAsOfEitherSide()
    {
        var kpi = FreshKpi();
        var initiative = await LinkedAsync(kpi);
        var year = DateTime.UtcNow.Year;
        for (var y = year - 5; y < year; y++)
        {
            _kolada.Publish(kpi, "0562", y, 30 + (y - (year - 5)));
        }

        _kolada.Publish(kpi, "0580", year - 1, 99); // another municipality's value: not this point's
        _kolada.PageSize = 2;

        var first = await _admin.Initiatives.SyncKoladaAsync(new SyncKoladaRequest());
        var again = await _admin.Initiatives.SyncKoladaAsync(new SyncKoladaRequest());
        var beforeRevision = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        _kolada.Publish(kpi, "0562", year - 1, 33.5m);
        var revised = await _admin.Initiatives.SyncKoladaAsync(new SyncKoladaRequest());

        var now = await _admin.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = initiative.Id });
        var then = await _admin.FollowUp.GetInitiativeAsOfAsync(new InitiativeAsOfRequest { Id = initiative.Id, AsOf = Timestamp.FromDateTimeOffset(beforeRevision) });
        var k1 = Assert.Single(now.Indicators);
        Assert.Equal((5, 0, 1, 1), (first.ValuesRecorded, again.ValuesRecorded, revised.ValuesRecorded, revised.ValuesRevised));
        Assert.Equal(6, k1.Values.Count);
        Assert.All(k1.Values, v => Assert.True(v.FromKolada));
        Assert.Equal((33.5, 34.0), (k1.Latest.Value, k1.Latest.Revises));
        Assert.Equal(34.0, Assert.Single(then.Indicators).Latest.Value);
        Assert.Contains(_kolada.Requests, r => r.Contains("page=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sync_KoladaDown_IsUnavailableSayingSo_AndChangesNothing()
    {
        var kpi = FreshKpi();
        var initiative = await LinkedAsync(kpi);
        _kolada.Publish(kpi, "0562", DateTime.UtcNow.Year - 1, 40);
        _kolada.FailNext(1_000);
        try
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => _admin.Initiatives.SyncKoladaAsync(new SyncKoladaRequest()).ResponseAsync);
            var after = await _admin.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = initiative.Id });

            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
            Assert.Contains("could not be reached", error.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("Nothing was fetched", error.Status.Detail, StringComparison.Ordinal);
            Assert.Equal(initiative.Version, after.Version);
        }
        finally
        {
            _kolada.FailNext(0);
        }
    }

    [Fact]
    public async Task Sync_AnEffectThatDoesNotMove_IsFlaggedOnTheInitiativeAndCountedForItsOrganisation()
    {
        var kpi = FreshKpi();
        var initiative = await LinkedAsync(kpi, "0509");
        await _admin.Initiatives.AdvancePhaseAsync(new AdvancePhaseRequest { InitiativeId = initiative.Id, To = Phase.Strategi });
        await _admin.Initiatives.AdvancePhaseAsync(new AdvancePhaseRequest { InitiativeId = initiative.Id, To = Phase.Genomforande });
        var year = DateTime.UtcNow.Year;
        _kolada.Publish(kpi, "0509", year - 3, 31);
        _kolada.Publish(kpi, "0509", year - 2, 31);
        _kolada.Publish(kpi, "0509", year - 1, 30.5m);

        await _admin.Initiatives.SyncKoladaAsync(new SyncKoladaRequest());

        var now = await _admin.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = initiative.Id });
        var spread = (await _admin.Roadmap.GetOrganizationAsync(new GetOrganizationRequest { Code = "0509" })).Progress.Spread;
        Assert.True(now.EffectStalled);
        Assert.Equal(Moved.No, Assert.Single(now.Indicators).Moved);
        Assert.Equal(1, spread.EffectStalled);
    }
}
