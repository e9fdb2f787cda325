using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>
/// Sends the signals .NET cannot send by itself: SIGTERM (Process.Kill is SIGKILL, and a graceful
/// stop needs the catchable signal), and SIGSTOP/SIGCONT to freeze a process the way a suspended
/// laptop freezes, with its connections left open.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class PosixSignal
{
    // Same number on Linux and macOS.
    private const int SigTerm = 15;

    // Linux numbers (macOS uses 17 and 19; these tests run on Linux).
    private const int SigStop = 19;
    private const int SigCont = 18;

    // ESRCH: the process is already gone, which is what the caller wanted anyway.
    private const int NoSuchProcess = 3;

    /// <summary>Asks process <paramref name="processId"/> to terminate; a process already gone is fine.</summary>
    public static void Terminate(int processId) => Send(processId, SigTerm, "SIGTERM");

    /// <summary>Freezes process <paramref name="processId"/>: it runs no code, but its sockets stay open.</summary>
    public static void Freeze(int processId) => Send(processId, SigStop, "SIGSTOP");

    /// <summary>Lets a frozen process run again.</summary>
    public static void Thaw(int processId) => Send(processId, SigCont, "SIGCONT");

    private static void Send(int processId, int signal, string name)
    {
        if (Kill(processId, signal) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error != NoSuchProcess)
            {
                throw new Win32Exception(error, $"kill({processId}, {name}) failed");
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int processId, int signal);
}
