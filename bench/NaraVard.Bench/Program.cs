using NaraVard.Bench;
using NaraVard.Bench.Benchmarks;
using NaraVard.Bench.Tools;

if (args is ["bare-endpoint" or "bare-grpc", var responseFile])
{
    return await BareEndpoint.ServeAsync(responseFile, framework: args[0] == "bare-grpc");
}

if (args is ["seed-scale", var scaleFolder])
{
    await ScaleBenchmark.PrepareAsync(Path.GetFullPath(scaleFolder));
    return 0;
}

if (args is ["restart-scale", var restartFolder, ..])
{
    await ScaleBenchmark.RestartsAsync(Path.GetFullPath(restartFolder), args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5, args.Length > 3 ? Path.GetFullPath(args[3]) : null);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (options.Profile)
{
    Profiler.Folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Output ?? "bench/results/latest.md"))!, "profiles");
}

var started = DateTimeOffset.UtcNow;
var machine = Machine.Describe();
var report = new Report(machine, options.Command);
Console.WriteLine($"NaraVard benchmarks on {machine}");
foreach (var name in BenchOptions.All.Where(options.Benchmarks.Contains))
{
    Console.WriteLine($"{name}:");
    Task run = name switch
    {
        "reads" => new ReadBenchmark(options, report).RunAsync(),
        "writes" => new WriteBenchmark(options, report).RunAsync(),
        "watch" => new WatchBenchmark(options, report).RunAsync(),
        "abuse" => new AbuseBenchmark(options, report).RunAsync(),
        "import" => new ImportBenchmark(options, report).RunAsync(),
        "effects" => new EffectsBenchmark(options, report).RunAsync(),
        "trace" => new TraceBenchmark(report).RunAsync(),
        _ => new ScaleBenchmark(options, report).RunAsync(),
    };
    await run;
}

var markdown = report.ToMarkdown(started, DateTimeOffset.UtcNow - started);
if (options.Output is { } output)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    await File.WriteAllTextAsync(output, markdown);
    Console.WriteLine($"Written to {output}");
}

Console.WriteLine();
Console.WriteLine(markdown);
return report.Results.All(r => r.Met) ? 0 : 1;
