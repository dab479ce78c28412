using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NaraVard.Testing;

/// <summary>
/// A local HTTP server that answers as Kolada's v3 API documents it, from files the test writes: each request's
/// path and query name a file under the folder. A data request with no file is answered from the values
/// published (<see cref="Publish"/>), filtered by its KPIs, municipalities and years and paged as Kolada pages
/// (<see cref="PageSize"/> rows a page, <c>next_page</c> a full address); anything else unknown is a 404. It can
/// fail the next calls with 503, and it can be stopped (an outage). It listens on 127.0.0.1 only.
/// </summary>
public sealed class LocalKolada : IAsyncDisposable
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

    /// <summary>Rows (KPI × municipality × year) a page, as Kolada's per_page; 5,000 at most there.</summary>
    public int PageSize { get; set; } = 5000;

    private readonly ConcurrentDictionary<(string Kpi, string Municipality, int Year), decimal> _published = new();

    /// <summary>Publishes (or revises, without notice, as Kolada does) a year's total value of a KPI for a municipality.</summary>
    public void Publish(string kpi, string municipality, int year, decimal value) => _published[(kpi, municipality, year)] = value;

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
        if (File.Exists(file))
        {
            context.Response.ContentType = "application/json";
            await context.Response.SendFileAsync(file);
            return;
        }

        var parts = context.Request.Path.Value!["/v3/".Length..].Split('/');
        if (parts is not ["data", "kpi", var kpis, "municipality", var municipalities, "year", var years]
            || !kpis.Split(',').Any(k => _published.Keys.Any(p => p.Kpi == k)))
        {
            // A KPI nothing was published for is unknown here.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await context.Response.WriteAsJsonAsync(Page(context.Request, kpis.Split(','), municipalities.Split(','), [.. years.Split(',').Select(int.Parse)]));
    }

    /// <summary>One page of the published values asked for, in Kolada's documented shape.</summary>
    private object Page(HttpRequest request, string[] kpis, string[] municipalities, int[] years)
    {
        var rows = _published
            .Where(kv => kpis.Contains(kv.Key.Kpi) && municipalities.Contains(kv.Key.Municipality) && years.Contains(kv.Key.Year))
            .OrderBy(kv => kv.Key.Kpi, StringComparer.Ordinal).ThenBy(kv => kv.Key.Municipality, StringComparer.Ordinal).ThenBy(kv => kv.Key.Year)
            .ToList();
        var page = int.TryParse(request.Query["page"], out var p) ? p : 1;
        var next = page * PageSize < rows.Count
            ? $"{request.Scheme}://{request.Host}{request.Path}?page={page + 1}&per_page={PageSize}"
            : null;
        return new Dictionary<string, object?>
        {
            ["count"] = rows.Count,
            ["next_page"] = next,
            ["values"] = rows.Skip((page - 1) * PageSize).Take(PageSize).Select(kv => new Dictionary<string, object>
            {
                ["kpi"] = kv.Key.Kpi,
                ["municipality"] = kv.Key.Municipality,
                ["period"] = kv.Key.Year,
                ["values"] = new[] { new Dictionary<string, object?> { ["gender"] = "T", ["value"] = kv.Value, ["count"] = 1, ["status"] = "" } },
            }),
        };
    }
}
