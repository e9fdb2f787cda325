namespace GrpcRelay.Protocol.Configuration;

/// <summary>
/// The one error reading configuration throws. Its message names where the value came from
/// (<c>file:line:column</c>, the environment variable or the flag), the setting's key and what
/// was expected; the value itself is quoted only when it is not a secret.
/// </summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the error.</summary>
    public ConfigurationException(ConfigurationErrorKind kind, string message, string? settingKey = null)
        : base(message)
    {
        Kind = kind;
        SettingKey = settingKey;
    }

    /// <summary>What went wrong.</summary>
    public ConfigurationErrorKind Kind { get; }

    /// <summary>The YAML key of the setting concerned, when there is one.</summary>
    public string? SettingKey { get; }
}
