namespace NaraVard.Server;

/// <summary>Configuration section "NaraVard" (appsettings, environment NaraVard__X, or --NaraVard:X=...).</summary>
public sealed class NaraVardOptions
{
    public const string Section = "NaraVard";

    /// <summary>The roadmap definition file; the Östergötland roadmap shipped with the server by default.</summary>
    public string Roadmap { get; set; } = Path.Combine(AppContext.BaseDirectory, "roadmaps", "ostergotland-2030.json");

    /// <summary>Folder for the embedded SQLite store (and the first admin token).</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory();

    /// <summary>
    /// PostgreSQL connection string (Npgsql format). When set, events are stored in PostgreSQL and several
    /// nodes may share the database; when empty, the embedded SQLite file is used.
    /// </summary>
    public string Postgres { get; set; } = "";

    /// <summary>
    /// Start with a demo county (<c>--demo</c>): a believable Östergötland written on first start into a data
    /// folder of its own (the default folder's name + "-demo"), unless <see cref="DataDirectory"/> is given.
    /// </summary>
    public bool Demo { get; set; }

    /// <summary>Idle time after which a grain leaves memory.</summary>
    public TimeSpan GrainIdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The Orleans cluster this server joins. On PostgreSQL every server with the same id and database is one
    /// cluster (membership in the database); on the embedded default the server is a cluster of one.
    /// </summary>
    public string ClusterId { get; set; } = "naravard";

    /// <summary>
    /// True (the default): this server is a silo that holds grains and a gRPC gateway. False: a gRPC gateway
    /// only, joining the cluster as an Orleans client (PostgreSQL only), so gateways scale apart from silos.
    /// </summary>
    public bool Silo { get; set; } = true;

    /// <summary>
    /// The node's event feed (what watch streams read) saves a snapshot once caught up with at least this many
    /// log events folded since its last one, so a restart folds only the log after it.
    /// </summary>
    public int FeedSnapshotAfterEvents { get; set; } = 50_000;

    /// <summary>Port silos talk to each other on.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (gateway-only servers) connect to; 0 turns the silo's gateway off.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos reach this one at (PostgreSQL clustering); empty: this host's first IPv4 address.</summary>
    public string AdvertisedAddress { get; set; } = "";

    /// <summary>
    /// Where the web dashboard listens (HTTP/1.1 and HTTP/2, for browsers), beside the gRPC endpoints of
    /// <c>--urls</c>; empty turns it off. It must name a port of its own.
    /// </summary>
    public string Dashboard { get; set; } = "http://localhost:5080";

    /// <summary>
    /// Chromium for printing PDFs (the meeting pack, the road). Empty: the first of /usr/bin/chromium,
    /// chromium-browser, google-chrome found; without one, printing answers that Chromium is missing.
    /// </summary>
    public string Chromium { get; set; } = "";

    /// <summary>
    /// True when a TLS-terminating proxy (Envoy, nginx, an ingress) stands in front of the dashboard and says
    /// so with X-Forwarded-Proto: then session cookies are Secure and plain HTTP may listen beyond loopback.
    /// </summary>
    public bool DashboardBehindTlsProxy { get; set; }

    /// <summary>
    /// The dashboard's address. Session cookies must never cross a network in clear text, so plain HTTP is
    /// refused on anything but a loopback address unless a TLS proxy is declared.
    /// </summary>
    public Uri? DashboardUri
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Dashboard))
            {
                return null;
            }

            if (!Uri.TryCreate(Dashboard, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Port <= 0 || uri.IsDefaultPort && !Dashboard.Contains($":{uri.Port}", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"NaraVard:Dashboard must be an http or https address with a port, not '{Dashboard}'.");
            }

            if (DashboardBehindTlsProxy && TrustedProxies.Length == 0)
            {
                throw new InvalidOperationException("NaraVard:DashboardBehindTlsProxy needs NaraVard:TrustedProxies, the addresses of the proxies in front: X-Forwarded-Proto is believed from them only.");
            }

            return uri.Scheme == "http" && !uri.IsLoopback && !DashboardBehindTlsProxy
                ? throw new InvalidOperationException($"NaraVard:Dashboard {Dashboard} would send session cookies in clear text: use https, a loopback address, or set NaraVard:DashboardBehindTlsProxy=true behind a TLS proxy.")
                : uri;
        }
    }

    /// <summary>Watch streams one identity may hold open at once.</summary>
    public int WatchStreamsPerIdentity { get; set; } = 100;

    /// <summary>Logs the wall-clock marks of every unary call through gateway, grain and store (bench/run trace); off in production.</summary>
    public bool TraceWrites { get; set; }

    /// <summary>Changes one identity may make per second, on average.</summary>
    public int WritesPerSecondPerIdentity { get; set; } = 200;

    /// <summary>Changes one identity may make in a burst (bulk work such as loading an action plan).</summary>
    public int WriteBurstPerIdentity { get; set; } = 5_000;

    /// <summary>Open connections the server accepts at once (Kestrel's MaxConcurrentConnections); more wait in the accept queue.</summary>
    public long MaxConnections { get; set; } = 10_000;

    /// <summary>Open connections from one address at once; more are closed when accepted. The trusted proxies are exempt.</summary>
    public int ConnectionsPerPeer { get; set; } = 500;

    /// <summary>How long a connection with no call (HTTP/2) or request (HTTP/1.1) in progress stays open (Kestrel's KeepAliveTimeout).</summary>
    public TimeSpan IdleConnectionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Addresses (or networks, 10.0.0.0/8) of the reverse proxies in front of the server: only they may say, in
    /// X-Forwarded-For and X-Forwarded-Proto, who the client is and whether it came over https; their connections
    /// are not limited per peer.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>Concurrent streams (calls) on one HTTP/2 connection; a client opens another connection for more.</summary>
    public int StreamsPerConnection { get; set; } = 100;

    /// <summary>Calls without a token (health, reflection, or none given) one connection may have open at once.</summary>
    public int AnonymousCallsPerConnection { get; set; } = 8;

    /// <summary>Calls without a token one connection may start per second.</summary>
    public int AnonymousCallsPerSecondPerConnection { get; set; } = 50;

    /// <summary>Calls without a token open at once over all connections (a health watch holds one).</summary>
    public int AnonymousCallsInTotal { get; set; } = 1_000;

    /// <summary>Reads (unary calls that change nothing) one identity may make per second, on average.</summary>
    public int ReadsPerSecondPerIdentity { get; set; } = 500;

    /// <summary>Reads one identity may make in a burst (a script or export walking many initiatives).</summary>
    public int ReadBurstPerIdentity { get; set; } = 2_000;

    /// <summary>Calls on files (ImportPlan, Export, GetPlanTemplate, PrintPdf) one identity may have running at once.</summary>
    public int FileCallsPerIdentity { get; set; } = 2;

    /// <summary>Calls on files one identity may start per second (bursts of four seconds' worth).</summary>
    public int FileCallsPerSecondPerIdentity { get; set; } = 5;

    /// <summary>Calls on files running at once over all identities.</summary>
    public int FileCallsInTotal { get; set; } = 8;

    /// <summary>Largest gRPC message accepted or sent, in bytes (4 MiB as in other gRPC servers).</summary>
    public int MaxMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>A PKCS#12 file whose certificate encrypts the dashboard's session keys at rest (every node of a cluster gets the same one).</summary>
    public string DashboardKeyCertificate { get; set; } = "";

    /// <summary>The password of <see cref="DashboardKeyCertificate"/>, if it has one.</summary>
    public string? DashboardKeyCertificatePassword { get; set; }

    /// <summary><see cref="TrustedProxies"/> as networks (an address alone is a network of one); a value that is neither stops the start.</summary>
    public IReadOnlyList<System.Net.IPNetwork> TrustedProxyNetworks =>
        [.. TrustedProxies.Select(proxy =>
            System.Net.IPNetwork.TryParse(proxy, out var network) ? network
            : System.Net.IPAddress.TryParse(proxy, out var address) ? new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            : throw new InvalidOperationException($"NaraVard:TrustedProxies: '{proxy}' is neither an IP address nor a network such as 10.0.0.0/8."))];

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(Postgres);

    /// <summary>
    /// The connection string to use: with the password read from the file named by
    /// NARAVARD_POSTGRES_PASSWORD_FILE (Docker and Kubernetes secrets) when the string itself has none.
    /// </summary>
    public string PostgresConnectionString
    {
        get
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(Postgres);
            if (string.IsNullOrEmpty(builder.Password) && Environment.GetEnvironmentVariable("NARAVARD_POSTGRES_PASSWORD_FILE") is { Length: > 0 } file)
            {
                builder.Password = File.ReadAllText(file).Trim();
            }

            return builder.ConnectionString;
        }
    }

    /// <summary>Where events are kept, for logs: never the connection string (it may hold a password).</summary>
    public string StoreDescription
    {
        get
        {
            if (!UsesPostgres)
            {
                return SqlitePath;
            }

            var connection = new Npgsql.NpgsqlConnectionStringBuilder(Postgres);
            return $"PostgreSQL {connection.Host}:{connection.Port}/{connection.Database}";
        }
    }

    public string SqlitePath => Path.Combine(DataDirectory, "naravard.db");

    /// <summary>NARAVARD_DATA_DIR (shared with the CLI), else $XDG_DATA_HOME/naravard or the platform's local data folder.</summary>
    internal static string DefaultDataDirectory()
    {
        if (Environment.GetEnvironmentVariable("NARAVARD_DATA_DIR") is { Length: > 0 } given)
        {
            return given;
        }

        var root = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        return Path.Combine(root, "naravard");
    }
}
