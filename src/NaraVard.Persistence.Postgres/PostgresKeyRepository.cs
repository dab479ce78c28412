using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace NaraVard.Persistence.Postgres;

/// <summary>
/// The dashboard's data-protection keys in PostgreSQL beside the events: every node of a cluster reads the same
/// key ring, so a cookie or antiforgery token made on one node is read on every other, and a key one node adds
/// (ASP.NET Core makes the next key two days before it is used) is seen by all before it is used. Keys are written
/// once and never changed; what protects them at rest is the key manager's encryptor (a certificate), configured
/// by the host.
/// </summary>
public sealed class PostgresKeyRepository(string connectionString) : IXmlRepository
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "naravard-keys" });

    /// <summary>Every node's keys; read when a node builds its key ring (at first use, then about once a day).</summary>
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = _dataSource.CreateCommand("SELECT xml FROM dashboard_keys ORDER BY stored_at, name");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = _dataSource.CreateCommand("INSERT INTO dashboard_keys (name, xml) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING");
        command.Parameters.Add(new() { Value = friendlyName });
        command.Parameters.Add(new() { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Runs <paramref name="makeFirstKey"/> under a cluster-wide lock, so that nodes starting together on an empty
    /// table agree on one first key instead of each making its own (a first key is used at once, with no time for
    /// the others to read it).
    /// </summary>
    public async Task WithKeyLockAsync(Action makeFirstKey, CancellationToken cancellationToken)
    {
        const long KeyLock = 0x4E617261_5661_02;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({KeyLock})", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            makeFirstKey();
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({KeyLock})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
