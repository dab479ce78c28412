using NaraVard.Testing;

namespace NaraVard.Server.Tests.Gateway;

/// <summary>One real server process on the embedded store for a test collection.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new("naravard-gateway");

    public ServerProcess Server { get; private set; } = null!;

    /// <summary>A channel that calls as the first admin.</summary>
    public ApiClient Channel { get; private set; } = null!;

    public string AdminToken { get; private set; } = "";

    public string DataPath => _data.Path;

    /// <summary>host:port, as grpc-js and grpcio want it.</summary>
    public string HostPort => $"{Server.Address.Host}:{Server.Address.Port}";

    public async Task InitializeAsync()
    {
        Server = await ServerProcess.StartAsync(_data.Path);
        AdminToken = Server.AdminToken ?? throw new InvalidOperationException("The server wrote no admin token:\n" + Server.Output);
        Channel = new ApiClient(Server.Address, AdminToken);
    }

    public async Task DisposeAsync()
    {
        Channel.Dispose();
        await Server.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "gateway";
}
