namespace GrpcRelay.Protocol.Configuration;

/// <summary>
/// A value for one setting as one source gave it, before it is checked: the text of a YAML
/// scalar, an environment variable or a flag, or the items of a YAML list or repeated flag.
/// </summary>
/// <param name="Setting">The setting the value is for.</param>
/// <param name="Origin">Where it came from, as messages say it: <c>file:line:column</c>, <c>environment variable X</c> or <c>flag --x</c>.</param>
/// <param name="Text">The text of a single value; null when <paramref name="Items"/> is given.</param>
/// <param name="Items">The items of a list; null when <paramref name="Text"/> is given.</param>
internal sealed record SettingInput(SettingDefinition Setting, string Origin, string? Text, IReadOnlyList<string>? Items);
