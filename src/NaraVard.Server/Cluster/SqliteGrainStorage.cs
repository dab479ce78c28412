using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace NaraVard.Server.Cluster;

/// <summary>
/// Grain state in the embedded store's SQLite file (table <c>grain_state</c>), for the county's snapshots on the
/// embedded default. Keyed by the grain id's full text, so no two keys can share a row. The state is
/// <see cref="SnapshotSerializer"/>'s bytes, a BLOB (rows an earlier version wrote hold JSON text; both read as
/// bytes); the ETag is a version that must match for a write, as Orleans' own providers do.
/// </summary>
/// <remarks>
/// A state can be read ahead (<see cref="ReadAhead{T}"/>): at national scale the county's and the feed's
/// snapshots take 0.1–0.2 s each to read and decode, on the critical path of a restart, and the host's build and
/// the silo's start leave a core idle for longer than that, so they are decoded then and the grain's first read
/// takes the result.
/// </remarks>
public sealed class SqliteGrainStorage(string path) : IGrainStorage
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30 }.ToString();
    private static readonly SnapshotSerializer Serializer = new();
    private readonly SemaphoreSlim _created = new(1, 1);
    private bool _exists;
    private readonly ConcurrentDictionary<(string StateName, GrainId Id), Task<object>> _readAhead = new();

    /// <summary>
    /// Starts reading and decoding a state on a thread of its own; the first <see cref="ReadStateAsync{T}"/> of it
    /// takes the result. Nothing to read ahead before the file exists (a first start). The task returned is the
    /// read, for whoever wants to know when it is done; the first read of the state observes it either way.
    /// </summary>
    public Task ReadAhead<T>(string stateName, GrainId grainId)
    {
        if (!File.Exists(path))
        {
            return Task.CompletedTask;
        }

        // Not on the pool: decoding on one of its few threads at start would make the silo's start wait for the
        // pool to grow. The embedded store's reads complete synchronously, so it all runs on that thread.
        return _readAhead.GetOrAdd((stateName, grainId), _ => Task.Factory.StartNew(
            async () =>
            {
                var state = new GrainState<T>();
                await ReadAsync(stateName, grainId, state);
                return (object)state;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap());
    }

    /// <summary>Drops what was read ahead and not taken (its grain lives on another silo, say), and its memory with it.</summary>
    public void ForgetReadAhead() => _readAhead.Clear();

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // What was read ahead is at most the start-up's age: a snapshot is a prefix of the log either way. If it
        // failed (the store was not ready yet, say), the state is read now, and a lasting fault shows there.
        if (_readAhead.TryRemove((stateName, grainId), out var ahead)
            && await ahead.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default) is GrainState<T> read)
        {
            grainState.State = read.State;
            grainState.ETag = read.ETag;
            grainState.RecordExists = read.RecordExists;
            return;
        }

        await ReadAsync(stateName, grainId, grainState);
    }

    private async Task ReadAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await OpenAsync();
        await using var read = new SqliteCommand("SELECT payload, version FROM grain_state WHERE name = $name AND grain = $grain", connection);
        read.Parameters.AddWithValue("$name", stateName);
        read.Parameters.AddWithValue("$grain", grainId.ToString());
        await using var row = await read.ExecuteReaderAsync();
        if (await row.ReadAsync())
        {
            // The payload's bytes as stored, without a copy through a .NET string.
            grainState.State = Serializer.Deserialize<T>(BinaryData.FromBytes(row.GetFieldValue<byte[]>(0)));
            grainState.ETag = row.GetInt64(1).ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var version = grainState.ETag is { } etag ? long.Parse(etag, CultureInfo.InvariantCulture) : 0;
        await using var connection = await OpenAsync();
        await using var write = new SqliteCommand(
            """
            INSERT INTO grain_state (name, grain, payload, version) VALUES ($name, $grain, $payload, 1)
            ON CONFLICT (name, grain) DO UPDATE SET payload = excluded.payload, version = grain_state.version + 1
            WHERE grain_state.version = $version
            """,
            connection);
        write.Parameters.AddWithValue("$name", stateName);
        write.Parameters.AddWithValue("$grain", grainId.ToString());
        write.Parameters.AddWithValue("$payload", Serializer.Serialize(grainState.State).ToArray());
        write.Parameters.AddWithValue("$version", version);
        if (await write.ExecuteNonQueryAsync() == 0)
        {
            throw new InconsistentStateException($"The stored {stateName} of {grainId} changed since it was read.", "", grainState.ETag);
        }

        grainState.ETag = (version + 1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await OpenAsync();
        await using var clear = new SqliteCommand("DELETE FROM grain_state WHERE name = $name AND grain = $grain", connection);
        clear.Parameters.AddWithValue("$name", stateName);
        clear.Parameters.AddWithValue("$grain", grainId.ToString());
        await clear.ExecuteNonQueryAsync();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        if (!_exists)
        {
            await _created.WaitAsync();
            try
            {
                await using var create = new SqliteCommand("CREATE TABLE IF NOT EXISTS grain_state (name TEXT NOT NULL, grain TEXT NOT NULL, payload TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (name, grain))", connection);
                await create.ExecuteNonQueryAsync();
                _exists = true;
            }
            finally
            {
                _created.Release();
            }
        }

        return connection;
    }
}
