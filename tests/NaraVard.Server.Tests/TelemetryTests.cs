using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NaraVard.Server.Tests.Gateway;
using NaraVard.Testing;

namespace NaraVard.Server.Tests;

/// <summary>An operator's collector (played by an OTLP/HTTP endpoint here) receives the server's metrics.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task OtlpEndpointConfigured_ReceivesGatewayAndOrleansMetrics()
    {
        var received = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.Enqueue(Encoding.UTF8.GetString(body.ToArray()));
            return Results.Ok();
        });
        await collector.StartAsync();
        var endpoint = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var data = new TempDirectory("naravard-otel");
        await using var server = await ServerProcess.StartAsync(data.Path, environment: new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        using var client = new ApiClient(server.Address, server.AdminToken);
        await client.CreateAsync("0580", "K01");

        // Meter and instrument names travel as plain strings inside the protobuf payload; exports come every 500 ms.
        string[] expected = ["Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "http.server.request.duration"];
        var missing = expected;
        for (var waited = 0; waited < 150 && missing.Length > 0; waited++)
        {
            await Task.Delay(200);
            missing = [.. expected.Where(name => !received.Any(b => b.Contains(name, StringComparison.Ordinal)))];
        }

        Assert.True(missing.Length == 0, $"the collector never received {string.Join(", ", missing)}");
    }
}
