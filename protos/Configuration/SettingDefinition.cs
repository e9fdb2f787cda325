using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;

namespace GrpcRelay.Protocol.Configuration;

/// <summary>
/// One setting: its key in the YAML file, its environment variable, its command-line flag,
/// the kind of value it takes, the programs that read it, and the <see cref="RelaySettings"/>
/// property it fills. All of them are listed in <see cref="SettingDefinitions"/>.
/// </summary>
public sealed class SettingDefinition
{
    private readonly PropertyInfo _property;
    private readonly Func<string, object?> _parse;

    private SettingDefinition(
        string key,
        string? environmentVariable,
        string? flag,
        SettingKind kind,
        RelayPrograms programs,
        LambdaExpression property,
        string description,
        string expectation,
        Func<string, object?> parse)
    {
        Key = key;
        EnvironmentVariable = environmentVariable;
        Flag = flag;
        Kind = kind;
        Programs = programs;
        Description = description;
        Expectation = expectation;
        _parse = parse;
        _property = property.Body is MemberExpression { Member: PropertyInfo info }
            ? info
            : throw new ArgumentException("Expected a property of RelaySettings, such as s => s.Uuid.", nameof(property));
        DefaultText = Format(_property.GetValue(new RelaySettings()));
    }

    /// <summary>The key in the YAML file, e.g. <c>platform_url</c>.</summary>
    public string Key { get; }

    /// <summary>Other YAML keys read as this one (names that files in the wild already use).</summary>
    public IReadOnlyList<string> KeyAliases { get; private init; } = [];

    /// <summary>The environment variable, e.g. <c>PLATFORM_URL</c>; null when there is none.</summary>
    public string? EnvironmentVariable { get; }

    /// <summary>The command-line flag, e.g. <c>--platform</c>; null when there is none.</summary>
    public string? Flag { get; }

    /// <summary>How the text of a value is read.</summary>
    public SettingKind Kind { get; }

    /// <summary>The programs that read this setting; the others accept the key in a file and ignore it.</summary>
    public RelayPrograms Programs { get; }

    /// <summary>What the setting is for, as shown by <c>--help</c>.</summary>
    public string Description { get; }

    /// <summary>What a valid value looks like, as error messages say it (e.g. <c>one of auto, h3, h2</c>).</summary>
    public string Expectation { get; }

    /// <summary>The value's placeholder in <c>--help</c>, e.g. <c>duration</c>; null for plain text.</summary>
    public string? HelpName { get; private init; }

    /// <summary>True for secrets: their values never appear in messages, not even malformed ones.</summary>
    public bool IsSecret { get; private init; }

    /// <summary>The name of the <see cref="RelaySettings"/> property this setting fills.</summary>
    public string PropertyName => _property.Name;

    /// <summary>The default (from <see cref="RelaySettings"/>) written as a value of this setting; null when there is none.</summary>
    public string? DefaultText { get; }

    /// <summary>True when <paramref name="program"/> reads this setting.</summary>
    public bool IsUsedBy(RelayPrograms program) => (Programs & program) != 0;

    /// <summary>All the names a user can set this setting by, e.g. <c>'uuid' (environment variable KEY_OWNER_UUID, flag --uuid)</c>.</summary>
    public string DescribeNames()
    {
        var others = new List<string>(2);
        if (EnvironmentVariable is not null)
        {
            others.Add($"environment variable {EnvironmentVariable}");
        }

        if (Flag is not null)
        {
            others.Add($"flag {Flag}");
        }

        return others.Count == 0 ? $"'{Key}'" : $"'{Key}' ({string.Join(", ", others)})";
    }

    /// <inheritdoc/>
    public override string ToString() => Key;

    /// <summary>Reads the text of one value; false when it is not a valid value of this setting.</summary>
    internal bool TryParse(string text, out object? value)
    {
        value = _parse(text);
        return value is not null;
    }

    /// <summary>Stores a value read by <see cref="TryParse"/> (or, for a list, its items).</summary>
    internal void Assign(RelaySettings settings, object value) => _property.SetValue(settings, value);

    /// <summary>The current value of this setting's property.</summary>
    internal object? Read(RelaySettings settings) => _property.GetValue(settings);

    internal static SettingDefinition Text(
        string key, string? environmentVariable, string? flag, RelayPrograms programs,
        Expression<Func<RelaySettings, string?>> property, string description,
        bool isSecret = false, string[]? keyAliases = null) =>
        new(key, environmentVariable, flag, SettingKind.Text, programs, property, description, "text", text => text)
        {
            IsSecret = isSecret,
            KeyAliases = keyAliases ?? [],
        };

    internal static SettingDefinition Boolean(
        string key, string? environmentVariable, string? flag, RelayPrograms programs,
        Expression<Func<RelaySettings, bool>> property, string description) =>
        new(key, environmentVariable, flag, SettingKind.Boolean, programs, property, description, "true or false",
            text => SettingValues.TryParseBoolean(text, out var value) ? value : null)
        {
            HelpName = "true|false",
        };

    internal static SettingDefinition WholeNumber(
        string key, string? environmentVariable, string? flag, RelayPrograms programs,
        Expression<Func<RelaySettings, int>> property, string description,
        int min, int max, string? expectation = null) =>
        new(key, environmentVariable, flag, SettingKind.WholeNumber, programs, property, description,
            expectation ?? string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}"),
            text => SettingValues.TryParseInteger(text, min, max, out var value) ? value : null)
        {
            HelpName = "number",
        };

    internal static SettingDefinition Duration(
        string key, string? environmentVariable, string? flag, RelayPrograms programs,
        Expression<Func<RelaySettings, TimeSpan>> property, string description, bool allowZero = false) =>
        new(key, environmentVariable, flag, SettingKind.Duration, programs, property, description,
            "a duration such as 500ms, 30s or 5m (a plain number means seconds), "
                + (allowZero ? "from 0s" : "above 0s") + " up to 24 days",
            text => SettingValues.TryParseDuration(text, allowZero ? TimeSpan.Zero : TimeSpan.FromMilliseconds(1), out var value)
                ? value
                : null)
        {
            HelpName = "duration",
        };

    internal static SettingDefinition Choice<TEnum>(
        string key, string? environmentVariable, string? flag, RelayPrograms programs,
        Expression<Func<RelaySettings, TEnum>> property, string description)
        where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>();
        var names = values.Select(ChoiceName).ToArray();
        return new(key, environmentVariable, flag, SettingKind.Choice, programs, property, description,
            "one of " + string.Join(", ", names),
            text =>
            {
                var index = Array.FindIndex(names, name => name.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase));
                return index < 0 ? null : values[index];
            })
        {
            HelpName = string.Join('|', names),
        };
    }

    internal static SettingDefinition List(
        string key, string? environmentVariable, string? flag, RelayPrograms programs,
        Expression<Func<RelaySettings, IReadOnlyList<string>>> property, string description, string itemName) =>
        new(key, environmentVariable, flag, SettingKind.List, programs, property, description,
            $"a list of {itemName}s (comma-separated in the environment and on the command line)",
            _ => null)
        {
            HelpName = itemName,
        };

    private static string ChoiceName<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        value.ToString().ToLowerInvariant();

    private static string? Format(object? value) => value switch
    {
        null => null,
        string text => text,
        bool flag => flag ? "true" : "false",
        int number => number.ToString(CultureInfo.InvariantCulture),
        TimeSpan duration => SettingValues.FormatDuration(duration),
        Enum choice => choice.ToString().ToLowerInvariant(),
        IReadOnlyList<string> { Count: 0 } => null,
        IReadOnlyList<string> items => string.Join(',', items),
        _ => value.ToString(),
    };
}
