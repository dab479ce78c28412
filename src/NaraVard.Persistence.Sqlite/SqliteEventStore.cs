using Microsoft.Data.Sqlite;

namespace NaraVard.Persistence.Sqlite;

/// <summary>
/// The embedded event store: one SQLite file in WAL mode with full fsync. All appends go through one writer
/// that takes every append waiting at that moment into one transaction (group commit); each append is
/// acknowledged only after that transaction committed. Reads use their own pooled connections.
/// </summary>
public sealed class SqliteEventStore : IEventStore
{
    private static readonly TimeSpan OtherWritersPoll = TimeSpan.FromSeconds(1);

    private readonly string _connectionString;
    private readonly GroupCommitQueue _appends = new(maxBatch: 512);
    private readonly AppendSignal _signal = new();
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _writer;
    private Task? _poller;

    public SqliteEventStore(string path, TimeProvider? time = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        _time = time ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string Path { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        CreatePrivateFolder(System.IO.Path.GetDirectoryName(Path)!);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        MakePrivate();
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 5 && attempt < 50)
            {
                // Another process migrates the same file right now; wait for it and look again.
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }

        _signal.Signal(await ReadHeadPositionAsync(cancellationToken).ConfigureAwait(false));
        _writer ??= Task.Run(WriteLoopAsync, CancellationToken.None);
        _poller ??= Task.Run(PollLoopAsync, CancellationToken.None);
    }

    // The county's record is for its staff: the folder is the server user's alone (0700), the files too (0600;
    // SQLite gives its -wal and -shm files the database file's mode).
    private static void CreatePrivateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private void MakePrivate()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" }.Where(File.Exists))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>How often followers look for appends made by another process on the same file (a token command, say).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    private async Task PollLoopAsync()
    {
        using var timer = new PeriodicTimer(PollInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                try
                {
                    var head = await ReadHeadPositionAsync(_stopping.Token).ConfigureAwait(false);
                    if (head > _signal.Head)
                    {
                        _signal.Signal(head);
                    }
                }
                catch (SqliteException)
                {
                    // Busy or briefly unreadable: look again at the next tick.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        var applied = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        for (var i = applied; i < SqliteSchema.Migrations.Length; i++)
        {
            command.CommandText = SqliteSchema.Migrations[i];
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            command.CommandText = $"PRAGMA user_version = {i + 1};";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<AppendResult> AppendAsync(string streamId, long expectedVersion, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default) =>
        _writer is null
            ? throw new InvalidOperationException("InitializeAsync must be called before appending.")
            : _appends.EnqueueAsync(streamId, expectedVersion, events, cancellationToken);

    private async Task WriteLoopAsync()
    {
        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA synchronous=FULL;", CancellationToken.None).ConfigureAwait(false);
        using var commands = new SqliteAppendCommands(connection);
        await foreach (var batch in _appends.BatchesAsync().ConfigureAwait(false))
        {
            await CommitBatchAsync(connection, commands, batch).ConfigureAwait(false);
        }
    }

    private async Task CommitBatchAsync(SqliteConnection connection, SqliteAppendCommands commands, IReadOnlyList<PendingAppend> batch)
    {
        var results = new (AppendResult? Result, Exception? Error)[batch.Count];
        try
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            commands.Enlist(transaction);
            var versions = new Dictionary<string, long>(StringComparer.Ordinal);
            var recordedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = await TryAppendAsync(commands, batch[i], versions, recordedAt).ConfigureAwait(false);
            }

            await transaction.CommitAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            GroupCommitQueue.Fail(batch, "The embedded event store could not commit.", e);
            return;
        }

        var head = GroupCommitQueue.Settle(batch, results);
        if (head > 0)
        {
            _signal.Signal(head);
        }
    }

    private static async Task<(AppendResult?, Exception?)> TryAppendAsync(SqliteAppendCommands commands, PendingAppend p, Dictionary<string, long> versions, long recordedAt)
    {
        if (!versions.TryGetValue(p.StreamId, out var current))
        {
            current = await commands.CurrentVersionAsync(p.StreamId).ConfigureAwait(false);
        }

        if (p.Conflict(current) is { } conflict)
        {
            return (null, conflict);
        }

        long position = 0;
        foreach (var e in p.Events)
        {
            position = await commands.InsertAsync(p.StreamId, ++current, e, recordedAt).ConfigureAwait(false);
        }

        versions[p.StreamId] = current;
        return (new AppendResult(current, position), null);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamId, long afterVersion = 0, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var command = connection.CreateCommand();
        command.CommandText = "SELECT position, stream_id, version, type, data, recorded_at FROM events WHERE stream_id = $s AND version > $v ORDER BY version;";
        command.Parameters.AddWithValue("$s", streamId);
        command.Parameters.AddWithValue("$v", afterVersion);
        return await ReadEventsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var command = connection.CreateCommand();

        // Text compares byte by byte here (BINARY), so [prefix, prefix with its last character raised) is
        // exactly the ids that start with it, and the (stream_id, version) index serves the range.
        command.CommandText = "SELECT position, stream_id, version, type, data, recorded_at FROM events WHERE stream_id >= $from AND stream_id < $to ORDER BY position;";
        command.Parameters.AddWithValue("$from", prefix);
        command.Parameters.AddWithValue("$to", prefix[..^1] + (char)(prefix[^1] + 1));
        return await ReadEventsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var command = connection.CreateCommand();
        command.CommandText = "SELECT position, stream_id, version, type, data, recorded_at FROM events WHERE position > $p ORDER BY position LIMIT $n;";
        command.Parameters.AddWithValue("$p", afterPosition);
        command.Parameters.AddWithValue("$n", maxCount);
        return await ReadEventsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(position), 0) FROM events;";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Wakes on this process's own appends at once, and at least once a second otherwise: another process may
    /// append to the same file (the server's <c>token</c> command revoking a token while the server runs).
    /// </summary>
    public async Task WaitForAppendAsync(long afterPosition, CancellationToken cancellationToken = default)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        poll.CancelAfter(OtherWritersPoll);
        try
        {
            await _signal.WaitAsync(afterPosition, poll.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Time to look at the file again.
        }
    }

    private static async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new StoredEvent(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }

        return events;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            // Readers need no pragmas: Microsoft.Data.Sqlite retries a busy database for DefaultTimeout.
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
            await _writer.ConfigureAwait(false);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_poller is not null)
        {
            await _poller.ConfigureAwait(false);
        }

        _stopping.Dispose();

        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }
}
