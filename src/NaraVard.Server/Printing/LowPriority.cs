using System.Runtime.InteropServices;

namespace NaraVard.Server.Printing;

/// <summary>
/// Starts a process tree below the server's priority. Chromium rendering a PDF takes a whole core for a second;
/// on a small node a viewer printing one PDF after another slowed every other user's reads six-fold (issue 31's
/// print flood, bench/run abuse). Started from a thread of its own under Linux's SCHED_IDLE policy, the driver
/// inherits it, and so does the Chromium it launches and every renderer Chromium forks: the scheduler then serves
/// the server's calls first and prints with what is left. (A raised nice value was not enough: Chromium sets its
/// processes' nice values itself, which SCHED_IDLE ignores.) The thread ends with the start, so no pool thread keeps it.
/// </summary>
internal static class LowPriority
{
    private const int SchedIdle = 5;

    public static Task<T> StartAsync<T>(Func<Task<T>> start)
    {
        var started = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                if (OperatingSystem.IsLinux())
                {
                    // Best effort: where it is refused, prints run at normal priority.
                    _ = SetScheduler(GetThreadId(), SchedIdle, new SchedParam());
                }

                started.SetResult(start().GetAwaiter().GetResult());
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "NaraVard printer start",
        };
        thread.Start();
        return started.Task;
    }

    [DllImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static extern int SetScheduler(int pid, int policy, in SchedParam parameters);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct SchedParam
    {
        public readonly int Priority;
    }
}
