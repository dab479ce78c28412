using NaraVard.Cli;

var root = Cli.Build();
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0 && !args.Contains("--help") && !args.Contains("-h"))
{
    foreach (var line in Suggestions.Explain(parsed))
    {
        Console.Error.WriteLine(line);
    }

    Console.Error.WriteLine("Run 'naravard --help' (or 'naravard <command> --help') for usage and examples.");
    return ExitCodes.Usage;
}

return await parsed.InvokeAsync();
