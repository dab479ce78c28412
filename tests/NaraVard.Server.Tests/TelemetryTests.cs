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

        // Instrument scopes travel as plain strings inside the protobuf payload.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(received.Any(b => b.Contains("Microsoft.Orleans", StringComparison.Ordinal)) && received.Any(b => b.Contains("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal))))
        {
            await Task.Delay(200, patience.Token);
        }

        Assert.Contains(received, b => b.Contains("http.server.request.duration", StringComparison.Ordinal));
    }
}
