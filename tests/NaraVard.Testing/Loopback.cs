using System.Net;
using System.Net.Sockets;

namespace NaraVard.Testing;

public static class Loopback
{
    // Below Linux's ephemeral range (32768–60999 by default): a port there is never taken by the source port of
    // an outgoing connection, so a server killed and restarted on its port finds it still free.
    private const int First = 20_000;
    private const int Last = 32_000;
    private static readonly HashSet<int> HandedOut = [];
    private static int _next = First + Random.Shared.Next(Last - First);

    /// <summary>
    /// A TCP port on 127.0.0.1 that is free now and not handed out before in this process: tests that restart a
    /// server on its port do not race each other or the operating system for it.
    /// </summary>
    public static int FreePort()
    {
        lock (HandedOut)
        {
            for (var tries = 0; tries < Last - First; tries++)
            {
                var port = _next;
                _next = _next >= Last ? First : _next + 1;
                if (HandedOut.Add(port) && IsFree(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"no free port on 127.0.0.1 between {First} and {Last}");
    }

    /// <summary>
    /// An HTTP handler whose connections come from another address of this machine (all of 127.0.0.0/8 is
    /// loopback): a bystander, or an attacker, that the server tells apart from 127.0.0.1.
    /// </summary>
    public static SocketsHttpHandler From(string address) => new()
    {
        ConnectCallback = async (context, cancel) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancel);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
