using System.Runtime.CompilerServices;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using NaraVard.Api.V1;

namespace NaraVard.Testing;

/// <summary>
/// The generated naravard.v1 clients on one Grpc.Net.Client channel, calling as one identity: what a .NET
/// program that uses NaraVard would write.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly GrpcChannel _channel;

    public ApiClient(Uri address, string? token = null, HttpMessageHandler? handler = null)
    {
        Address = address;
        Token = token;
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = null,

            // Tests kill and restart servers: reconnect within a second of the server's return, not after the
            // default backoff that grows towards two minutes while it is down.
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(100),
            MaxReconnectBackoff = TimeSpan.FromSeconds(1),
        });
        var calls = _channel.Intercept(metadata =>
        {
            if (token is not null)
            {
                metadata.Add("authorization", $"Bearer {token}");
            }

            return metadata;
        });
        Roadmap = new RoadmapService.RoadmapServiceClient(calls);
        Initiatives = new InitiativeService.InitiativeServiceClient(calls);
        Obstacles = new ObstacleService.ObstacleServiceClient(calls);
        FollowUp = new FollowUpService.FollowUpServiceClient(calls);
        Exchange = new ExchangeService.ExchangeServiceClient(calls);
    }

    public Uri Address { get; }

    /// <summary>The token the calls carry, if any.</summary>
    public string? Token { get; }

    public RoadmapService.RoadmapServiceClient Roadmap { get; }

    public InitiativeService.InitiativeServiceClient Initiatives { get; }

    public ObstacleService.ObstacleServiceClient Obstacles { get; }

    public FollowUpService.FollowUpServiceClient FollowUp { get; }

    public ExchangeService.ExchangeServiceClient Exchange { get; }

    /// <summary>Sends a file to ImportPlan the way a client does (<see cref="ExchangeFiles.ImportPlanAsync"/>).</summary>
    public Task<ImportPlanResult> ImportAsync(byte[] file, string fileName, bool dryRun) =>
        Exchange.ImportPlanAsync(file, fileName, dryRun, new CallOptions(deadline: In(TimeSpan.FromMinutes(5))));

    /// <summary>An export (or the template, a PDF) as its file name and bytes (<see cref="ExchangeFiles.ReadFileAsync"/>).</summary>
    public static Task<(string FileName, byte[] Content)> DownloadAsync(AsyncServerStreamingCall<FileChunk> call) => call.ReadFileAsync();

    /// <summary>WatchRoadmap as an async sequence; leaving the loop ends the call.</summary>
    public async IAsyncEnumerable<RoadmapChange> WatchAsync(WatchRoadmapRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var call = Roadmap.WatchRoadmap(request, cancellationToken: cancellationToken);
        await foreach (var change in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            yield return change;
        }
    }

    /// <summary>An initiative's whole history, page by page, as a client that wants every event reads it.</summary>
    public async Task<GetInitiativeHistoryResponse> HistoryAsync(string id)
    {
        var all = new GetInitiativeHistoryResponse();
        var request = new GetInitiativeHistoryRequest { Id = id, PageSize = 500 };
        do
        {
            var page = await Roadmap.GetInitiativeHistoryAsync(request).ResponseAsync;
            all.Events.AddRange(page.Events);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        return all;
    }

    /// <summary>A deadline this far from now, as the generated methods take it.</summary>
    public static DateTime In(TimeSpan timeout) => DateTime.UtcNow.Add(timeout);

    public void Dispose() => _channel.Dispose();
}
