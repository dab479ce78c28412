using System.Runtime.InteropServices;

namespace NaraVard.Bench;

/// <summary>What the figures were measured on: they only mean something next to this.</summary>
public static class Machine
{
    public static string Describe()
    {
        var cpu = ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ReadField("/proc/meminfo", "MemTotal") is { } total && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var kib)
            ? $"{kib / 1024.0 / 1024.0:0.0} GiB"
            : "unknown memory";
        return $"{Environment.ProcessorCount} cores ({cpu}), {memory}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    private static string? ReadField(string file, string name) =>
        File.Exists(file)
            ? File.ReadLines(file).Where(l => l.StartsWith(name, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault()
            : null;

    /// <summary>Resident set size of a process in MiB, from /proc (what the kernel charges it, not what the GC thinks).</summary>
    public static double ResidentMiB(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }
}
