using NaraVard.Testing;

namespace NaraVard.Server.Tests.Gateway;

/// <summary>The server as seen from gRPC implementations nobody here wrote.</summary>
[Collection(GatewayCollection.Name)]
public sealed class InteropTests(ServerFixture fixture)
{
    [Fact]
    public async Task GrpcJs_Scenario_PassesEveryCheck()
    {
        var folder = await ExternalTool.InteropFolderAsync();
        var node = ExternalTool.Require("apt-get install -y nodejs", "node");

        var (code, output) = await ExternalTool.RunAsync(node, ["grpc-js-scenario.mjs"], folder, new Dictionary<string, string> { ["NARAVARD_ADDRESS"] = fixture.HostPort, ["NARAVARD_TOKEN"] = fixture.AdminToken });

        Assert.True(code == 0, output);
        Assert.Contains("grpc-js scenario passed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PythonGrpcio_Scenario_PassesEveryCheck()
    {
        var python = ExternalTool.Require("apt-get install -y python3-grpcio python3-grpc-tools", "/usr/bin/python3");
        var (probe, _) = await ExternalTool.RunAsync(python, ["-c", "import grpc, grpc_tools"], ExternalTool.RepositoryRoot);
        Assert.True(probe == 0, "Debian's python3-grpcio and python3-grpc-tools are required: apt-get install -y python3-grpcio python3-grpc-tools (.ci/run does).");

        var (code, output) = await ExternalTool.RunAsync(python, ["grpcio_scenario.py"], Path.Combine(ExternalTool.RepositoryRoot, "tests", "interop"), new Dictionary<string, string> { ["NARAVARD_ADDRESS"] = fixture.HostPort, ["NARAVARD_TOKEN"] = fixture.AdminToken });

        Assert.True(code == 0, output);
        Assert.Contains("grpcio scenario passed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task H2load_ThousandsOfGetOverviewCalls_NoFailures()
    {
        var h2load = ExternalTool.Require("apt-get install -y nghttp2-client", "h2load");
        using var folder = new TempDirectory("naravard-h2load");
        var body = folder.File("overview.bin");
        await File.WriteAllBytesAsync(body, [0, 0, 0, 0, 0]); // an empty GetOverviewRequest, framed

        var (code, output) = await ExternalTool.RunAsync(h2load, [
            "-n", "4000", "-c", "4", "-m", "16", "-d", body,
            "-H", "content-type: application/grpc", "-H", "te: trailers", "-H", $"authorization: Bearer {fixture.AdminToken}",
            $"{fixture.Server.Address}naravard.v1.RoadmapService/GetOverview"], folder.Path);

        Assert.True(code == 0, output);
        Assert.Contains("4000 succeeded, 0 failed, 0 errored", output, StringComparison.Ordinal);
        Assert.Contains("status codes: 4000 2xx", output, StringComparison.Ordinal);
    }
}
