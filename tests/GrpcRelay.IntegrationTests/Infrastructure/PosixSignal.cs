using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>
/// Sends SIGTERM, which .NET cannot send by itself: Process.Kill is SIGKILL, and a graceful stop
/// (ssh-agent removing its socket, our programs draining their streams) needs the catchable signal.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class PosixSignal
{
    // Same number on Linux and macOS.
    private const int SigTerm = 15;

    // ESRCH: the process is already gone, which is what the caller wanted anyway.
    private const int NoSuchProcess = 3;

    /// <summary>Asks process <paramref name="processId"/> to terminate; a process already gone is fine.</summary>
    public static void Terminate(int processId)
    {
        if (Kill(processId, SigTerm) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error != NoSuchProcess)
            {
                throw new Win32Exception(error, $"kill({processId}, SIGTERM) failed");
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int processId, int signal);
}
