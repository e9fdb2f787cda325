using System.Globalization;
using System.Text;

namespace GrpcRelay.Protocol.Configuration;

/// <summary>Builds the messages of <see cref="ConfigurationException"/>, so that they all read alike.</summary>
internal static class ConfigurationErrors
{
    private const int MaxQuotedLength = 60;

    /// <summary>A value that is not valid for its setting; <paramref name="value"/> is shown unless the setting is secret.</summary>
    public static ConfigurationException InvalidValue(string origin, SettingDefinition setting, string value) =>
        new(ConfigurationErrorKind.InvalidValue,
            $"{origin}: invalid value for '{setting.Key}': expected {setting.Expectation}, "
                + (setting.IsSecret ? "got a value that is not shown because the setting is secret" : $"got {Quote(value)}"),
            setting.Key);

    /// <summary>A YAML value of the wrong shape (a list, a mapping) for its setting.</summary>
    public static ConfigurationException WrongShape(string origin, SettingDefinition setting, string found) =>
        new(ConfigurationErrorKind.InvalidValue,
            $"{origin}: invalid value for '{setting.Key}': expected {setting.Expectation}, found {found}",
            setting.Key);

    /// <summary>Quotes text from the user for a message: shortened, with control characters escaped.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder("'");
        foreach (var c in text.Length > MaxQuotedLength ? text[..MaxQuotedLength] : text)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append(text.Length > MaxQuotedLength ? "'..." : "'").ToString();
    }
}
