using NaraVard.Persistence.Conformance;

namespace NaraVard.Persistence.Postgres.Tests;

/// <summary>The same conformance suite as the SQLite store, on a real PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEventStoreTests(PostgresFixture fixture) : EventStoreConformance, IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await fixture.Server.CreateDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected override async Task<IEventStore> OpenAsync()
    {
        var store = new PostgresEventStore(_connectionString);
        await store.InitializeAsync();
        return store;
    }

    protected override async Task<IEventStore> ReopenAsync(IEventStore store)
    {
        await store.DisposeAsync();
        return await OpenAsync();
    }
}
