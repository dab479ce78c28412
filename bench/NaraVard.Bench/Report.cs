using System.Globalization;
using System.Text;

namespace NaraVard.Bench;

/// <summary>
/// One measured figure beside the limit it is judged against, both measured in the same run. The ratio is
/// figure/limit for throughput (higher is better) and limit/figure for latencies and sizes (so higher is
/// always better and 1.0 means "at the limit").
/// </summary>
public sealed record Result(string Benchmark, string Case, double Figure, string Unit, double Limit, string LimitSource, double Goal, string Note = "")
{
    public bool LowerIsBetter => Unit is "ms" or "s" or "MiB";

    public double Ratio => LowerIsBetter ? (Figure <= 0 ? double.PositiveInfinity : Limit / Figure) : (Limit <= 0 ? 0 : Figure / Limit);

    /// <summary>A goal of 0 means the row is context for another (no goal of its own).</summary>
    public bool Met => Goal <= 0 || Ratio >= Goal;
}

/// <summary>Collects results, prints each as it arrives and writes the markdown table at the end.</summary>
public sealed class Report(string machine, string command)
{
    private readonly List<Result> _results = [];
    private readonly List<string> _notes = [];

    public IReadOnlyList<Result> Results => _results;

    public void Add(Result result)
    {
        _results.Add(result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {result.Benchmark,-12} {result.Case,-44} {Format(result.Figure),10} {result.Unit,-6} limit {Format(result.Limit),10} ({result.LimitSource})  ratio {result.Ratio:0.00} goal {Goal(result)} {(result.Goal <= 0 ? "" : result.Met ? "met" : "NOT MET")} {result.Note}"));
    }

    public void Note(string note)
    {
        _notes.Add(note);
        Console.WriteLine("  note: " + note);
    }

    public string ToMarkdown(DateTimeOffset started, TimeSpan took)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Benchmark results {started:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}` (took {took.TotalMinutes:0.0} min)");
        text.AppendLine();
        text.AppendLine("Machine: " + machine);
        text.AppendLine();
        text.AppendLine("Ratio is NaraVard ÷ limit for throughput and limit ÷ NaraVard for latency, memory and time, so above the goal is good.");
        text.AppendLine();
        text.AppendLine("| Benchmark | Case | NaraVard | Limit | Limit is | Ratio | Goal | Met |");
        text.AppendLine("|---|---|---:|---:|---|---:|---:|---|");
        foreach (var r in _results)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Benchmark} | {r.Case} | {Format(r.Figure)} {r.Unit} | {Format(r.Limit)} {r.Unit} | {r.LimitSource} | {r.Ratio:0.00} | {Goal(r)} | {(r.Goal <= 0 ? "" : r.Met ? "yes" : "**no**")} |"));
        }

        if (_notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in _notes)
            {
                text.AppendLine("- " + note);
            }
        }

        return text.ToString();
    }

    private static string Goal(Result r) => r.Goal <= 0 ? "—" : string.Create(CultureInfo.InvariantCulture, $"≥ {r.Goal:0.0#}");

    private static string Format(double value) => value switch
    {
        >= 1000 => value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.00", CultureInfo.InvariantCulture),
    };
}
