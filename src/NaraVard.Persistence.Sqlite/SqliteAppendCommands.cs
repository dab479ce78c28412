using Microsoft.Data.Sqlite;

namespace NaraVard.Persistence.Sqlite;

/// <summary>
/// The writer's two statements, prepared once on its connection and reused by every batch. (A command made per
/// append and never disposed stayed registered with the long-lived connection; removing one from that growing
/// list took a quarter of the server's CPU under load. docs/performance.md.)
/// </summary>
internal sealed class SqliteAppendCommands : IDisposable
{
    private readonly SqliteCommand _current;
    private readonly SqliteParameter _currentStream;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _stream;
    private readonly SqliteParameter _version;
    private readonly SqliteParameter _type;
    private readonly SqliteParameter _data;
    private readonly SqliteParameter _recordedAt;

    public SqliteAppendCommands(SqliteConnection connection)
    {
        _current = connection.CreateCommand();
        _current.CommandText = "SELECT COALESCE(MAX(version), 0) FROM events WHERE stream_id = $s;";
        _currentStream = _current.Parameters.Add("$s", SqliteType.Text);

        _insert = connection.CreateCommand();
        _insert.CommandText = "INSERT INTO events (stream_id, version, type, data, recorded_at) VALUES ($s, $v, $t, $d, $r) RETURNING position;";
        _stream = _insert.Parameters.Add("$s", SqliteType.Text);
        _version = _insert.Parameters.Add("$v", SqliteType.Integer);
        _type = _insert.Parameters.Add("$t", SqliteType.Text);
        _data = _insert.Parameters.Add("$d", SqliteType.Text);
        _recordedAt = _insert.Parameters.Add("$r", SqliteType.Integer);
    }

    /// <summary>Binds both statements to the batch's transaction (SQLite requires the connection's current one).</summary>
    public void Enlist(SqliteTransaction transaction)
    {
        _current.Transaction = transaction;
        _insert.Transaction = transaction;
    }

    /// <summary>The stream's last version, 0 when it has none.</summary>
    public async Task<long> CurrentVersionAsync(string streamId)
    {
        _currentStream.Value = streamId;
        return (long)(await _current.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    /// <summary>Inserts one event; its position in the log.</summary>
    public async Task<long> InsertAsync(string streamId, long version, EventData e, long recordedAtMs)
    {
        (_stream.Value, _version.Value, _type.Value, _data.Value, _recordedAt.Value) = (streamId, version, e.Type, e.Data, recordedAtMs);
        return (long)(await _insert.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    public void Dispose()
    {
        _current.Dispose();
        _insert.Dispose();
    }
}
