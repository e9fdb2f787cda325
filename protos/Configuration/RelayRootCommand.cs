using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace GrpcRelay.Protocol.Configuration;

/// <summary>
/// The root command of one program: <c>--config</c> plus a flag for every setting in
/// <see cref="SettingDefinitions"/> the program uses, and a <c>--help</c> that also lists every
/// setting's YAML key and environment variable.
/// </summary>
internal sealed class RelayRootCommand
{
    private readonly RelayPrograms _program;
    private readonly List<(SettingDefinition Setting, Option Option)> _settingOptions = [];

    public RelayRootCommand(RelayPrograms program, string description, IEnumerable<Command>? subcommands)
    {
        _program = program;
        var programName = RelayProgramNames.Of(program);
        Command = new Command(programName, description);

        var help = new HelpOption { Recursive = true };
        help.Action = new SettingsHelpAction(this, help.Action ?? new HelpAction());
        Command.Options.Add(help);
        Command.Options.Add(new VersionOption());

        ConfigOption = new Option<string>("--config")
        {
            Description = $"YAML configuration file; default: {programName}.yaml, else "
                + $"{RelayProgramNames.OriginalNameOf(program)}.yaml, in the current folder.",
            HelpName = "file",
        };
        Command.Options.Add(ConfigOption);

        foreach (var setting in SettingDefinitions.For(program).Where(setting => setting.Flag is not null))
        {
            Option option = setting.Kind == SettingKind.List
                ? new Option<string[]>(setting.Flag!) { AllowMultipleArgumentsPerToken = false }
                : new Option<string>(setting.Flag!)
                {
                    // A bare boolean flag means true.
                    Arity = setting.Kind == SettingKind.Boolean ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
                };
            option.Description = $"{setting.Description} [env: {setting.EnvironmentVariable}]"
                + (setting.DefaultText is null ? "" : $" [default: {setting.DefaultText}]");
            option.HelpName = setting.HelpName;
            Command.Options.Add(option);
            _settingOptions.Add((setting, option));
        }

        foreach (var subcommand in subcommands ?? [])
        {
            Command.Subcommands.Add(subcommand);
        }

        LongFlags = Command.Options.SelectMany(option => option.Aliases.Prepend(option.Name))
            .Where(alias => alias.StartsWith("--", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        FlagsTakingValue = _settingOptions
            .Where(entry => entry.Setting.Kind != SettingKind.Boolean)
            .Select(entry => entry.Option.Name)
            .Append(ConfigOption.Name)
            .ToHashSet(StringComparer.Ordinal);
    }

    public Command Command { get; }

    public Option<string> ConfigOption { get; }

    /// <summary>Every <c>--name</c> the root command knows, for <see cref="GoStyleFlags"/>.</summary>
    public IReadOnlySet<string> LongFlags { get; }

    /// <summary>The flags whose next argument is always their value, for <see cref="GoStyleFlags"/>.</summary>
    public IReadOnlySet<string> FlagsTakingValue { get; }

    /// <summary>The setting values given as flags, in the form the loader takes.</summary>
    public IEnumerable<SettingInput> ReadFlags(ParseResult parseResult)
    {
        foreach (var (setting, option) in _settingOptions)
        {
            if (parseResult.GetResult(option) is not { Implicit: false } result)
            {
                continue;
            }

            var origin = $"flag {setting.Flag}";
            var values = result.Tokens.Select(token => token.Value).ToList();
            yield return setting.Kind switch
            {
                SettingKind.List => new SettingInput(setting, origin, null, [.. values.SelectMany(SettingValues.SplitList)]),
                SettingKind.Boolean when values.Count == 0 => new SettingInput(setting, origin, "true", null),
                _ => new SettingInput(setting, origin, values.Count == 0 ? null : values[^1], null),
            };
        }
    }

    /// <summary>Writes the help of <paramref name="command"/> (a subcommand, or this root) to <paramref name="writer"/>.</summary>
    public void WriteUsage(Command command, TextWriter writer)
    {
        var path = new List<string> { "--help" };
        for (var current = command; current != Command && current.Parents.FirstOrDefault() is Command parent; current = parent)
        {
            path.Insert(0, current.Name);
        }

        Command.Parse(path).Invoke(new InvocationConfiguration { Output = writer, Error = writer });
    }

    /// <summary>The flag of the setting closest to a mistyped flag, if the program has it.</summary>
    public string? SuggestFlag(string unknownFlag) =>
        KeySuggestions.Closest(unknownFlag.TrimStart('-')) is { } key
        && SettingDefinitions.Get(key) is { Flag: { } flag } setting
        && setting.IsUsedBy(_program)
            ? flag
            : null;

    private void WriteSettingsTable(TextWriter writer)
    {
        var rows = SettingDefinitions.For(_program)
            .Select(setting => (setting.Key, Env: setting.EnvironmentVariable ?? "", Flag: setting.Flag ?? ""))
            .Prepend((Key: "YAML key", Env: "Environment variable", Flag: "Flag"))
            .ToList();
        var keyWidth = rows.Max(row => row.Key.Length) + 2;
        var envWidth = rows.Max(row => row.Env.Length) + 2;

        writer.WriteLine("Settings:");
        writer.WriteLine("  Each setting can be given in the YAML file, in the environment or as a flag;");
        writer.WriteLine("  flags win over the environment, and the environment over the file.");
        writer.WriteLine();
        foreach (var (key, env, flag) in rows)
        {
            writer.WriteLine($"  {key.PadRight(keyWidth)}{env.PadRight(envWidth)}{flag}".TrimEnd());
        }

        writer.WriteLine();
    }

    /// <summary>The standard help, followed (for the root command) by the table of settings.</summary>
    private sealed class SettingsHelpAction(RelayRootCommand root, CommandLineAction standardHelp) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = standardHelp is SynchronousCommandLineAction synchronous ? synchronous.Invoke(parseResult) : 0;
            if (parseResult.CommandResult.Command == root.Command)
            {
                root.WriteSettingsTable(parseResult.InvocationConfiguration.Output);
            }

            return exitCode;
        }
    }
}
