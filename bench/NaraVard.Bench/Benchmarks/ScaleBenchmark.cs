namespace NaraVard.Bench.Benchmarks;

public sealed class ScaleBenchmark(BenchOptions options, Report report)
{
    public Task RunAsync() { report.Note($"{options.Duration}: not written yet"); return Task.CompletedTask; }
}
