using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Runtime.InteropServices;

namespace NaraVard.Testing;

/// <summary>
/// A real naravard-server process on a free loopback port, started the way an operator would. Its output is
/// kept so tests can read the logs; it is killed (for real) on dispose or on demand.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private IDictionary<string, string>? _environment;
    private bool _disposed;

    private ServerProcess(Process process) => _process = process;

    public Uri Address { get; private set; } = null!;

    public string DataDirectory { get; private set; } = "";

    /// <summary>Where the web dashboard listens; null when the server was started without one.</summary>
    public Uri? DashboardAddress => Arguments.LastOrDefault(a => a.StartsWith("--NaraVard:Dashboard=", StringComparison.Ordinal)) is { } argument
        && argument["--NaraVard:Dashboard=".Length..] is { Length: > 0 } url ? new Uri(url) : null;

    /// <summary>The arguments it was started with, its silo and gateway ports among them.</summary>
    public IReadOnlyList<string> Arguments { get; private set; } = [];

    /// <summary>The first admin token, written by a server that started on an empty store.</summary>
    public string? AdminToken => File.Exists(Path.Combine(DataDirectory, "admin-token")) ? File.ReadAllText(Path.Combine(DataDirectory, "admin-token")).Trim() : null;

    public string Output => string.Join(Environment.NewLine, _output);

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The server assembly beside the test assembly (the test project references the server project).</summary>
    public static string ServerAssembly => Path.Combine(AppContext.BaseDirectory, "naravard-server.dll");

    /// <param name="serverAssembly">Another build of the server (the benchmarks' ReadyToRun one); by default the one beside the tests.</param>
    /// <param name="untilStarted">
    /// Whether to return only once the host has started (the county and the tokens loaded); false returns as soon
    /// as the port is open, for a caller that times how soon calls are answered, as a client retrying would see it.
    /// </param>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, IEnumerable<string>? arguments = null, IDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? serverAssembly = null, bool untilStarted = true)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(serverAssembly ?? ServerAssembly);
        info.ArgumentList.Add("--urls=http://127.0.0.1:0");
        info.ArgumentList.Add($"--NaraVard:DataDirectory={dataDirectory}");
        var given = arguments?.ToList() ?? [];
        if (!given.Any(a => a.StartsWith("--NaraVard:SiloPort=", StringComparison.Ordinal)))
        {
            // Every server is an Orleans silo: tests running side by side each need ports of their own.
            given.AddRange([$"--NaraVard:SiloPort={Loopback.FreePort()}", $"--NaraVard:GatewayPort={Loopback.FreePort()}", "--NaraVard:AdvertisedAddress=127.0.0.1"]);
        }

        if (!given.Any(a => a.StartsWith("--NaraVard:Kolada:", StringComparison.Ordinal)))
        {
            // No test reaches the internet: Kolada is a local server where a test needs one, and a closed port otherwise.
            given.AddRange(["--NaraVard:Kolada:Address=http://127.0.0.1:9/v3/", "--NaraVard:Kolada:SyncEvery=00:00:00", "--NaraVard:Kolada:Attempts=1"]);
        }

        if (!given.Any(a => a.StartsWith("--NaraVard:Dashboard=", StringComparison.Ordinal)))
        {
            // The dashboard's default port is fixed (5080); each test server gets a free one.
            given.Add($"--NaraVard:Dashboard=http://127.0.0.1:{Loopback.FreePort()}");
        }

        // Load and fault tests drive a server as fast as they can with one admin token; the per-identity limits
        // are tested on servers that set them low (a later argument wins).
        info.ArgumentList.Add("--NaraVard:WritesPerSecondPerIdentity=1000000");
        info.ArgumentList.Add("--NaraVard:WriteBurstPerIdentity=1000000");
        info.ArgumentList.Add("--NaraVard:WatchStreamsPerIdentity=100000");
        info.ArgumentList.Add("--NaraVard:ReadsPerSecondPerIdentity=1000000");
        info.ArgumentList.Add("--NaraVard:ReadBurstPerIdentity=1000000");
        foreach (var argument in given)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process) { DataDirectory = dataDirectory, Arguments = given, _environment = environment };
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) =>
        {
            // Exited can come before the last lines of output were read: wait for both streams to end, so the
            // error carries the server's last words (why it would not start).
            process.WaitForExit();
            var exited = new InvalidOperationException($"The server exited with code {process.ExitCode}:\n{server.Output}");
            server._listening.TrySetException(exited);
            server._ready.TrySetException(exited);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var limit = timeout ?? TimeSpan.FromSeconds(60);
            server.Address = await server._listening.Task.WaitAsync(limit);
            if (untilStarted)
            {
                await server._ready.Task.WaitAsync(limit);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } match && new Uri(match.Groups[1].Value).Port != DashboardAddress?.Port)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    /// <summary>Runs <c>naravard-server token create</c> against the same store, as an operator would, and returns the new token.</summary>
    public static async Task<string> CreateTokenAsync(string organization, string role, string name, params string[] storeArguments)
    {
        var (code, output) = await ExternalTool.RunAsync("dotnet", [ServerAssembly, "token", "create", "--org", organization, "--role", role, "--name", name, .. storeArguments], AppContext.BaseDirectory);
        return code == 0
            ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(l => l.StartsWith("nv_", StringComparison.Ordinal))
            : throw new InvalidOperationException($"token create failed ({code}):\n{output}");
    }

    public static async Task<string> TokenCommandAsync(params string[] arguments)
    {
        var (code, output) = await ExternalTool.RunAsync("dotnet", [ServerAssembly, "token", .. arguments], AppContext.BaseDirectory);
        return code == 0 ? output : throw new InvalidOperationException($"token {string.Join(' ', arguments)} failed ({code}):\n{output}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush; what was acknowledged must already be durable.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// SIGTERM, as Ctrl-C, <c>docker stop</c> or systemd stop a server (sent through libc: no <c>kill</c> binary is
    /// needed on the machine); returns how long the process took to exit, at most <paramref name="patience"/>.
    /// </summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        if (!_process.HasExited && Signal(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException($"SIGTERM to {_process.Id} failed");
        }

        await _process.WaitForExitAsync().WaitAsync(patience);
        return clock.Elapsed;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Signal(int pid, int signal);

    /// <summary>SIGKILL, then the same server started again as an operator would: same data, same addresses and ports.</summary>
    public async Task<ServerProcess> RestartAsync(IEnumerable<string>? extraArguments = null)
    {
        await DisposeAsync();
        var arguments = Arguments.Where(a => !a.StartsWith("--urls=", StringComparison.Ordinal)).Append($"--urls=http://{Address.Host}:{Address.Port}").Concat(extraArguments ?? []);
        return await StartAsync(DataDirectory, arguments, _environment);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await KillAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (https?://[^\s]+)")]
    private static partial Regex ListeningLine();
}
