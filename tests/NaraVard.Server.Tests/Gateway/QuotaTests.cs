using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using NaraVard.Api.V1;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.Gateway;

/// <summary>Per-identity limits on a server configured low: one identity over its limit, another unaffected.</summary>
public sealed class QuotaTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("naravard-quotas");
    private ServerProcess _server = null!;
    private string _other = "";

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(_data.Path, ["--NaraVard:WatchStreamsPerIdentity=2", "--NaraVard:WritesPerSecondPerIdentity=5", "--NaraVard:WriteBurstPerIdentity=10", "--NaraVard:AnonymousCallsPerConnection=3", "--NaraVard:AnonymousCallsInTotal=6", "--NaraVard:FileCallsPerSecondPerIdentity=2", "--NaraVard:ReadsPerSecondPerIdentity=5", "--NaraVard:ReadBurstPerIdentity=10"]);
        _other = await ServerProcess.CreateTokenAsync("05", "admin", "Annan administratör", $"--NaraVard:DataDirectory={_data.Path}");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task WatchStreams_OverTheLimitOfOneIdentity_AreResourceExhausted_WhileAnotherIdentityWatches()
    {
        using var one = new ApiClient(_server.Address, _server.AdminToken);
        using var other = new ApiClient(_server.Address, _other);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var open = new List<AsyncServerStreamingCall<RoadmapChange>>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                open.Add(await SnapshotReadAsync(one, stop.Token));
            }

            var third = one.Roadmap.WatchRoadmap(new WatchRoadmapRequest(), cancellationToken: stop.Token);
            var error = await Assert.ThrowsAsync<RpcException>(() => third.ResponseStream.MoveNext(stop.Token));
            third.Dispose();

            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
            Assert.StartsWith("watch streams: at most 2 open at once per identity", error.Status.Detail, StringComparison.Ordinal);
            open.Add(await SnapshotReadAsync(other, stop.Token));
        }
        finally
        {
            open.ForEach(call => call.Dispose());
        }
    }

    [Fact]
    public async Task WatchStreams_ThroughTheMethodPathInOtherCase_CountAgainstTheSameLimit()
    {
        using var one = new ApiClient(_server.Address, _server.AdminToken);
        using var channel = GrpcChannel.ForAddress(_server.Address);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var open = new List<AsyncServerStreamingCall<RoadmapChange>>();
        try
        {
            // The server routes gRPC methods ignoring case: a mis-cased path reaches WatchRoadmap itself.
            open.Add(OtherCase(channel, _server.AdminToken!, stop.Token));
            Assert.True(await open[0].ResponseStream.MoveNext(stop.Token), "the mis-cased path did not reach WatchRoadmap");
            open.Add(await SnapshotReadAsync(one, stop.Token));

            var third = OtherCase(channel, _server.AdminToken!, stop.Token);
            var error = await Assert.ThrowsAsync<RpcException>(() => third.ResponseStream.MoveNext(stop.Token));
            third.Dispose();

            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
            Assert.StartsWith("watch streams: at most 2 open at once per identity", error.Status.Detail, StringComparison.Ordinal);
        }
        finally
        {
            open.ForEach(call => call.Dispose());
        }
    }

    private static AsyncServerStreamingCall<RoadmapChange> OtherCase(GrpcChannel channel, string token, CancellationToken cancellationToken)
    {
        var method = new Method<WatchRoadmapRequest, RoadmapChange>(
            MethodType.ServerStreaming,
            "naravard.v1.roadmapservice",
            "watchroadmap",
            Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), WatchRoadmapRequest.Parser.ParseFrom),
            Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), RoadmapChange.Parser.ParseFrom));
        return channel.CreateCallInvoker().AsyncServerStreamingCall(method, null, new CallOptions(new Metadata { { "authorization", $"Bearer {token}" } }, cancellationToken: cancellationToken), new WatchRoadmapRequest());
    }

    [Fact]
    public async Task Writes_FasterThanTheLimitOfOneIdentity_AreResourceExhausted_WhileAnotherIdentityWrites()
    {
        using var one = new ApiClient(_server.Address, _server.AdminToken);
        using var other = new ApiClient(_server.Address, _other);
        var id = (await other.CreateAsync()).Id;

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async n =>
        {
            try
            {
                await one.ReportAsync(id, n);
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                Assert.StartsWith("writes: at most 5 a second per identity", e.Status.Detail, StringComparison.Ordinal);
                return e.StatusCode;
            }
        }));

        var accepted = answers.Count(a => a == StatusCode.OK);
        Assert.Contains(StatusCode.ResourceExhausted, answers);
        Assert.InRange(accepted, 10, 20); // the burst, and what refilled meanwhile

        // Refused writes changed nothing; the other identity writes at once.
        Assert.Equal(1 + accepted + 1, (await other.ReportAsync(id, 99)).Version);
    }

    [Fact]
    public async Task Reads_FasterThanTheLimitOfOneIdentity_AreResourceExhausted_WhileAnotherIdentityReads()
    {
        var token = await ServerProcess.CreateTokenAsync("0586", "viewer", "Skript som läser", $"--NaraVard:DataDirectory={_data.Path}");
        using var one = new ApiClient(_server.Address, token);
        using var other = new ApiClient(_server.Address, _other);

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async n =>
        {
            try
            {
                await one.Roadmap.GetInitiativeAsync(new GetInitiativeRequest { Id = $"i-missing{n}" });
                return new Status(StatusCode.OK, "");
            }
            catch (RpcException e)
            {
                return e.Status;
            }
        }));

        Assert.InRange(answers.Count(a => a.StatusCode == StatusCode.NotFound), 10, 20); // the burst, and what refilled meanwhile
        Assert.All(answers.Where(a => a.StatusCode != StatusCode.NotFound), refused =>
        {
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
            Assert.StartsWith("reads: at most 5 a second per identity", refused.Detail, StringComparison.Ordinal);
        });
        Assert.NotEmpty((await other.Roadmap.GetOverviewAsync(new GetOverviewRequest())).Organizations);
    }

    [Fact]
    public async Task HealthWatches_WithoutATokenOverTheLimitOfOneConnection_AreResourceExhausted_WhileCallsWithATokenOnItWork()
    {
        using var channel = GrpcChannel.ForAddress(_server.Address);
        var health = new Health.HealthClient(channel);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var open = new List<AsyncServerStreamingCall<HealthCheckResponse>>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var watch = health.Watch(new HealthCheckRequest(), cancellationToken: stop.Token);
                Assert.True(await watch.ResponseStream.MoveNext(stop.Token));
                open.Add(watch);
            }

            using var fourth = health.Watch(new HealthCheckRequest(), cancellationToken: stop.Token);
            var error = await Assert.ThrowsAsync<RpcException>(() => fourth.ResponseStream.MoveNext(stop.Token));
            var withToken = await new RoadmapService.RoadmapServiceClient(channel).GetOverviewAsync(
                new GetOverviewRequest(), new Metadata { { "authorization", $"Bearer {_server.AdminToken}" } });

            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
            Assert.StartsWith("calls without a token: at most 3 at once", error.Status.Detail, StringComparison.Ordinal);
            Assert.NotEmpty(withToken.Organizations);
        }
        finally
        {
            open.ForEach(call => call.Dispose());
        }
    }

    [Fact]
    public async Task HealthWatches_WithoutATokenFillingTheAnonymousPool_LeaveHealthChecksServed()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var channels = new List<GrpcChannel>();
        var open = new List<AsyncServerStreamingCall<HealthCheckResponse>>();
        try
        {
            // Two watches a connection, over as many connections as it takes to fill the pool of 6 for the server.
            RpcException? refused = null;
            for (var i = 0; i < 20 && refused is null; i++)
            {
                if (i % 2 == 0)
                {
                    channels.Add(GrpcChannel.ForAddress(_server.Address));
                }

                var watch = new Health.HealthClient(channels[^1]).Watch(new HealthCheckRequest(), cancellationToken: stop.Token);
                open.Add(watch);
                refused = await Record.ExceptionAsync(() => watch.ResponseStream.MoveNext(stop.Token)) as RpcException;
            }

            using var balancer = GrpcChannel.ForAddress(_server.Address);
            var probe = await new Health.HealthClient(balancer).CheckAsync(new HealthCheckRequest(), cancellationToken: stop.Token);

            Assert.Equal(StatusCode.ResourceExhausted, refused?.StatusCode);
            Assert.Contains("6 at once in all", refused!.Status.Detail, StringComparison.Ordinal);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, probe.Status);
        }
        finally
        {
            open.ForEach(call => call.Dispose());
            channels.ForEach(channel => channel.Dispose());
            await PoolFreedAsync();
        }
    }

    [Fact]
    public async Task FileCalls_FasterThanTheLimitOfOneIdentity_AreResourceExhausted_WhileAnotherIdentityGetsItsFile()
    {
        using var one = new ApiClient(_server.Address, _server.AdminToken);
        using var other = new ApiClient(_server.Address, _other);

        // Bursts of four seconds' worth (8 here), then two a second: 30 in a row cannot all pass.
        var refusals = new List<RpcException>();
        for (var i = 0; i < 30; i++)
        {
            if (await Record.ExceptionAsync(() => ApiClient.DownloadAsync(one.Exchange.GetPlanTemplate(new GetPlanTemplateRequest()))) is RpcException refused)
            {
                refusals.Add(refused);
            }
        }

        var (name, content) = await ApiClient.DownloadAsync(other.Exchange.GetPlanTemplate(new GetPlanTemplateRequest()));

        Assert.NotEmpty(refusals);
        Assert.All(refusals, e => Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode));
        Assert.StartsWith("files (imports, exports, templates, prints, Kolada syncs): at most 2 at once and 2 a second per identity", refusals[0].Status.Detail, StringComparison.Ordinal);
        Assert.EndsWith(".xlsx", name, StringComparison.Ordinal);
        Assert.NotEmpty(content);
    }

    /// <summary>Waits until the server has released the closed streams' places, so the next test starts on an empty pool.</summary>
    private async Task PoolFreedAsync()
    {
        using var channel = GrpcChannel.ForAddress(_server.Address);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var watches = Enumerable.Range(0, 3).Select(_ => new Health.HealthClient(channel).Watch(new HealthCheckRequest(), cancellationToken: stop.Token)).ToList();
            var answered = await Task.WhenAll(watches.Select(w => Record.ExceptionAsync(() => w.ResponseStream.MoveNext(stop.Token))));
            watches.ForEach(w => w.Dispose());
            if (answered.All(e => e is null))
            {
                return;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<AsyncServerStreamingCall<RoadmapChange>> SnapshotReadAsync(ApiClient client, CancellationToken cancellationToken)
    {
        var call = client.Roadmap.WatchRoadmap(new WatchRoadmapRequest(), cancellationToken: cancellationToken);
        while (await call.ResponseStream.MoveNext(cancellationToken) && call.ResponseStream.Current.SnapshotComplete is null)
        {
        }

        return call;
    }
}
