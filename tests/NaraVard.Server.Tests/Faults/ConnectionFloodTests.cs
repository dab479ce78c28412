using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using Grpc.Net.Client;
using NaraVard.Testing;

namespace NaraVard.Server.Tests.Faults;

/// <summary>
/// One client holds more idle connections than the whole server accepts (issue 31: 10,000 idle h2c connections
/// made every new gRPC client UNAVAILABLE): the connections past its share are closed as they come, a client from
/// another address is served on gRPC and on the dashboard meanwhile, and the idle ones are closed after the timeout.
/// </summary>
public sealed class ConnectionFloodTests : IAsyncLifetime
{
    private const int ServerLimit = 300;
    private const int PerPeer = 50;
    private const int Flood = 400;
    private readonly TempDirectory _data = new("naravard-connection-flood");
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(_data.Path,
        [$"--NaraVard:MaxConnections={ServerLimit}", $"--NaraVard:ConnectionsPerPeer={PerPeer}", "--NaraVard:IdleConnectionTimeout=00:00:05"]);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task IdleConnectionsFromOneAddress_BeyondItsShare_AreClosed_WhileAnotherAddressIsServed()
    {
        var flood = new List<Socket>();
        try
        {
            foreach (var port in new[] { _server.Address.Port, _server.DashboardAddress!.Port })
            {
                for (var i = 0; i < Flood / 2; i++)
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    flood.Add(socket);
                    try
                    {
                        await socket.ConnectAsync(IPAddress.Loopback, port);
                    }
                    catch (SocketException)
                    {
                        // Reset as it connected: the server closed it at once, as it should.
                    }
                }
            }

            // Some of the share speak HTTP/2 (the preface and settings, as a gRPC client opens), then idle.
            var preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray().Concat(new byte[] { 0, 0, 0, 4, 0, 0, 0, 0, 0 }).ToArray();
            foreach (var socket in flood.Where(s => !IsClosed(s)).Take(10))
            {
                await socket.SendAsync(preface);
            }

            // All but the peer's share are closed at once, before any idle timeout.
            Assert.True(await WaitUntilAsync(() => flood.Count(IsClosed) >= Flood - PerPeer, TimeSpan.FromSeconds(4)), $"{flood.Count(IsClosed)} of {Flood} closed");

            using var bystander = GrpcChannel.ForAddress(_server.Address, new GrpcChannelOptions { HttpHandler = Loopback.From("127.0.0.2") });
            var probe = await new Health.HealthClient(bystander).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
            using var browser = new HttpClient(Loopback.From("127.0.0.3")) { BaseAddress = _server.DashboardAddress, Timeout = TimeSpan.FromSeconds(30) };
            var signIn = await browser.GetAsync("/logga-in");

            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, probe.Status);
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);

            // The share it kept, idle, is closed after the idle timeout (5 s here, a minute by default).
            Assert.True(await WaitUntilAsync(() => flood.All(IsClosed), TimeSpan.FromSeconds(60)), $"{flood.Count(s => !IsClosed(s))} idle connections still open after 60 s");
        }
        finally
        {
            flood.ForEach(socket => socket.Dispose());
        }
    }

    /// <summary>Closed by the server: readable with nothing left to read once what it sent (its settings) is read, or reset.</summary>
    private static bool IsClosed(Socket socket)
    {
        try
        {
            var buffer = new byte[4096];
            while (socket.Connected && socket.Poll(0, SelectMode.SelectRead))
            {
                if (socket.Available == 0)
                {
                    return true;
                }

                socket.Receive(buffer);
            }

            return !socket.Connected;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> done, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (!done())
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }
}
