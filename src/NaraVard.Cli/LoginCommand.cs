using System.CommandLine;
using Grpc.Core;
using NaraVard.Api.V1;

namespace NaraVard.Cli;

internal static class LoginCommand
{
    public static IEnumerable<Command> Build()
    {
        var server = new Option<string>("--server") { Description = "Server address, for example https://naravard.region.se or localhost:5000", Required = true };
        var token = new Option<string>("--token") { Description = "Your API token (from your administrator)", Required = true };
        var login = Cli.Command("login", "Store the server and your token for later commands (in a file only you can read)", "naravard login --server localhost:5000 --token nv_…");
        login.Options.Add(server);
        login.Options.Add(token);
        login.SetAction(async (result, _) =>
        {
            var config = new CliConfig(result.GetValue(server)!, result.GetValue(token)!);
            var address = config.Server.Contains("://", StringComparison.Ordinal) ? config.Server : "http://" + config.Server;
            using var session = new Session(config with { Server = address }, Cli.Terminal);
            try
            {
                var roadmap = await session.ReadAsync(o => session.Roadmap.GetRoadmapAsync(new GetRoadmapRequest(), o));
                var path = CliConfig.Save(address, config.Token!);
                Console.WriteLine($"Logged in to {address} ({roadmap.Name}). Saved in {path}.");
                return ExitCodes.Ok;
            }
            catch (RpcException e)
            {
                return await session.FailAsync(e);
            }
        });
        return [login];
    }
}
