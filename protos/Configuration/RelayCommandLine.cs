using System.Collections;
using System.CommandLine;
using System.CommandLine.Invocation;

namespace GrpcRelay.Protocol.Configuration;

/// <summary>
/// The <c>Main</c> of the three programs: parses the command line, merges the YAML file, the
/// environment and the flags into <see cref="RelaySettings"/>, checks them, and runs the program.
/// </summary>
/// <example>
/// <code>
/// return await RelayCommandLine.RunAsync(
///     RelayProgramNames.Forwarder, "Offers the local ssh-agent to the relay.", args,
///     RelayCommandLine.ProcessEnvironment(), (settings, cancellationToken) => RunAsync(settings, cancellationToken),
///     Console.Out, Console.Error);
/// </code>
/// </example>
public static class RelayCommandLine
{
    /// <summary>The exit code of every configuration error, as the original system used.</summary>
    public const int ConfigurationErrorExitCode = 2;

    // Response files would turn a value such as "@secret" into a file read; no short options need bundling.
    private static readonly ParserConfiguration s_parserConfiguration = new()
    {
        ResponseFileTokenReplacer = null,
        EnablePosixBundling = false,
    };

    /// <summary>
    /// Runs one program. <c>--help</c> and <c>--version</c> print and return 0. A configuration
    /// error (bad flag, bad or missing file, bad value, missing required setting) prints to
    /// <paramref name="stderr"/> and returns <see cref="ConfigurationErrorExitCode"/>; a missing
    /// setting or a bad command line also prints the usage. Otherwise returns what
    /// <paramref name="run"/> returns; an exception from it is printed and gives exit code 1.
    /// </summary>
    /// <param name="programName">One of <see cref="RelayProgramNames"/>; chooses the flags, the default file and the required settings.</param>
    /// <param name="description">One line on what the program does, for <c>--help</c>.</param>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="environment">The environment variables; <see cref="ProcessEnvironment"/> gives the real ones.</param>
    /// <param name="run">The program itself, given the merged settings and a token that fires on Ctrl-C or SIGTERM.</param>
    /// <param name="stdout">Where help and version go.</param>
    /// <param name="stderr">Where errors and, with them, the usage go.</param>
    /// <param name="subcommands">Extra commands (such as the server's <c>bundle</c>); they run their own actions instead of <paramref name="run"/>.</param>
    /// <param name="workingDirectory">Where the default configuration file is looked for and a relative <c>--config</c> starts; default: the current directory.</param>
    /// <param name="cancellationToken">Also stops the program (for hosting it in tests).</param>
    public static async Task<int> RunAsync(
        string programName,
        string description,
        string[] args,
        IReadOnlyDictionary<string, string> environment,
        Func<RelaySettings, CancellationToken, Task<int>> run,
        TextWriter stdout,
        TextWriter stderr,
        IEnumerable<Command>? subcommands = null,
        string? workingDirectory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        var program = RelayProgramNames.ToProgram(programName);
        var root = new RelayRootCommand(program, description, subcommands);
        var directory = workingDirectory ?? Environment.CurrentDirectory;
        root.Command.SetAction(async (parseResult, token) =>
        {
            RelaySettings settings;
            try
            {
                settings = RelaySettingsLoader.Load(
                    program, parseResult.GetValue(root.ConfigOption), directory, environment, root.ReadFlags(parseResult));
                RelaySettingsValidator.Validate(program, settings);
            }
            catch (ConfigurationException e)
            {
                if (e.Kind == ConfigurationErrorKind.MissingSetting)
                {
                    root.WriteUsage(root.Command, stderr);
                }

                await stderr.WriteLineAsync(e.Message).ConfigureAwait(false);
                return ConfigurationErrorExitCode;
            }

            foreach (var warning in settings.Warnings)
            {
                await stderr.WriteLineAsync($"{programName}: warning: {warning}").ConfigureAwait(false);
            }

            return await run(settings, token).ConfigureAwait(false);
        });

        var parseResult = root.Command.Parse(GoStyleFlags.Normalize(args, root.LongFlags, root.FlagsTakingValue), s_parserConfiguration);
        if (parseResult.Action is ParseErrorAction)
        {
            root.WriteUsage(parseResult.CommandResult.Command, stderr);
            foreach (var error in parseResult.Errors)
            {
                await stderr.WriteLineAsync(error.Message).ConfigureAwait(false);
            }

            foreach (var unknown in parseResult.UnmatchedTokens)
            {
                if (root.SuggestFlag(unknown) is { } flag)
                {
                    await stderr.WriteLineAsync($"'{unknown}': did you mean {flag}?").ConfigureAwait(false);
                }
            }

            return ConfigurationErrorExitCode;
        }

        return await parseResult
            .InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The process's environment variables, compared as the operating system compares them.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var result = new Dictionary<string, string>(
            OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                result[name] = value;
            }
        }

        return result;
    }
}
