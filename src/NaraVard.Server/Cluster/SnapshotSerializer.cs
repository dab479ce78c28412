using System.Text.Json;
using Orleans.Storage;

namespace NaraVard.Server.Cluster;

/// <summary>
/// Grain state as System.Text.Json, the format of NaraVard's events, in both stores: the county's snapshot holds
/// domain records that are already JSON documents, and stays readable with psql or sqlite3.
/// </summary>
public sealed class SnapshotSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input));

    public T Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span)!;
}
