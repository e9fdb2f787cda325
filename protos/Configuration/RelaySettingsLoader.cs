namespace GrpcRelay.Protocol.Configuration;

/// <summary>
/// Merges the YAML file, the environment and the command line into one <see cref="RelaySettings"/>,
/// in that order of precedence (lowest first), as the original system does.
/// </summary>
internal static class RelaySettingsLoader
{
    /// <summary>Reads and merges every source; does not check that required settings are present.</summary>
    /// <param name="program">The program whose settings are read: environment variables of settings it does not use are ignored.</param>
    /// <param name="configPath">The value of <c>--config</c>, or null to look for the default file.</param>
    /// <param name="workingDirectory">Where the default file is looked for and relative paths start.</param>
    /// <param name="environment">The environment variables.</param>
    /// <param name="flags">The values of the flags given on the command line.</param>
    /// <exception cref="ConfigurationException">Any source holds something that is not valid.</exception>
    public static RelaySettings Load(
        RelayPrograms program,
        string? configPath,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        IEnumerable<SettingInput> flags)
    {
        var settings = new RelaySettings();
        var file = ConfigurationFileLocator.Locate(program, configPath, Path.GetFullPath(workingDirectory));
        if (file is not null)
        {
            var inputs = YamlSettingsFile.Read(file);
            Apply(settings, inputs);
            settings.SourceFile = file;
            if (inputs.Any(input => input.Setting.IsSecret) && SecretFiles.IsReadableByOthers(file))
            {
                settings.Warnings.Add(
                    $"{file} holds a secret (token or redis_pass) and other users can read it; run: chmod 600 {file}");
            }
        }

        Apply(settings, FromEnvironment(program, environment));
        Apply(settings, flags);
        return settings;
    }

    /// <summary>
    /// The environment variables of the settings <paramref name="program"/> uses. An empty variable
    /// counts as unset, as in the original (<c>REDIS_PASSWORD=</c> does not clear a file's password).
    /// </summary>
    public static IEnumerable<SettingInput> FromEnvironment(RelayPrograms program, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var setting in SettingDefinitions.For(program))
        {
            if (setting.EnvironmentVariable is { } name
                && environment.TryGetValue(name, out var value)
                && !string.IsNullOrEmpty(value))
            {
                yield return new SettingInput(setting, $"environment variable {name}", value, null);
            }
        }
    }

    /// <summary>Checks each value and stores it; a later value for a setting replaces an earlier one.</summary>
    public static void Apply(RelaySettings settings, IEnumerable<SettingInput> inputs)
    {
        foreach (var input in inputs)
        {
            var setting = input.Setting;
            if (setting.Kind == SettingKind.List)
            {
                setting.Assign(settings, input.Items is { } items
                    ? SettingValues.CleanList(items)
                    : SettingValues.SplitList(input.Text ?? ""));
            }
            else if (input.Text is { Length: > 0 } text)
            {
                setting.Assign(settings, setting.TryParse(text, out var value)
                    ? value!
                    : throw ConfigurationErrors.InvalidValue(input.Origin, setting, text));
            }
        }
    }
}
