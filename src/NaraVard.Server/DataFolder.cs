namespace NaraVard.Server;

/// <summary>
/// The data folder holds the admin token, the dashboard's session keys and (embedded) the event log: only the
/// server's user may enter it. A folder made by hand or by an older version (0755) is closed at start too.
/// </summary>
internal static class DataFolder
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Secure(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, OwnerOnly);
        if (File.GetUnixFileMode(path) != OwnerOnly)
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }
}
