using NaraVard.Persistence.Conformance;
using NaraVard.Testing;

namespace NaraVard.Persistence.Sqlite.Tests;

/// <summary>The store conformance suite on the embedded SQLite store, one file per test.</summary>
public sealed class SqliteEventStoreTests : EventStoreConformance, IDisposable
{
    private readonly TempDirectory _folder = new("naravard-sqlite");

    protected override async Task<IEventStore> OpenAsync()
    {
        var store = new SqliteEventStore(_folder.File("events.db"));
        await store.InitializeAsync();
        return store;
    }

    protected override async Task<IEventStore> ReopenAsync(IEventStore store)
    {
        await store.DisposeAsync();
        return await OpenAsync();
    }

    [Fact]
    public async Task TwoStoresOnOneFile_InitializeAtOnce_BothWork()
    {
        var a = new SqliteEventStore(_folder.File("shared.db"));
        var b = new SqliteEventStore(_folder.File("shared.db"));

        await Task.WhenAll(a.InitializeAsync(), b.InitializeAsync());
        await a.AppendAsync("s-1", 0, [new EventData("T", "{}")]);

        Assert.Single(await b.ReadStreamAsync("s-1"));
        await a.DisposeAsync();
        await b.DisposeAsync();
    }

    public void Dispose() => _folder.Dispose();
}
