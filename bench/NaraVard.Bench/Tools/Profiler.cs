using System.Globalization;
using NaraVard.Testing;

namespace NaraVard.Bench.Tools;

/// <summary>
/// `bench/run --profile`: samples the server with Linux perf while a case is measured and writes the hottest
/// .NET methods (exclusive and inclusive) to bench/results/profiles/CASE.txt, so a missed goal is explained by
/// a profile and not by a guess. The server then runs with perf maps on and W^X off, which perf needs to name
/// JIT-compiled code; figures taken while profiling are a little lower.
/// </summary>
public static class Profiler
{
    public static string? Folder { get; set; }

    public static bool Enabled => Folder is not null;

    /// <summary>What the server needs in its environment for perf to resolve .NET frames.</summary>
    public static IDictionary<string, string> ServerEnvironment => Enabled
        ? new Dictionary<string, string> { ["DOTNET_PerfMapEnabled"] = "1", ["DOTNET_EnableWriteXorExecute"] = "0" }
        : new Dictionary<string, string>();

    /// <summary>Samples the process for the given time (after a short delay for the warm-up) and writes the report; a no-op unless enabled.</summary>
    public static async Task SampleAsync(int processId, string name, TimeSpan duration)
    {
        if (Folder is null)
        {
            return;
        }

        Directory.CreateDirectory(Folder);
        var data = Path.Combine(Path.GetTempPath(), $"naravard-perf-{Guid.NewGuid():N}.data");
        var perf = ExternalTool.Require("apt-get install -y linux-perf", "perf");
        var seconds = Math.Max(1, (int)duration.TotalSeconds - 1).ToString(CultureInfo.InvariantCulture);
        var (code, output) = await ExternalTool.RunAsync(perf, ["record", "-F", "499", "-g", "-p", processId.ToString(CultureInfo.InvariantCulture), "-o", data, "--", "sleep", seconds], Path.GetTempPath(), timeout: duration + TimeSpan.FromMinutes(1));
        if (code != 0)
        {
            Console.WriteLine($"  perf record failed ({code}): {output.Trim()}");
            return;
        }

        var (_, exclusive) = await ExternalTool.RunAsync(perf, ["report", "-i", data, "--no-children", "--sort", "dso,sym", "-g", "none", "--percent-limit", "0.5"], Path.GetTempPath());
        var (_, inclusive) = await ExternalTool.RunAsync(perf, ["report", "-i", data, "--children", "--sort", "sym", "-g", "none", "--percent-limit", "2"], Path.GetTempPath());
        var file = Path.Combine(Folder, string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '-')) + ".txt");
        await File.WriteAllTextAsync(file, $"# {name}: exclusive (self) time\n{Trim(exclusive)}\n\n# inclusive time\n{Trim(inclusive)}\n");
        File.Delete(data);
        Console.WriteLine($"  profile: {file}");
    }

    private static string Trim(string report) => string.Join('\n', report.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Length > 240 ? l[..240] : l).Take(80));
}
