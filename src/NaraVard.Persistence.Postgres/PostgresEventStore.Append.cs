using Npgsql;

namespace NaraVard.Persistence.Postgres;

/// <summary>The append side: the writer, its batches and the one statement that checks versions and inserts.</summary>
public sealed partial class PostgresEventStore
{
    /// <summary>
    /// One writer on one connection takes every append waiting as a batch. (Two writers side by side, the next
    /// batch waiting for the append lock while the previous one commits, were measured slower on two cores:
    /// smaller batches cost more per event. docs/performance.md.)
    /// </summary>
    private async Task WriteLoopAsync()
    {
        NpgsqlConnection? connection = null;
        while (await _appends.NextBatchAsync() is { } batch)
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
    /// A batch in rounds, each stream at most once per round (a second append to one stream, two nodes racing,
    /// waits for the round after the first), each round one transaction in one round trip.
    /// </summary>
    private async Task CommitBatchAsync(NpgsqlConnection connection, IReadOnlyList<PendingAppend> batch)
    {
        var rounds = batch
            .Select((pending, index) => (pending, index))
            .GroupBy(p => p.pending.StreamId, StringComparer.Ordinal)
            .SelectMany(stream => stream.Select((p, round) => (Round: round, p.pending, p.index)))
            .GroupBy(p => p.Round)
            .OrderBy(r => r.Key);
        foreach (var round in rounds)
        {
            await CommitRoundAsync(connection, [.. round.OrderBy(p => p.index).Select(p => p.pending)]);
        }
    }

    /// <summary>
    /// BEGIN, the append lock, one statement that checks every append's expected version against its stream's
    /// current one and inserts the events of those that match, the notification and COMMIT: sent together, so a
    /// round costs one round trip and one fsync. An append whose version does not match gets the stream's
    /// current version in its conflict; nothing of it is written.
    /// </summary>
    private async Task CommitRoundAsync(NpgsqlConnection connection, IReadOnlyList<PendingAppend> round)
    {
        var (streams, expected, index, types, data) = (new List<string>(), new List<long>(), new List<int>(), new List<string>(), new List<string>());
        foreach (var p in round)
        {
            for (var e = 0; e < p.Events.Count; e++)
            {
                streams.Add(p.StreamId);
                expected.Add(p.ExpectedVersion);
                index.Add(e + 1);
                types.Add(p.Events[e].Type);
                data.Add(p.Events[e].Data);
            }
        }

        var oneTrip = BeforeCommit is null;
        await using var command = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("BEGIN"),
                new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({AppendLock})"),
                new NpgsqlBatchCommand(AppendSql)
                {
                    Parameters =
                    {
                        new() { Value = streams.ToArray() },
                        new() { Value = expected.ToArray() },
                        new() { Value = index.ToArray() },
                        new() { Value = types.ToArray() },
                        new() { Value = data.ToArray() },
                        new() { Value = _time.GetUtcNow() },
                    },
                },
                new NpgsqlBatchCommand($"SELECT pg_notify('{Channel}', (SELECT max(position) FROM events)::text)"),
            },
        };
        if (oneTrip)
        {
            command.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        }

        var positions = new Dictionary<(string, long), long>();
        var current = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(_stopping.Token))
        {
            await reader.NextResultAsync(_stopping.Token); // the lock's row
            while (await reader.ReadAsync(_stopping.Token))
            {
                var (stream, version, position) = (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
                if (position < 0)
                {
                    current[stream] = version;
                }
                else
                {
                    positions[(stream, version)] = position;
                }
            }
        }

        if (!oneTrip)
        {
            // Tests hold or roll back the transaction here, after the inserts drew their positions.
            await BeforeCommit!(_stopping.Token);
            await using var commit = new NpgsqlCommand("COMMIT", connection);
            await commit.ExecuteNonQueryAsync(_stopping.Token);
        }

        var outcomes = new (AppendResult? Result, Exception? Error)[round.Count];
        long head = 0;
        for (var i = 0; i < round.Count; i++)
        {
            var p = round[i];
            var was = current.GetValueOrDefault(p.StreamId);
            if (p.Conflict(was) is { } conflict)
            {
                outcomes[i] = (null, conflict);
                continue;
            }

            var last = was + p.Events.Count;
            var position = positions[(p.StreamId, last)];
            outcomes[i] = (new AppendResult(last, position), null);
            head = Math.Max(head, position);
        }

        GroupCommitQueue.Settle(round, outcomes);
        if (head > 0)
        {
            _signal.Signal(head);
        }
    }

    // Versions are checked and given in the statement itself; WITH ORDINALITY and ORDER BY hand out positions in
    // the order the rows were given (a stream's events in order). Every CTE sees the table as it was before the
    // insert, so "current" answers the conflicts. RETURNING's row order is not promised: rows are matched by key.
    // "current" reads each stream's last version as one step down the (stream_id, version) index: max() with
    // GROUP BY over ANY($1) read every row of the stream, an append costing more the longer its stream
    // (4.6 ms against 0.5 ms at 10,000 events, docs/performance.md).
    private const string AppendSql = """
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::text[], $5::text[]) WITH ORDINALITY AS e(stream, expected, k, type, data, n)
        ),
        current AS (
            SELECT s.stream_id, last.version
            FROM (SELECT DISTINCT unnest($1::text[]) AS stream_id) s
            CROSS JOIN LATERAL (SELECT version FROM events WHERE events.stream_id = s.stream_id ORDER BY version DESC LIMIT 1) last
        ),
        inserted AS (
            INSERT INTO events (stream_id, version, type, data, recorded_at)
            SELECT i.stream, COALESCE(c.version, 0) + i.k, i.type, i.data, $6
            FROM input i LEFT JOIN current c ON c.stream_id = i.stream
            WHERE i.expected = -1 OR i.expected = COALESCE(c.version, 0)
            ORDER BY i.n
            RETURNING stream_id, version, position
        )
        SELECT stream_id, version, position FROM inserted
        UNION ALL
        SELECT stream_id, version, -1 FROM current
        """;
}
