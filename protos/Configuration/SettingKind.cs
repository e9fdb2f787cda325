namespace GrpcRelay.Protocol.Configuration;

/// <summary>What kind of value a setting holds, and so how its text is read.</summary>
public enum SettingKind
{
    /// <summary>Any text, taken as written (paths, addresses, secrets, PEM).</summary>
    Text,

    /// <summary><c>true</c>/<c>false</c> (also <c>yes</c>/<c>no</c>, <c>on</c>/<c>off</c>, <c>1</c>/<c>0</c>), any case.</summary>
    Boolean,

    /// <summary>A whole number within the setting's range.</summary>
    WholeNumber,

    /// <summary><c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, combinations such as <c>1m30s</c>, or a plain number of seconds.</summary>
    Duration,

    /// <summary>One of a fixed set of names, any case.</summary>
    Choice,

    /// <summary>A YAML list; in the environment and on the command line, comma-separated.</summary>
    List,
}
