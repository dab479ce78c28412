using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Connections;

namespace NaraVard.Server.Quotas;

/// <summary>
/// At most so many open connections from one address, on every endpoint: one client holding thousands of idle
/// connections filled the server's connection limit, and every new gRPC client was UNAVAILABLE for as long as it
/// held them (issue 31). A connection over the limit is closed as soon as it is accepted, before a byte is read;
/// a connection that sends nothing is closed after the idle timeout. The addresses of the proxies in front (NaraVard:TrustedProxies), which carry every user's connections, are exempt.
/// </summary>
internal sealed class ConnectionsPerPeer(int limit, IReadOnlyList<IPNetwork> exempt, TimeSpan firstBytesWithin)
{
    private readonly ConcurrentDictionary<IPAddress, int> _open = new();

    public ConnectionDelegate Limit(ConnectionDelegate next) => async connection =>
    {
        var peer = connection.RemoteEndPoint is IPEndPoint { Address: var remote } ? (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote) : null;
        if (peer is null || exempt.Any(network => network.Contains(peer)))
        {
            if (await SpeaksWithinAsync(connection))
            {
                await next(connection);
            }

            return;
        }

        if (_open.AddOrUpdate(peer, 1, (_, open) => open + 1) > limit)
        {
            Release(peer);
            connection.Abort(new ConnectionAbortedException($"more than {limit} connections from {peer}"));
            return;
        }

        try
        {
            if (await SpeaksWithinAsync(connection))
            {
                await next(connection);
            }
        }
        finally
        {
            Release(peer);
        }
    };

    /// <summary>
    /// Whether the client sends its first bytes in time. Kestrel times out an idle HTTP/1.1 connection, and an HTTP/2
    /// one between calls, but not a connection that never sends the HTTP/2 preface: such a one would hold its place
    /// for ever. Nothing is consumed: the protocol reads the same bytes next.
    /// </summary>
    private async Task<bool> SpeaksWithinAsync(ConnectionContext connection)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(firstBytesWithin);
        try
        {
            var read = await connection.Transport.Input.ReadAsync(timeout.Token);
            connection.Transport.Input.AdvanceTo(read.Buffer.Start);
            return !read.Buffer.IsEmpty;
        }
        catch (OperationCanceledException)
        {
            connection.Abort(new ConnectionAbortedException($"nothing sent within {firstBytesWithin}"));
            return false;
        }
    }

    private void Release(IPAddress peer)
    {
        // Remove the address when its last connection closes, so the table holds only addresses connected now.
        if (_open.AddOrUpdate(peer, 0, (_, open) => open - 1) == 0)
        {
            _open.TryRemove(KeyValuePair.Create(peer, 0));
        }
    }
}
