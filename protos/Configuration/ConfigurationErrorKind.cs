namespace GrpcRelay.Protocol.Configuration;

/// <summary>What went wrong with the configuration.</summary>
public enum ConfigurationErrorKind
{
    /// <summary>The YAML file is not valid YAML, or not a mapping of keys to values.</summary>
    MalformedFile,

    /// <summary>The YAML file has a key no setting has.</summary>
    UnknownKey,

    /// <summary>The YAML file sets one setting twice.</summary>
    DuplicateKey,

    /// <summary>A value in the file, the environment or on the command line is not valid for its setting.</summary>
    InvalidValue,

    /// <summary>The file named by <c>--config</c> does not exist.</summary>
    FileNotFound,

    /// <summary>The configuration file exists but cannot be read.</summary>
    UnreadableFile,

    /// <summary>The command line does not parse (unknown flag, missing flag value).</summary>
    InvalidCommandLine,

    /// <summary>A setting the program needs is set nowhere.</summary>
    MissingSetting,
}
