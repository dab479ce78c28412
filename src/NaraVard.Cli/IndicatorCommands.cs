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
            SyncKoladaResult answer;
            try
            {
                answer = await s.Initiatives.SyncKoladaAsync(new SyncKoladaRequest(), new CallOptions(deadline: DateTime.UtcNow.AddMinutes(10)));
            }
            catch (RpcException e) when (KoladaAway(e))
            {
                return KoladaFailed(e);
            }

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
        indicators.Subcommands.Add(Find());
        return [indicators];
    }

    private static Command Find()
    {
        var words = new Argument<string>("title") { Description = "Words of the KPI's title, as Kolada writes it" };
        var find = Cli.Command("find", "Look up Kolada's KPI ids by title, to link a measurement point with --kolada", "naravard indicators find \"hemtjänst helhetssyn\"");
        find.Arguments.Add(words);
        Cli.Handle(find, async (result, s) =>
        {
            FindKoladaKpisResponse answer;
            try
            {
                answer = await s.ReadAsync(o => s.Initiatives.FindKoladaKpisAsync(new FindKoladaKpisRequest { Title = result.GetValue(words)! }, o));
            }
            catch (RpcException e) when (KoladaAway(e))
            {
                return KoladaFailed(e);
            }

            if (result.GetValue(Cli.JsonOption))
            {
                Session.PrintJson(answer);
                return ExitCodes.Ok;
            }

            if (answer.Kpis.Count == 0)
            {
                s.Console.MarkupLine("No KPI in Kolada has those words in its title.");
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Id", "Title", "For");
            foreach (var kpi in answer.Kpis)
            {
                table.AddRow(Markup.Escape(kpi.Id), Markup.Escape(kpi.Title), kpi.MunicipalityType switch { "K" => "municipalities", "L" => "regions", "A" => "both", var other => Markup.Escape(other) });
            }

            s.Console.Write(table);
            s.Console.MarkupLine("Källa: Kolada.");
            return ExitCodes.Ok;
        });
        return find;
    }

    /// <summary>The server answered, but Kolada did not: the server's sentence says so, and nothing changed.</summary>
    private static bool KoladaAway(RpcException e) => e.StatusCode == StatusCode.Unavailable && e.Status.Detail.StartsWith("Kolada", StringComparison.Ordinal);

    private static int KoladaFailed(RpcException e)
    {
        Console.Error.WriteLine(e.Status.Detail);
        return ExitCodes.Unavailable;
    }
}
