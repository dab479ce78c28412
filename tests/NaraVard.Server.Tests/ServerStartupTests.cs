using Microsoft.Data.Sqlite;
using NaraVard.Domain.Roadmap;
using NaraVard.Testing;

namespace NaraVard.Server.Tests;

public sealed class ServerStartupTests
{
    [Fact]
    public async Task Start_OnAnEmptyFolder_SaysNoWarningAndTheTokenCommandAsRun_AndAFloodOfSignedOutPagesLogsNothing()
    {
        using var data = new TempDirectory("naravard-quiet");
        await using var server = await ServerProcess.StartAsync(data.Path);

        // The first lines a newcomer reads: no data-protection warning, the token command as it is run here.
        Assert.DoesNotContain("No XML encryptor configured", server.Output, StringComparison.Ordinal);
        Assert.Contains("session keys are kept unencrypted in", server.Output, StringComparison.Ordinal);
        Assert.Contains("token create --org <code> --role <role> --name <name>", server.Output, StringComparison.Ordinal);

        // 300 dashboard requests without a session are each redirected to sign-in, and none is a line in the log.
        var before = server.Output.Length;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.DashboardAddress };
        for (var i = 0; i < 300; i++)
        {
            using var answer = await http.GetAsync(i % 2 == 0 ? "/matris" : "/hinder");
            Assert.Equal(System.Net.HttpStatusCode.Redirect, answer.StatusCode);
        }

        await Task.Delay(500); // the server's output is read as it comes
        var logged = server.Output[before..];
        Assert.True(logged.Length < 2_000, $"{logged.Length} characters logged for 300 signed-out requests: {logged[..Math.Min(400, logged.Length)]}");
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // file modes and /proc/net: the server's platform
    public async Task Start_Embedded_ListensForItsSiloOnLoopbackOnly_AndClosesAnOpenDataFolder()
    {
        using var data = new TempDirectory("naravard-closed");
        File.SetUnixFileMode(data.Path, (UnixFileMode)0b111_101_101); // 0755, as a folder made by hand

        await using var server = await ServerProcess.StartAsync(data.Path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data.Path));
        foreach (var setting in new[] { "--NaraVard:SiloPort=", "--NaraVard:GatewayPort=" })
        {
            var port = int.Parse(server.Arguments.Single(a => a.StartsWith(setting, StringComparison.Ordinal))[setting.Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(["127.0.0.1"], Listening(port));
        }
    }

    /// <summary>The IPv4 and IPv6 addresses a TCP port is listened on, from /proc/net/tcp and tcp6 (state 0A).</summary>
    private static List<string> Listening(int port) =>
        [.. new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(File.ReadLines).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 3 && f[3] == "0A" && f[1].EndsWith(":" + port.ToString("X4", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
            .Select(f => Address(f[1].Split(':')[0]))
            .Distinct()];

    private static string Address(string hex) => hex.Length == 8
        ? new System.Net.IPAddress(Convert.FromHexString(hex).Reverse().ToArray()).ToString()
        : hex == "00000000000000000000000000000000" ? "::" : hex == "00000000000000000000000001000000" ? "::1" : hex;

    [Fact]
    public async Task Start_TwiceOnTheSameFile_DefinesTheRoadmapOnce()
    {
        using var data = new TempDirectory("naravard-server");

        await using (var first = await ServerProcess.StartAsync(data.Path))
        {
            Assert.Contains("14 organisations, 32 roadmap items", first.Output, StringComparison.Ordinal);
            Assert.Contains("(definition loaded)", first.Output, StringComparison.Ordinal);
        }

        await using (var second = await ServerProcess.StartAsync(data.Path))
        {
            Assert.Contains("(definition unchanged)", second.Output, StringComparison.Ordinal);
        }

        // Look in the file itself: one definition, with the 14 organisations and each roadmap item once.
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(data.Path, "naravard.db")};Pooling=False");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM events WHERE stream_id = 'roadmap-ostergotland-2030'";
        var rows = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        var definition = System.Text.Json.JsonDocument.Parse(Assert.Single(rows)).RootElement.GetProperty("definition");
        var organizations = definition.GetProperty("organizations").EnumerateArray().Select(o => o.GetProperty("code").GetString()).ToList();
        Assert.Equal(14, organizations.Count);
        Assert.Equal(14, organizations.Distinct().Count());
        var items = definition.GetProperty("roadmapItems").EnumerateArray().Select(o => o.GetProperty("code").GetString()).ToList();
        Assert.Equal(TestRoadmap.Ostergotland.RoadmapItems.Count, items.Distinct().Count());
        Assert.Equal(items.Count, items.Distinct().Count());
    }

    [Fact]
    public async Task Start_WithAnotherRoadmapFile_TracksThatCounty()
    {
        using var data = new TempDirectory("naravard-server");
        var json = File.ReadAllText(TestRoadmap.Path).Replace("\"ostergotland-2030\"", "\"testlan-2030\"", StringComparison.Ordinal);
        var file = data.File("testlan.json");
        await File.WriteAllTextAsync(file, json);

        await using var server = await ServerProcess.StartAsync(data.Path, [$"--NaraVard:Roadmap={file}"]);

        Assert.Contains("Serving roadmap testlan-2030", server.Output, StringComparison.Ordinal);
        Assert.Equal("testlan-2030", RoadmapDefinition.Load(file).Id);
    }

    [Fact]
    public async Task Start_OnASiloPortAnotherServerHolds_RefusesWithTheSettingToChange()
    {
        using var data = new TempDirectory("naravard-ports");
        await using var first = await ServerProcess.StartAsync(Path.Combine(data.Path, "a"));
        var siloPort = first.Arguments.Single(a => a.StartsWith("--NaraVard:SiloPort=", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(Path.Combine(data.Path, "b"), [siloPort, $"--NaraVard:GatewayPort={Loopback.FreePort()}"]));

        Assert.Contains($"NaraVard:SiloPort {siloPort.Split('=')[1]} is in use by another process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithARoadmapIdThatLooksHexadecimal_RefusesIt_SoSnapshotKeysCannotFold()
    {
        // Orleans' ADO.NET storage would store "0580" as the number 0x580, the same row as "580" (dotnet/orleans#9706).
        using var data = new TempDirectory("naravard-hex");
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "roadmaps", "ostergotland-2030.json"));
        var roadmap = Path.Combine(data.Path, "hex.json");
        await File.WriteAllTextAsync(roadmap, json.Replace("\"ostergotland-2030\"", "\"0580\"", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(data.Path, [$"--NaraVard:Roadmap={roadmap}"]));

        Assert.Contains("The roadmap id '0580' looks like a hexadecimal number", error.Message, StringComparison.Ordinal);
    }
}
