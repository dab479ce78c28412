using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NaraVard.Kolada.Tests;

/// <summary>
/// A local HTTP server that answers as Kolada's v3 API documents it, from files the test writes: each request's
/// path and query name a file under the folder; a missing file is a 404. It can fail the next calls with 503,
/// and it can be stopped (an outage). It listens on 127.0.0.1 only.
/// </summary>
internal sealed class LocalKolada : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failNext;

    private LocalKolada(WebApplication app, string folder)
    {
        _app = app;
        Folder = folder;
    }

    public string Folder { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<LocalKolada> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("naravard-kolada").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var kolada = new LocalKolada(app, folder);
        app.Run(kolada.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        kolada.BaseAddress = new Uri(address.TrimEnd('/') + "/v3/");
        return kolada;
    }

    /// <summary>The next <paramref name="calls"/> calls are answered 503 Service Unavailable.</summary>
    public void FailNext(int calls) => Interlocked.Exchange(ref _failNext, calls);

    /// <summary>Writes the answer to a path (relative to /v3/, with its query if any).</summary>
    public void Answer(string pathAndQuery, string json) => File.WriteAllText(FileFor(pathAndQuery), json);

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    private string FileFor(string pathAndQuery) => Path.Combine(Folder, Uri.EscapeDataString(pathAndQuery) + ".json");

    private async Task AnswerAsync(HttpContext context)
    {
        var pathAndQuery = context.Request.Path.Value!["/v3/".Length..] + context.Request.QueryString.Value;
        Requests.Enqueue(pathAndQuery);
        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        var file = FileFor(Uri.UnescapeDataString(pathAndQuery));
        if (!File.Exists(file))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.SendFileAsync(file);
    }
}
