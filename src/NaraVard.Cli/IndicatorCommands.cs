using System.CommandLine;
using Grpc.Core;
using NaraVard.Api.V1;
using Spectre.Console;

namespace NaraVard.Cli;

/// <summary>The county's measurement points as a whole: fetching Kolada's values for those linked to it.</summary>
internal static class IndicatorCommands
{
    public static IEnumerable<Command> Build()
    {
        var indicators = new Command("indicators", "Measurement points fed by the national statistics (Kolada)");
        var sync = Cli.Command("sync", "Fetch Kolada's values for every measurement point linked to a Kolada KPI (planners and admins)", "naravard indicators sync");
        Cli.Handle(sync, async (result, s) =>
        {
            // Not retried as a change is: UNAVAILABLE here is usually Kolada, which the server has already retried.
            var answer = await s.Initiatives.SyncKoladaAsync(new SyncKoladaRequest(), new CallOptions(deadline: DateTime.UtcNow.AddMinutes(10)));
            if (result.GetValue(Cli.JsonOption))
            {
                Session.PrintJson(answer);
            }
            else
            {
                s.Console.MarkupLineInterpolated($"Kolada: [bold]{answer.ValuesRecorded}[/] values recorded ({answer.ValuesRevised} of them revisions) of {answer.ValuesFetched} fetched, for {answer.Indicators} measurement points. Källa: Kolada.");
            }

            return ExitCodes.Ok;
        });
        indicators.Subcommands.Add(sync);
        return [indicators];
    }
}
