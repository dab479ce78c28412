using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NaraVard.Bench.Tools;

/// <summary>
/// The transport limit for reads: Kestrel over cleartext HTTP/2 answering every POST with the same gRPC response
/// bytes (taken from the real server, so the same size) and grpc-status 0, doing nothing else. It runs in a
/// process of its own, like the server, so both pay the same process and scheduling costs. With
/// <c>framework: true</c> the same answer comes from an empty Grpc.AspNetCore service instead (<see cref="FrameworkFloor"/>):
/// what the standard gRPC stack alone costs, before authentication, limits and the grain.
/// </summary>
public sealed class BareEndpoint : IAsyncDisposable
{
    private readonly Process _process;

    private BareEndpoint(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts `naravard-bench bare-endpoint FILE` and waits until it listens.</summary>
    public static async Task<BareEndpoint> StartAsync(byte[] framedResponse, string folder, bool framework = false)
    {
        var file = System.IO.Path.Combine(folder, $"bare-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(file, framedResponse);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(BareEndpoint).Assembly.Location);
        info.ArgumentList.Add(framework ? "bare-grpc" : "bare-endpoint");
        info.ArgumentList.Add(file);
        var process = Process.Start(info)!;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("listening ", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync();
                return new BareEndpoint(process, new Uri(line["listening ".Length..]));
            }
        }

        throw new InvalidOperationException("The bare endpoint exited before listening.");
    }

    /// <summary>The child process's main: serve the file's bytes to every request until killed.</summary>
    public static async Task<int> ServeAsync(string responseFile, bool framework = false)
    {
        var response = await File.ReadAllBytesAsync(responseFile);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        if (framework)
        {
            builder.Services.AddGrpc();
            builder.Services.AddSingleton(new FrameworkFloor(response));
        }

        var app = builder.Build();
        if (framework)
        {
            app.MapGrpcService<FrameworkFloor>();
        }
        else
        {
            app.Run(async context =>
            {
                await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
                context.Response.ContentType = "application/grpc";
                await context.Response.Body.WriteAsync(response, context.RequestAborted);
                context.Response.AppendTrailer("grpc-status", "0");
            });
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine("listening " + address.TrimEnd('/') + "/");
        await app.WaitForShutdownAsync();
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
