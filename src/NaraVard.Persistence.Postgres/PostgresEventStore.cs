using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace NaraVard.Persistence.Postgres;

/// <summary>
/// The production event store on PostgreSQL. Appends from concurrent calls are grouped: one writer per node
/// takes every append waiting at that moment into one transaction and one commit, and acknowledges each only
/// after that commit. Each append transaction first takes a transaction-level advisory lock, so across all
/// nodes positions are handed out in commit order: a follower reading "after my position" can never skip an
/// event that commits late. Followers are woken by LISTEN/NOTIFY and also poll, so a lost notification
/// connection only delays them.
/// </summary>
public sealed partial class PostgresEventStore : IEventStore
{
    private const long AppendLock = 0x4E617261_5661_02;
    private const string Channel = "naravard_events";
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _listenerSource;
    private readonly GroupCommitQueue _appends = new(maxBatch: 1_000);
    private readonly AppendSignal _signal = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Task? _writer;
    private Task? _listener;

    public PostgresEventStore(string connectionString, TimeProvider? time = null, ILogger<PostgresEventStore>? logger = null)
    {
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<PostgresEventStore>.Instance;
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "naravard" });
        _listenerSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ListenerApplicationName, Pooling = false, KeepAlive = 10 });
    }

    /// <summary>application_name of the LISTEN connection (operators and tests find it in pg_stat_activity).</summary>
    public const string ListenerApplicationName = "naravard-listener";

    /// <summary>How often followers look at the log even without a notification.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs inside each append transaction after its inserts, just before COMMIT. Tests use it to hold a transaction
    /// open (a slow node) or to throw (a rollback after positions were drawn); production leaves it unset.
    /// </summary>
    internal Func<CancellationToken, Task>? BeforeCommit { get; init; }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await Guard(() => PostgresMigrations.ApplyAsync(_dataSource, cancellationToken));
        _signal.Signal(await ReadHeadPositionAsync(cancellationToken));
        _writer ??= Task.Run(WriteLoopAsync, CancellationToken.None);
        _listener ??= Task.Run(ListenLoopAsync, CancellationToken.None);
    }

    /// <summary>Applies pending migrations and returns how many were applied (the server's migrate command).</summary>
    public Task<int> MigrateAsync(CancellationToken cancellationToken = default) => Guard(() => PostgresMigrations.ApplyAsync(_dataSource, cancellationToken));

    public Task<AppendResult> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default) =>
        _writer is null
            ? throw new InvalidOperationException("InitializeAsync must be called before appending.")
            : _appends.EnqueueAsync(streamId, expectedVersion, events, cancellationToken);

    private async Task WriteLoopAsync()
    {
        NpgsqlConnection? connection = null;
        await foreach (var batch in _appends.BatchesAsync())
        {
            try
            {
                connection ??= await _dataSource.OpenConnectionAsync(_stopping.Token);
                await CommitBatchAsync(connection, batch);
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException or OperationCanceledException)
            {
                // Not committed (or not known to be): no append of the batch is acknowledged. A fresh connection next time.
                LogAppendFailed(batch.Count, e);
                GroupCommitQueue.Fail(batch, "PostgreSQL did not commit the change.", e);
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                    connection = null;
                }
            }
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// One transaction per batch in three round trips whatever its size: the append lock with the current version
    /// of every stream in the batch; one INSERT of all accepted events with the notification; COMMIT. Appends whose
    /// expected version is stale are refused without touching the others.
    /// </summary>
    private async Task CommitBatchAsync(NpgsqlConnection connection, IReadOnlyList<PendingAppend> batch)
    {
        var outcomes = new (AppendResult? Result, Exception? Error)[batch.Count];
        long head = 0;
        await using (var transaction = await connection.BeginTransactionAsync(_stopping.Token))
        {
            var versions = await ReadVersionsAsync(connection, transaction, batch);
            var (streams, numbers, types, data, owners) = (new List<string>(), new List<long>(), new List<string>(), new List<string>(), new List<int>());
            for (var i = 0; i < batch.Count; i++)
            {
                var p = batch[i];
                var current = versions.GetValueOrDefault(p.StreamId);
                if (p.Conflict(current) is { } conflict)
                {
                    outcomes[i] = (null, conflict);
                    continue;
                }

                for (var e = 0; e < p.Events.Count; e++)
                {
                    streams.Add(p.StreamId);
                    numbers.Add(current + e + 1);
                    types.Add(p.Events[e].Type);
                    data.Add(p.Events[e].Data);
                    owners.Add(i);
                }

                versions[p.StreamId] = current + p.Events.Count;
            }

            if (streams.Count > 0)
            {
                var positions = await InsertAsync(connection, transaction, streams, numbers, types, data);
                for (var row = 0; row < positions.Length; row++)
                {
                    var i = owners[row];
                    outcomes[i] = (new AppendResult(numbers[row], positions[row]), null);
                    head = Math.Max(head, positions[row]);
                }
            }

            if (BeforeCommit is { } beforeCommit)
            {
                await beforeCommit(_stopping.Token);
            }

            await transaction.CommitAsync(_stopping.Token);
        }

        GroupCommitQueue.Settle(batch, outcomes);
        if (head > 0)
        {
            _signal.Signal(head);
        }
    }

    /// <summary>Takes the append lock (positions in commit order across nodes) and reads the batch's stream versions, in one round trip.</summary>
    private async Task<Dictionary<string, long>> ReadVersionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PendingAppend> batch)
    {
        await using var command = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({AppendLock})"),
                new NpgsqlBatchCommand("SELECT stream_id, max(version) FROM events WHERE stream_id = ANY($1) GROUP BY stream_id")
                {
                    Parameters = { new() { Value = batch.Select(p => p.StreamId).Distinct(StringComparer.Ordinal).ToArray() } },
                },
            },
        };
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(_stopping.Token);
        await reader.NextResultAsync(_stopping.Token);
        while (await reader.ReadAsync(_stopping.Token))
        {
            versions[reader.GetString(0)] = reader.GetInt64(1);
        }

        return versions;
    }

    /// <summary>Inserts the rows in the given order and notifies followers, in one round trip; returns each row's position.</summary>
    private async Task<long[]> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<string> streams, List<long> numbers, List<string> types, List<string> data)
    {
        await using var command = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                // WITH ORDINALITY and ORDER BY hand out positions in the order the rows were given (a stream's events in order).
                new NpgsqlBatchCommand(
                    "INSERT INTO events (stream_id, version, type, data, recorded_at) " +
                    "SELECT s, v, t, d, $5 FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[]) WITH ORDINALITY AS e(s, v, t, d, n) ORDER BY n " +
                    "RETURNING stream_id, version, position")
                {
                    Parameters =
                    {
                        new() { Value = streams.ToArray() },
                        new() { Value = numbers.ToArray() },
                        new() { Value = types.ToArray() },
                        new() { Value = data.ToArray() },
                        new() { Value = _time.GetUtcNow() },
                    },
                },
                new NpgsqlBatchCommand($"SELECT pg_notify('{Channel}', (SELECT max(position) FROM events)::text)"),
            },
        };
        var returned = new Dictionary<(string, long), long>(streams.Count);
        await using (var reader = await command.ExecuteReaderAsync(_stopping.Token))
        {
            while (await reader.ReadAsync(_stopping.Token))
            {
                returned[(reader.GetString(0), reader.GetInt64(1))] = reader.GetInt64(2);
            }
        }

        // RETURNING's row order is not promised, so each row finds its position by (stream, version).
        return [.. streams.Select((stream, row) => returned[(stream, numbers[row])])];
    }

    public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamId, long afterVersion = 0, CancellationToken cancellationToken = default) =>
        ReadAsync("SELECT position, stream_id, version, type, data, recorded_at FROM events WHERE stream_id = $1 AND version > $2 ORDER BY version", [streamId, afterVersion], cancellationToken);

    public Task<IReadOnlyList<StoredEvent>> ReadPrefixAsync(string prefix, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(prefix)
            ? throw new ArgumentException("A prefix is required.", nameof(prefix))
            : ReadAsync("SELECT position, stream_id, version, type, data, recorded_at FROM events WHERE stream_id LIKE $1 ORDER BY position", [EscapeLike(prefix) + "%"], cancellationToken);

    // The pattern index (migration 0002) serves LIKE 'prefix%' whatever the database's collation.
    private static string EscapeLike(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    public Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default) =>
        ReadAsync("SELECT position, stream_id, version, type, data, recorded_at FROM events WHERE position > $1 ORDER BY position LIMIT $2", [afterPosition, maxCount], cancellationToken);

    public Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken = default) => Guard(async () =>
    {
        await using var command = _dataSource.CreateCommand("SELECT COALESCE(MAX(position), 0) FROM events");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    });

    public Task WaitForAppendAsync(long afterPosition, CancellationToken cancellationToken = default) => _signal.WaitAsync(afterPosition, cancellationToken);

    private Task<IReadOnlyList<StoredEvent>> ReadAsync(string sql, object[] parameters, CancellationToken cancellationToken) => Guard<IReadOnlyList<StoredEvent>>(async () =>
    {
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new() { Value = value });
        }

        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new StoredEvent(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return events;
    });

    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
        {
            throw new StoreUnavailableException("PostgreSQL is unavailable.", e);
        }
    }

    private async Task ListenLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _listenerSource.OpenConnectionAsync(_stopping.Token);
                connection.Notification += (_, e) =>
                {
                    if (long.TryParse(e.Payload, out var position))
                    {
                        _signal.Signal(position);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(_stopping.Token);
                }

                // Whatever was committed while nobody listened is found by reading the head.
                _signal.Signal(await ReadHeadPositionAsync(_stopping.Token));
                while (!_stopping.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(PollInterval, _stopping.Token))
                    {
                        _signal.Signal(await ReadHeadPositionAsync(_stopping.Token));
                    }
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or StoreUnavailableException or InvalidOperationException)
            {
                LogListenerLost(e);
                try
                {
                    await Task.Delay(PollInterval, _stopping.Token);
                    _signal.Signal(await ReadHeadPositionAsync(_stopping.Token));
                }
                catch (Exception inner) when (inner is StoreUnavailableException or OperationCanceledException)
                {
                    // Still down (or stopping); the loop tries again.
                }
            }
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _appends.Complete();
        if (_writer is not null)
        {
            await _writer;
        }

        await _stopping.CancelAsync();
        if (_listener is not null)
        {
            await _listener;
        }

        await _dataSource.DisposeAsync();
        await _listenerSource.DisposeAsync();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Appending a batch of {Count} failed; none of it is acknowledged")]
    private partial void LogAppendFailed(int count, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The LISTEN connection was lost; following the log by polling until it is back")]
    private partial void LogListenerLost(Exception error);
}
