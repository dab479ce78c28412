using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace NaraVard.Web.Live;

/// <summary>The log position as the node's feed follows it: the same feed that serves <c>WatchRoadmap</c>.</summary>
public interface ILiveChanges
{
    /// <summary>The position of the last change to an initiative or obstacle this node has seen.</summary>
    long Head { get; }

    /// <summary>Completes when the log has moved past <paramref name="position"/>.</summary>
    Task WaitAsync(long position, CancellationToken cancellationToken);
}

/// <summary>
/// <c>GET /live</c>: a server-sent event stream that names the log position whenever it moves, at most
/// every quarter second, with a comment every 20 s to keep proxies from closing it. The page's script then
/// re-reads the page it shows; no page state lives on the server, however many screens are open.
/// </summary>
public static class LiveEndpoint
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(250);

    public static IEndpointConventionBuilder MapLive(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/live", StreamAsync);

    private static async Task StreamAsync(HttpContext context, ILiveChanges changes, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";

        // A stopping server ends the stream at once (the page reconnects after its retry), not after Kestrel's shutdown timeout.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var aborted = ended.Token;
        var position = changes.Head;
        try
        {
            await response.WriteAsync($"retry: 2000\nevent: position\ndata: {position}\n\n", aborted);
            await response.Body.FlushAsync(aborted);
            while (!aborted.IsCancellationRequested)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                quiet.CancelAfter(KeepAlive);
                try
                {
                    await changes.WaitAsync(position, quiet.Token);
                    await Task.Delay(Coalesce, time, aborted);
                    position = changes.Head;
                    await response.WriteAsync($"event: position\ndata: {position}\n\n", aborted);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    await response.WriteAsync(": still here\n\n", aborted);
                }

                await response.Body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The page was closed or left, or the server is stopping.
        }
    }
}
