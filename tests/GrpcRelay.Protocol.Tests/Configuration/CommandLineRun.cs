using System.CommandLine;
using GrpcRelay.Protocol.Configuration;

namespace GrpcRelay.Protocol.Tests.Configuration;

/// <summary>One call of <see cref="RelayCommandLine.RunAsync"/>, with everything it printed and the settings it ran with.</summary>
internal sealed record CommandLineRun(int ExitCode, RelaySettings? Settings, string Stdout, string Stderr)
{
    /// <summary>The YAML lines that make each program's required settings complete.</summary>
    public static IReadOnlyDictionary<string, string> RequiredYaml(string programName) =>
        programName == RelayProgramNames.Server
            ? new Dictionary<string, string>
            {
                ["platform_url"] = "0.0.0.0:4242",
                ["cert_path"] = "server.crt",
                ["key_path"] = "server.key",
                ["client_ca_path"] = "clients-ca.crt",
            }
            : new Dictionary<string, string>
            {
                ["uuid"] = "file-uuid",
                ["token"] = "file-token",
                ["platform_url"] = "relay.example:4242",
                ["cert_path"] = "server.crt",
                ["client_cert_path"] = "client.crt",
                ["client_key_path"] = "client.key",
            };

    /// <summary>The required settings of <paramref name="programName"/>, with <paramref name="lines"/> added or replacing them, as YAML text.</summary>
    public static string CompleteYaml(string programName, params (string Key, string Value)[] lines)
    {
        var entries = new Dictionary<string, string>(RequiredYaml(programName));
        foreach (var (key, value) in lines)
        {
            entries[key] = value;
        }

        return string.Concat(entries.Select(entry => $"{entry.Key}: {entry.Value}\n"));
    }

    public static async Task<CommandLineRun> StartAsync(
        string programName,
        string[] args,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        IEnumerable<Command>? subcommands = null)
    {
        using var emptyFolder = workingDirectory is null ? new TempDirectory() : null;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        RelaySettings? received = null;
        var exitCode = await RelayCommandLine.RunAsync(
            programName,
            "test program",
            args,
            environment ?? new Dictionary<string, string>(),
            (settings, _) =>
            {
                received = settings;
                return Task.FromResult(0);
            },
            stdout,
            stderr,
            subcommands,
            workingDirectory ?? emptyFolder!.Path,
            TestContext.Current.CancellationToken);
        return new CommandLineRun(exitCode, received, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs with a complete file for the program in a new folder, plus the given arguments and environment.</summary>
    public static async Task<CommandLineRun> StartWithFileAsync(
        string programName,
        string yaml,
        string[] args,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var folder = new TempDirectory();
        folder.Write(programName + ".yaml", yaml);
        return await StartAsync(programName, args, environment, folder.Path);
    }
}
