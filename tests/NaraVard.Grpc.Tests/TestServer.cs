using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NaraVard.Grpc.Protocol;
using NaraVard.Grpc.Server;

namespace NaraVard.Grpc.Tests;

/// <summary>A Kestrel server on a free loopback port with a few test methods, shared by the protocol tests.</summary>
public sealed class TestServer : IAsyncLifetime
{
    public const int MaxMessageSize = 64 * 1024;

    public static readonly Method<StringValue, StringValue> Echo = new("test.Echo", "Echo", MethodType.Unary);
    public static readonly Method<Int32Value, StringValue> Repeat = new("test.Echo", "Repeat", MethodType.Unary);
    public static readonly Method<Int32Value, Int32Value> Count = new("test.Echo", "Count", MethodType.ServerStreaming);
    public static readonly Method<StringValue, StringValue> Fail = new("test.Echo", "Fail", MethodType.Unary);
    public static readonly Method<StringValue, StringValue> Crash = new("test.Echo", "Crash", MethodType.Unary);
    public static readonly Method<Int32Value, Int32Value> SlowIgnoringToken = new("test.Echo", "SlowIgnoringToken", MethodType.Unary);
    public static readonly Method<Int32Value, Int32Value> SlowObservingToken = new("test.Echo", "SlowObservingToken", MethodType.Unary);

    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    /// <summary>Set when a handler saw its cancellation token fire.</summary>
    public TaskCompletionSource HandlerCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(e => e.Protocols = HttpProtocols.Http2));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddGrpcProtocol(o =>
        {
            o.MaxReceiveMessageSize = MaxMessageSize;
            o.MaxSendMessageSize = MaxMessageSize;
        });
        _app = builder.Build();
        _app.Services.GetRequiredService<GrpcServiceRegistry>()
            .AddUnary(Echo, (r, _) => Task.FromResult(r))
            .AddUnary(Repeat, (r, _) => Task.FromResult(new StringValue { Value = new string('x', r.Value) }))
            .AddServerStreaming(Count, async (r, stream, c) =>
            {
                for (var i = 1; i <= r.Value; i++)
                {
                    await stream.WriteAsync(new Int32Value { Value = i }, c.CancellationToken);
                }
            })
            .AddUnary(Fail, (r, _) => throw new RpcException(StatusCode.FailedPrecondition, r.Value))
            .AddUnary(Crash, (_, _) => throw new InvalidOperationException("secret internals"))
            .AddUnary(SlowIgnoringToken, async (r, _) =>
            {
                await Task.Delay(r.Value);
                return r;
            })
            .AddUnary(SlowObservingToken, async (r, c) =>
            {
                try
                {
                    await Task.Delay(r.Value, c.CancellationToken);
                }
                catch (OperationCanceledException)
                {
                    HandlerCancelled.TrySetResult();
                    throw;
                }

                return r;
            });
        _app.UseGrpcProtocol();
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<TestServer>
{
    public const string Name = "grpc-server";
}
