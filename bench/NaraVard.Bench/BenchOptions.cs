using System.Globalization;

namespace NaraVard.Bench;

/// <summary>What to run and for how long. Benchmarks are named: reads, writes, watch, scale (default: all).</summary>
public sealed record BenchOptions(IReadOnlySet<string> Benchmarks, TimeSpan Duration, TimeSpan WarmUp, string? Output, bool Profile)
{
    public static readonly string[] All = ["reads", "writes", "watch", "scale", "abuse", "import", "effects", "trace"];

    /// <summary>The run as a user would type it (the results say how they were made).</summary>
    public string Command => string.Join(' ', new[]
    {
        "bench/run",
        Benchmarks.Count == All.Length ? "" : string.Join(' ', All.Where(Benchmarks.Contains)),
        Duration == TimeSpan.FromSeconds(10) ? "" : $"--seconds {Duration.TotalSeconds:0}",
        Profile ? "--profile" : "",
    }.Where(part => part.Length > 0));

    public static BenchOptions Parse(string[] args)
    {
        var benchmarks = new HashSet<string>(StringComparer.Ordinal);
        var seconds = 10;
        string? output = null;
        var profile = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds" when i + 1 < args.Length:
                    seconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "--profile":
                    profile = true;
                    break;
                case var name when All.Contains(name):
                    benchmarks.Add(name);
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: bench/run [{string.Join('|', All)}]... [--seconds N] [--profile]");
            }
        }

        return new BenchOptions(benchmarks.Count == 0 ? All.ToHashSet() : benchmarks, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(Math.Max(2, seconds / 4)), output, profile);
    }
}
