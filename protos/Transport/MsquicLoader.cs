using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace GrpcRelay.Protocol.Transport;

/// <summary>
/// Loads libmsquic from an explicit file, for distributions that do not package it.
/// .NET only searches the system library path, never the application folder, and only
/// AssemblyLoadContext's resolving event is consulted for it, so this must run before
/// anything touches QUIC.
/// </summary>
public static class MsquicLoader
{
    /// <summary>Makes <paramref name="path"/> the libmsquic this process uses, or throws a clear error.</summary>
    /// <exception cref="InvalidOperationException">The file is missing or is not a loadable libmsquic.</exception>
    public static void Use(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"msquic_path: '{path}' does not exist. Point msquic_path (MSQUIC_PATH) at libmsquic.so.2, or remove the setting.");
        }

        if (!NativeLibrary.TryLoad(path, out var handle))
        {
            throw new InvalidOperationException($"msquic_path: '{path}' could not be loaded as a native library (wrong architecture, missing dependencies, or not libmsquic).");
        }

        if (!NativeLibrary.TryGetExport(handle, "MsQuicOpenVersion", out _))
        {
            throw new InvalidOperationException($"msquic_path: '{path}' loaded but is not libmsquic (it has no MsQuicOpenVersion export).");
        }

        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (Assembly _, string name) =>
            name.StartsWith("libmsquic", StringComparison.Ordinal) ? handle : IntPtr.Zero;
    }
}
