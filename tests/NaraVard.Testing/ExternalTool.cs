using System.Diagnostics;

namespace NaraVard.Testing;

/// <summary>Runs tools nobody here wrote (node, python3, h2load) and finds the repository they live in.</summary>
public static class ExternalTool
{
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NaraVard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find NaraVard.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>The first of the candidates that exists on this machine; a missing tool fails the test with the way to install it (never a skip).</summary>
    public static string Require(string install, params string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (Path.IsPathRooted(candidate) ? File.Exists(candidate) : Which(candidate) is not null)
            {
                return Path.IsPathRooted(candidate) ? candidate : Which(candidate)!;
            }
        }

        throw new InvalidOperationException($"{candidates[0]} is required for this test and is missing; install it with: {install} (.ci/run does).");
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in time:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output + await error);
    }

    private static readonly SemaphoreSlim NpmGate = new(1, 1);

    /// <summary>The interop folder with its npm packages installed from the lockfile.</summary>
    public static async Task<string> InteropFolderAsync()
    {
        var folder = Path.Combine(RepositoryRoot, "tests", "interop");
        await NpmGate.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(folder, "node_modules", "@grpc", "grpc-js")))
            {
                var npm = Require("apt-get install -y nodejs npm", "npm");
                var (code, output) = await RunAsync(npm, ["ci", "--no-audit", "--no-fund"], folder, timeout: TimeSpan.FromMinutes(5));
                if (code != 0)
                {
                    throw new InvalidOperationException("npm ci failed:\n" + output);
                }
            }
        }
        finally
        {
            NpmGate.Release();
        }

        return folder;
    }
}
