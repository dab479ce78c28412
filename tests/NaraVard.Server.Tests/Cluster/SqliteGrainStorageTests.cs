using NaraVard.Grains.Roadmaps;
using NaraVard.Server.Cluster;
using NaraVard.Testing;
using Orleans.Storage;

namespace NaraVard.Server.Tests.Cluster;

/// <summary>The embedded store's grain state: versioned writes, and a state read ahead at start taken by the grain's first read.</summary>
public sealed class SqliteGrainStorageTests : IDisposable
{
    private static readonly GrainId County = Snapshots.CountyGrain("storage-test");
    private readonly TempDirectory _folder = new("naravard-grain-storage");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ReadState_AfterAReadAhead_HasTheStoredStateAndAnETagThatWrites()
    {
        var storage = new SqliteGrainStorage(_folder.File("naravard.db"));
        await storage.WriteStateAsync(Snapshots.County, County, Snapshot(position: 7));

        await storage.ReadAhead<CountySnapshot>(Snapshots.County, County);
        var read = new GrainState<CountySnapshot>();
        await storage.ReadStateAsync(Snapshots.County, County, read);
        read.State = read.State! with { Position = 8 };
        await storage.WriteStateAsync(Snapshots.County, County, read);

        var reread = new GrainState<CountySnapshot>();
        await new SqliteGrainStorage(_folder.File("naravard.db")).ReadStateAsync(Snapshots.County, County, reread);
        Assert.True(reread.RecordExists);
        Assert.Equal(8, reread.State!.Position);
    }

    [Fact]
    public async Task ReadState_ASecondTime_ReadsTheStoreNotWhatWasReadAhead()
    {
        var storage = new SqliteGrainStorage(_folder.File("naravard.db"));
        var first = Snapshot(position: 7);
        await storage.WriteStateAsync(Snapshots.County, County, first);
        await storage.ReadAhead<CountySnapshot>(Snapshots.County, County);
        await storage.ReadStateAsync(Snapshots.County, County, new GrainState<CountySnapshot>());
        first.State = first.State! with { Position = 9 };
        await storage.WriteStateAsync(Snapshots.County, County, first);

        var again = new GrainState<CountySnapshot>();
        await storage.ReadStateAsync(Snapshots.County, County, again);

        Assert.Equal(9, again.State!.Position);
    }

    [Fact]
    public async Task ReadState_AfterTheReadAheadWasForgotten_ReadsTheStore()
    {
        var storage = new SqliteGrainStorage(_folder.File("naravard.db"));
        var state = Snapshot(position: 7);
        await storage.WriteStateAsync(Snapshots.County, County, state);
        await storage.ReadAhead<CountySnapshot>(Snapshots.County, County);
        storage.ForgetReadAhead();
        state.State = state.State! with { Position = 9 };
        await storage.WriteStateAsync(Snapshots.County, County, state);

        var read = new GrainState<CountySnapshot>();
        await storage.ReadStateAsync(Snapshots.County, County, read);

        Assert.Equal(9, read.State!.Position);
    }

    [Fact]
    public async Task ReadState_WhenTheReadAheadFailed_ReadsTheStore()
    {
        var path = _folder.File("naravard.db");
        await File.WriteAllTextAsync(path, "not a database yet");
        var storage = new SqliteGrainStorage(path);
        await Assert.ThrowsAnyAsync<Microsoft.Data.Sqlite.SqliteException>(() => storage.ReadAhead<CountySnapshot>(Snapshots.County, County));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
        await storage.WriteStateAsync(Snapshots.County, County, Snapshot(position: 7));

        var read = new GrainState<CountySnapshot>();
        await storage.ReadStateAsync(Snapshots.County, County, read);

        Assert.Equal(7, read.State!.Position);
    }

    [Fact]
    public async Task WriteState_WithAnETagThatIsNoLongerCurrent_IsRefused()
    {
        var storage = new SqliteGrainStorage(_folder.File("naravard.db"));
        var mine = Snapshot(position: 7);
        await storage.WriteStateAsync(Snapshots.County, County, mine);
        var theirs = new GrainState<CountySnapshot>();
        await storage.ReadStateAsync(Snapshots.County, County, theirs);
        await storage.WriteStateAsync(Snapshots.County, County, theirs);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(Snapshots.County, County, mine));
    }

    private static GrainState<CountySnapshot> Snapshot(long position) =>
        new(new CountySnapshot { Format = CountySnapshot.CurrentFormat, Position = position, DefinitionVersion = 1 });
}
