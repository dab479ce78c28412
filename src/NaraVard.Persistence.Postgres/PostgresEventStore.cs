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
        // The append and the reads are a handful of statements run over and over: prepared once per connection.
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "naravard", MaxAutoPrepare = 32, AutoPrepareMinUsages = 2 });
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
