namespace GrpcRelay.Protocol.Configuration;

/// <summary>Decides which YAML file, if any, a program reads.</summary>
internal static class ConfigurationFileLocator
{
    /// <summary>
    /// The full path of the file to read: <paramref name="configPath"/> when given (it must exist),
    /// else <c>&lt;program&gt;.yaml</c> in <paramref name="workingDirectory"/>, else the original
    /// system's <c>&lt;original program&gt;.yaml</c> there, else null.
    /// </summary>
    /// <exception cref="ConfigurationException">The file named by <c>--config</c> does not exist or is a folder.</exception>
    public static string? Locate(RelayPrograms program, string? configPath, string workingDirectory)
    {
        if (configPath is not null)
        {
            return LocateGiven(configPath, workingDirectory);
        }

        foreach (var name in (string[])[RelayProgramNames.Of(program), RelayProgramNames.OriginalNameOf(program)])
        {
            var candidate = Path.Combine(workingDirectory, name + ".yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string LocateGiven(string configPath, string workingDirectory)
    {
        string fullPath;
        try
        {
            fullPath = configPath.Length == 0 ? "" : Path.GetFullPath(configPath, workingDirectory);
        }
        catch (ArgumentException)
        {
            fullPath = "";
        }

        if (fullPath.Length == 0)
        {
            throw new ConfigurationException(
                ConfigurationErrorKind.FileNotFound,
                $"flag --config: {ConfigurationErrors.Quote(configPath)} is not a valid file path");
        }

        if (Directory.Exists(fullPath))
        {
            throw new ConfigurationException(
                ConfigurationErrorKind.FileNotFound, $"flag --config: {fullPath} is a folder, not a YAML file");
        }

        if (!File.Exists(fullPath))
        {
            throw new ConfigurationException(
                ConfigurationErrorKind.FileNotFound, $"flag --config: configuration file {fullPath} does not exist");
        }

        return fullPath;
    }
}
