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

    /// <summary>CPU time a process has used so far (user + system), from /proc.</summary>
    public static TimeSpan ProcessCpu(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return Ticks(long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>CPU time all cores have been busy so far (everything but idle and I/O wait), from /proc/stat.</summary>
    public static TimeSpan BusyCpu()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return Ticks(fields.Sum() - fields[3] - fields[4]);
    }

    // /proc counts in clock ticks of 1/100 s on Linux (USER_HZ).
    private static TimeSpan Ticks(long ticks) => TimeSpan.FromMilliseconds(ticks * 10);
}
