namespace NaraVard.Server.Demo;

/// <summary>
/// <c>--demo</c> on the command line: a switch of its own (the configuration's command-line syntax wants a value),
/// which also moves the data folder aside so the demo never touches the user's real county unless told to.
/// </summary>
internal static class DemoArguments
{
    public static string[] Expand(string[] args)
    {
        if (!args.Contains("--demo"))
        {
            return args;
        }

        var rest = args.Where(a => a != "--demo").ToList();
        rest.Add("--NaraVard:Demo=true");
        var folderGiven = rest.Any(a => a.StartsWith("--NaraVard:DataDirectory", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("NaraVard__DataDirectory") is { Length: > 0 };
        if (!folderGiven)
        {
            rest.Add($"--NaraVard:DataDirectory={NaraVardOptions.DefaultDataDirectory()}-demo");
        }

        return [.. rest];
    }
}
