namespace NaraVard.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster from the machine's binaries: initdb into a temp folder, pg_ctl on a free
/// loopback port, removed on dispose. As root (CI), the cluster runs as the postgres system user, since
/// initdb refuses root. A missing PostgreSQL fails the test with the way to install it; it never skips.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly bool _asPostgresUser;

    private PostgresServer(string bin, string folder, int port, bool asPostgresUser)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_folder, "data");

    /// <summary>A client program of the same PostgreSQL installation (pgbench, psql).</summary>
    public string Tool(string name) => Path.Combine(_bin, name);

    /// <summary>Connection string for a database on this cluster (postgres, trust authentication on loopback).</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=5;Command Timeout=30";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries();
        var asPostgresUser = Environment.UserName == "root";
        var folder = Directory.CreateTempSubdirectory("naravard-pg-").FullName;
        if (asPostgresUser && !OperatingSystem.IsWindows())
        {
            // The postgres user must be able to write the cluster and its socket into the folder.
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        }

        var server = new PostgresServer(bin, folder, Loopback.FreePort(), asPostgresUser);
        await server.RunAsync("initdb", "-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        await server.StartClusterAsync();
        return server;
    }

    /// <summary>Starts (or restarts) the cluster.</summary>
    public Task StartClusterAsync() =>
        RunAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections=200", "start");

    /// <summary>Stops the cluster at once, as a crash or an outage would.</summary>
    public Task StopClusterAsync() => RunAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");

    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"naravard_{Guid.NewGuid():N}"[..24];
        await RunAsync("psql", "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-c", $"CREATE DATABASE {name}");
        return ConnectionString(name);
    }

    public async Task<string> PsqlAsync(string database, string sql) =>
        await RunAsync("psql", "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", database, "-At", "-c", sql);

    private async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var path = Path.Combine(_bin, tool);
        var (file, args) = _asPostgresUser ? ("runuser", (string[])["-u", "postgres", "--", path, .. arguments]) : (path, arguments);
        var (code, output) = await ExternalTool.RunAsync(file, args, _folder, timeout: TimeSpan.FromMinutes(2));
        return code == 0 ? output : throw new InvalidOperationException($"{tool} failed ({code}):\n{output}");
    }

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException("PostgreSQL is required for this test and is missing; install it with: apt-get install -y postgresql (.ci/run does).");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopClusterAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
