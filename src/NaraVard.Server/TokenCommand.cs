using NaraVard.Domain;
using NaraVard.Domain.Access;
using NaraVard.Domain.Roadmap;
using NaraVard.Persistence;
using NaraVard.Persistence.Postgres;
using NaraVard.Persistence.Sqlite;
using NaraVard.Server.Access;

namespace NaraVard.Server;

/// <summary>
/// <c>naravard-server token create|list|revoke</c>: manage API tokens in the store the server uses (same
/// configuration). A new token is shown once; the store keeps only its hash. Running servers learn of the
/// change from the event log within seconds.
/// </summary>
internal static class TokenCommand
{
    private const string Usage = """
        Usage:
          naravard-server token create --org <SCB code> --role <viewer|editor|planner|admin> --name "<who>"
          naravard-server token list
          naravard-server token revoke <token id>
        Example:
          naravard-server token create --org 0580 --role editor --name "Linköping socialförvaltning"
        Store options as for the server: --NaraVard:DataDirectory=… or --NaraVard:Postgres=…
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var (verb, flags, positional, rest) = Parse(args);
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(rest).Build();
        var options = configuration.GetSection(NaraVardOptions.Section).Get<NaraVardOptions>() ?? new NaraVardOptions();
        await using IEventStore store = options.UsesPostgres ? new PostgresEventStore(options.PostgresConnectionString) : new SqliteEventStore(options.SqlitePath);
        await store.InitializeAsync();
        var admin = new Actor("naravard-server token", "", Role.Admin.Code(), "local:naravard-server token");
        switch (verb)
        {
            case "create":
                var roadmap = RoadmapDefinition.Load(options.Roadmap);
                if (!flags.TryGetValue("org", out var org) || !roadmap.IsKnownOrganization(org))
                {
                    return Fail($"--org must be one of the roadmap's organisation codes ({string.Join(", ", roadmap.Organizations.Select(o => o.Code))})");
                }

                if (!flags.TryGetValue("role", out var roleText) || !Roles.TryParse(roleText, out var role))
                {
                    return Fail("--role must be viewer, editor, planner or admin");
                }

                if (!flags.TryGetValue("name", out var name) || string.IsNullOrWhiteSpace(name))
                {
                    return Fail("--name is required: who the token is for, as the audit trail shows it");
                }

                var (token, record) = await Tokens.IssueAsync(store, name, org, role, admin, DateTimeOffset.UtcNow);
                Console.WriteLine($"Created token {record.Id} for {record.Name} ({record.OrganizationCode}, {record.Role.Code()}). It is shown only now:");
                Console.WriteLine(token);
                return 0;
            case "list":
                var registry = await new TokenRegistry().LoadAsync(store);
                foreach (var t in registry.All.OrderBy(t => t.IssuedAt))
                {
                    Console.WriteLine($"{t.Id}\t{t.OrganizationCode}\t{t.Role.Code()}\t{(t.RevokedAt is null ? "active" : "revoked")}\t{t.Name}");
                }

                return 0;
            case "revoke" when positional.Count == 1:
                if (!await Tokens.RevokeAsync(store, positional[0], admin, DateTimeOffset.UtcNow))
                {
                    return Fail($"no active token with id {positional[0]}");
                }

                Console.WriteLine($"Revoked token {positional[0]}.");
                return 0;
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 2;
    }

    private static (string Verb, Dictionary<string, string> Flags, List<string> Positional, string[] StoreOptions) Parse(string[] args)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<string>();
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i].StartsWith("--NaraVard:", StringComparison.Ordinal))
            {
                rest.Add(args[i]);
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                flags[args[i][2..]] = args[++i];
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        return (args.Length > 0 ? args[0] : "", flags, positional, [.. rest]);
    }
}
