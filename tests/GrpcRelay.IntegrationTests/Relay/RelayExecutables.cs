using GrpcRelay.IntegrationTests.Infrastructure;

namespace GrpcRelay.IntegrationTests.Relay;

/// <summary>Starts the real GrpcRelay programs, built beside the tests, as separate processes.</summary>
internal static class RelayExecutables
{
    /// <summary>Starts <c>grpcrelay-&lt;program&gt;</c> with <paramref name="arguments"/>.</summary>
    public static RunningProcess Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null,
        string? name = null)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, $"grpcrelay-{program}.dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"grpcrelay-{program}.dll is not beside the tests; build the solution first", assembly);
        }

        return RunningProcess.Start(Dotnet, [assembly, .. arguments], environment, name: name ?? program);
    }

    /// <summary>Runs a program to its end (for start-up failures), returning its exit code and output.</summary>
    public static Task<ProcessResult> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync(Dotnet, [Path.Combine(AppContext.BaseDirectory, $"grpcrelay-{program}.dll"), .. arguments], environment, timeout: timeout);

    /// <summary>The dotnet host running these tests, so the programs run on the same runtime.</summary>
    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
        ? host
        : RequiredProgram.Find("dotnet");
}
