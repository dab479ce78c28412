namespace NaraVard.Persistence.Sqlite;

/// <summary>Versioned schema migrations, applied in order inside one transaction each; user_version records the last.</summary>
internal static class SqliteSchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE events (
            position    INTEGER PRIMARY KEY AUTOINCREMENT,
            stream_id   TEXT    NOT NULL,
            version     INTEGER NOT NULL,
            type        TEXT    NOT NULL,
            data        TEXT    NOT NULL,
            recorded_at INTEGER NOT NULL,
            UNIQUE (stream_id, version)
        );
        """,
    ];
}
