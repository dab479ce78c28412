using NaraVard.Testing;

namespace NaraVard.Cli.Tests;

/// <summary>How the CLI finds a server and a token when none is given.</summary>
public sealed class CliConfigTests : IDisposable
{
    private readonly TempDirectory _data = new("naravard-cli-config");

    public CliConfigTests()
    {
        File.WriteAllText(_data.File("admin-token"), "nv_local_secret\n");
        File.WriteAllText(_data.File("server-address"), "http://127.0.0.1:5123\n");
    }

    [Fact]
    public void Resolve_NothingGiven_UsesTheLocalServersAddressAndAdminToken()
    {
        var config = CliConfig.Resolve(null, null, _data.Path);

        Assert.Equal(new CliConfig("http://127.0.0.1:5123", "nv_local_secret"), config);
    }

    [Theory]
    [InlineData("localhost:5123")]
    [InlineData("http://[::1]:5123")]
    public void Resolve_TheLocalServerGivenByAnotherLoopbackName_UsesTheLocalAdminToken(string server)
    {
        Assert.Equal("nv_local_secret", CliConfig.Resolve(server, null, _data.Path).Token);
    }

    [Theory]
    [InlineData("http://127.0.0.1:6000")]
    [InlineData("localhost:5000")]
    public void Resolve_AnotherLoopbackPort_NeverSendsTheLocalAdminToken(string server)
    {
        // Another user's listener on this machine must not receive the admin token of this user's server.
        Assert.Null(CliConfig.Resolve(server, null, _data.Path).Token);
    }

    [Theory]
    [InlineData("naravard.regionostergotland.se:443")]
    [InlineData("https://10.1.2.3")]
    public void Resolve_RemoteServerWithoutToken_NeverSendsTheLocalAdminToken(string server)
    {
        Assert.Null(CliConfig.Resolve(server, null, _data.Path).Token);
    }

    [Fact]
    public void Resolve_NoLocalServer_FallsBackToLocalhost5000()
    {
        using var empty = new TempDirectory("naravard-cli-empty");

        Assert.Equal(new CliConfig(CliConfig.DefaultServer, null), CliConfig.Resolve(null, null, empty.Path));
    }

    public void Dispose() => _data.Dispose();
}
