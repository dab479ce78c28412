using NaraVard.Persistence.Postgres;
using NaraVard.Persistence.Sqlite;

namespace NaraVard.Server;

/// <summary><c>naravard-server migrate</c>: apply the store's schema migrations and exit (also done at every start).</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        var options = configuration.GetSection(NaraVardOptions.Section).Get<NaraVardOptions>() ?? new NaraVardOptions();
        if (options.UsesPostgres)
        {
            await using var store = new PostgresEventStore(options.PostgresConnectionString);
            var applied = await store.MigrateAsync();
            Console.WriteLine($"{options.StoreDescription}: {applied} migration(s) applied.");
        }
        else
        {
            await using var store = new SqliteEventStore(options.SqlitePath);
            await store.InitializeAsync();
            Console.WriteLine($"{options.StoreDescription}: schema is current.");
        }

        return 0;
    }
}
