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

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task NewStore_ItsFolderAndFiles_AreReadableOnlyByTheServersUser()
    {
        var folder = _folder.File("data");
        await using var store = new SqliteEventStore(Path.Combine(folder, "naravard.db"));
        await store.InitializeAsync();
        await store.AppendAsync("s-1", 0, [new EventData("T", "{}")]);

        const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(Owner | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.All(Directory.GetFiles(folder), file => Assert.Equal(Owner, File.GetUnixFileMode(file)));
        Assert.Contains(Directory.GetFiles(folder), file => file.EndsWith("-wal", StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Dispose();
}
