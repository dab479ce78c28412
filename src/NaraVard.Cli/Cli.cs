using System.CommandLine;
using Grpc.Core;
using Spectre.Console;

namespace NaraVard.Cli;

/// <summary>Builds the command tree and runs one command with uniform error handling.</summary>
internal static class Cli
{
    public static readonly Option<bool> JsonOption = new("--json") { Description = "Print machine-readable JSON (proto3 JSON mapping) instead of tables", Recursive = true };

    public static readonly Option<string?> DataDirOption = new("--data-dir") { Description = "Data folder of a server on this machine (its address and admin token); default NARAVARD_DATA_DIR or the server's default", Recursive = true };

    /// <summary>Colour only on a terminal (and not with NO_COLOR); redirected output gets plain, wide tables.</summary>
    public static IAnsiConsole Terminal { get; } = CreateTerminal();

    private static IAnsiConsole CreateTerminal()
    {
        if (!Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null)
        {
            return AnsiConsole.Console;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = Console.IsOutputRedirected ? 200 : console.Profile.Width;
        return console;
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("""
            naravard — follow and report on the Nära vård 2030 roadmap.

            Examples:
              naravard overview
              naravard initiatives --org linköping --phase strategi
              naravard report i-abc123 --progress 40 --status at-risk --comment "Rekrytering pågår"
              naravard obstacle flag --category tillit --severity high --initiative i-abc123 "Oklart betalningsansvar"
            """);
        root.Options.Add(JsonOption);
        root.Options.Add(DataDirOption);
        root.Options.Add(Times.UtcOption);
        foreach (var command in LoginCommand.Build().Concat(ReadCommands.Build()).Concat(InitiativeCommands.Build()).Concat(ObstacleCommands.Build()).Concat(FollowUpCommands.Build()).Concat(IndicatorCommands.Build()).Concat(ExchangeCommands.Build()))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Example text appended to a command's description, shown by --help.</summary>
    public static Command Command(string name, string description, string example) => new(name, $"{description}\n\nExample:\n  {example}");

    public static void Handle(Command command, Func<ParseResult, Session, Task<int>> action) =>
        command.SetAction(async (result, cancellationToken) =>
        {
            Times.Utc = result.GetValue(Times.UtcOption);
            using var session = new Session(CliConfig.Load(result.GetValue(DataDirOption)), Terminal) { Options = [.. command.Options.SelectMany(o => o.Aliases.Prepend(o.Name))] };
            try
            {
                return await action(result, session);
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (RpcException e)
            {
                return await session.FailAsync(e);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok; // Ctrl-C ends a watch
            }
            catch (OperationCanceledException)
            {
                // A streamed answer (a file, a watch) whose server cannot be reached or went away ends as a cancelled
                // read, not an RpcException: say so, with the README's code, rather than exit 1 in silence.
                return session.Unreachable();
            }
        });
}
