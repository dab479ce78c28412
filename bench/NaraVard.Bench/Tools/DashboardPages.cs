using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace NaraVard.Bench.Tools;

/// <summary>Signs in to the dashboard as a browser would (antiforgery token, cookie) and times whole pages.</summary>
public sealed partial class DashboardPages : IDisposable
{
    private readonly HttpClient _http;

    private DashboardPages(HttpClient http) => _http = http;

    public static async Task<DashboardPages> SignInAsync(Uri dashboard, string token)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = dashboard };
        var form = await http.GetStringAsync("/logga-in");
        var antiforgery = Antiforgery().Match(form).Groups[1].Value;
        using var posted = await http.PostAsync("/logga-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = antiforgery,
            ["Form.Token"] = token,
        }));
        return posted.RequestMessage?.RequestUri?.AbsolutePath == "/logga-in"
            ? throw new InvalidOperationException("The dashboard refused the bench's token.")
            : new DashboardPages(http);
    }

    /// <summary>Loads the page <paramref name="times"/> times, one after another: latencies (ms) and the page's size.</summary>
    public async Task<(List<double> LatenciesMs, long Bytes)> MeasureAsync(string path, int times)
    {
        var latencies = new List<double>();
        long bytes = 0;
        for (var i = 0; i < times; i++)
        {
            var clock = Stopwatch.StartNew();
            var body = await _http.GetByteArrayAsync(path);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            bytes = body.Length;
        }

        return (latencies, bytes);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
