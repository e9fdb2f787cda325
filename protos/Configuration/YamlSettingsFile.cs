using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GrpcRelay.Protocol.Configuration;

/// <summary>
/// Reads a YAML configuration file: one mapping of keys to values, as the original system's
/// files are. Walks the parser's events rather than building a document, so that it stops at
/// the first thing it cannot use (a nested mapping, say) instead of descending into it, and so
/// that every value keeps its line and column for messages.
/// </summary>
internal static class YamlSettingsFile
{
    /// <summary>Far larger than any real configuration; stops a wrong path (a log, a device) being read whole.</summary>
    internal const int MaxFileBytes = 1024 * 1024;

    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigurationException">The file cannot be read, is not valid YAML, or holds a key or value that is not valid.</exception>
    public static IReadOnlyList<SettingInput> Read(string path) => Parse(ReadText(path), path);

    /// <summary>Parses YAML text; <paramref name="path"/> is only used in messages.</summary>
    /// <exception cref="ConfigurationException">The text is not valid YAML, or holds a key or value that is not valid.</exception>
    public static IReadOnlyList<SettingInput> Parse(string text, string path)
    {
        RefuseNonPrintable(text, path);
        try
        {
            return new Walker(new Parser(new StringReader(text)), path).ReadStream();
        }
        catch (YamlException e)
        {
            throw new ConfigurationException(
                ConfigurationErrorKind.MalformedFile, $"{Where(path, e.Start)}: malformed YAML: {e.Message}");
        }
    }

    private static string ReadText(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[MaxFileBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            if (length > MaxFileBytes)
            {
                throw new ConfigurationException(
                    ConfigurationErrorKind.UnreadableFile,
                    $"{path}: configuration file is larger than {MaxFileBytes / 1024} KiB; is it the right file?");
            }

            using var reader = new StreamReader(new MemoryStream(buffer, 0, length), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(
                ConfigurationErrorKind.UnreadableFile, $"{path}: cannot read the configuration file: {e.Message}");
        }
    }

    private static string Where(string path, Mark mark) => $"{path}:{mark.Line}:{mark.Column}";

    /// <summary>
    /// Refuses characters YAML does not allow in a stream (most control characters, lone
    /// surrogates). YamlDotNet would otherwise stop silently at a NUL, dropping the settings after it.
    /// </summary>
    private static void RefuseNonPrintable(string text, string path)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!IsPrintable(c))
            {
                throw new ConfigurationException(
                    ConfigurationErrorKind.MalformedFile,
                    string.Create(CultureInfo.InvariantCulture, $"{path}:{line}:{i - lineStart + 1}: malformed YAML: character U+{(int)c:X4} is not allowed in YAML"));
            }
        }
    }

    /// <summary>YAML 1.2's c-printable, for one UTF-16 unit that is not part of a surrogate pair.</summary>
    private static bool IsPrintable(char c) =>
        c is '\t' or '\n' or '\r' or '\u0085'
        || c is >= ' ' and <= '~'
        || c is >= '\u00A0' and <= '\uD7FF'
        || c is >= '\uE000' and <= '\uFFFD';

    private sealed class Walker(IParser parser, string path)
    {
        // Values of anchors seen so far: a string, a list of strings, or null.
        private readonly Dictionary<AnchorName, object?> _anchors = [];
        private readonly List<SettingInput> _inputs = [];
        private readonly Dictionary<SettingDefinition, (string Key, Mark Mark)> _seen = [];
        private Mark _lastMark = new(0, 1, 1);

        public List<SettingInput> ReadStream()
        {
            Next(); // StreamStart
            if (Next() is StreamEnd)
            {
                return _inputs; // an empty file
            }

            ReadRoot(Next());
            Next(); // DocumentEnd

            // Later documents are refused unless empty (a trailing "---"), so that no setting is silently lost.
            while (Next() is DocumentStart)
            {
                var content = Next();
                if (content is not Scalar scalar || !IsNull(scalar))
                {
                    throw Malformed(content.Start, "the file holds more than one YAML document; put every setting in the first");
                }

                Next(); // DocumentEnd
            }

            return _inputs;
        }

        private ParsingEvent Next()
        {
            bool moved;
            try
            {
                moved = parser.MoveNext();
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
            {
                // YamlDotNet throws these instead of a YamlException on a few malformed inputs
                // (such as a tag after "..."); for the user they are the same syntax error.
                throw Malformed(_lastMark, "malformed YAML after this point");
            }

            if (!moved || parser.Current is not { } current)
            {
                throw Malformed(_lastMark, "malformed YAML: unexpected end");
            }

            _lastMark = current.End;
            return current;
        }

        private void ReadRoot(ParsingEvent root)
        {
            switch (root)
            {
                case Scalar scalar when IsNull(scalar):
                    return; // only comments
                case MappingStart:
                    ReadMapping();
                    return;
                default:
                    throw Malformed(root.Start, $"expected 'key: value' lines at the top level, found {Describe(root)}");
            }
        }

        private void ReadMapping()
        {
            for (var next = Next(); next is not MappingEnd; next = Next())
            {
                if (next is not Scalar keyScalar)
                {
                    throw Malformed(next.Start, $"expected a key such as 'uuid', found {Describe(next)}");
                }

                Remember(keyScalar);
                var key = keyScalar.Value;
                var setting = SettingDefinitions.FindByYamlKey(key) ?? throw UnknownKey(keyScalar);
                if (_seen.TryGetValue(setting, out var first))
                {
                    throw new ConfigurationException(
                        ConfigurationErrorKind.DuplicateKey,
                        $"{Where(path, keyScalar.Start)}: '{key}' sets '{setting.Key}' again; it is already set by '{first.Key}' on line {first.Mark.Line}",
                        setting.Key);
                }

                _seen[setting] = (key, keyScalar.Start);
                ReadValue(setting);
            }
        }

        private void ReadValue(SettingDefinition setting)
        {
            var value = Next();
            var origin = Where(path, value.Start);
            switch (value)
            {
                case Scalar scalar:
                    Remember(scalar);
                    AddScalar(setting, origin, IsNull(scalar) ? null : scalar.Value);
                    break;
                case AnchorAlias alias:
                    switch (Resolve(alias))
                    {
                        case IReadOnlyList<string> items:
                            AddList(setting, origin, items);
                            break;
                        case var text:
                            AddScalar(setting, origin, (string?)text);
                            break;
                    }

                    break;
                case SequenceStart sequence:
                    if (setting.Kind != SettingKind.List)
                    {
                        throw ConfigurationErrors.WrongShape(origin, setting, "a list");
                    }

                    var list = ReadList(setting);
                    if (!sequence.Anchor.IsEmpty)
                    {
                        _anchors[sequence.Anchor] = list;
                    }

                    AddList(setting, origin, list);
                    break;
                default:
                    throw ConfigurationErrors.WrongShape(origin, setting, Describe(value));
            }
        }

        private List<string> ReadList(SettingDefinition setting)
        {
            var items = new List<string>();
            for (var next = Next(); next is not SequenceEnd; next = Next())
            {
                var item = next switch
                {
                    Scalar scalar => Remember(scalar),
                    AnchorAlias alias => Resolve(alias) switch
                    {
                        IReadOnlyList<string> => throw ConfigurationErrors.WrongShape(
                            Where(path, next.Start), setting, "a list inside the list"),
                        var text => (string?)text,
                    },
                    _ => throw ConfigurationErrors.WrongShape(
                        Where(path, next.Start), setting, $"{Describe(next)} inside the list"),
                };
                if (item is not null)
                {
                    items.Add(item);
                }
            }

            return items;
        }

        private void AddScalar(SettingDefinition setting, string origin, string? text)
        {
            if (text is null)
            {
                return; // "key:" with nothing after it leaves the setting unset, as the original did.
            }

            if (setting.Kind == SettingKind.List)
            {
                throw ConfigurationErrors.WrongShape(origin, setting, "a single value");
            }

            _inputs.Add(new SettingInput(setting, origin, text, null));
        }

        private void AddList(SettingDefinition setting, string origin, IReadOnlyList<string> items)
        {
            if (setting.Kind != SettingKind.List)
            {
                throw ConfigurationErrors.WrongShape(origin, setting, "a list");
            }

            _inputs.Add(new SettingInput(setting, origin, null, items));
        }

        /// <summary>Records an anchored scalar for later aliases; returns its value (null for a YAML null).</summary>
        private string? Remember(Scalar scalar)
        {
            var value = IsNull(scalar) ? null : scalar.Value;
            if (!scalar.Anchor.IsEmpty)
            {
                _anchors[scalar.Anchor] = value;
            }

            return value;
        }

        private object? Resolve(AnchorAlias alias) =>
            _anchors.TryGetValue(alias.Value, out var value)
                ? value
                // The alias is not named: it stands where a value (perhaps a secret) should be.
                : throw Malformed(alias.Start, "this alias (*name) refers to no anchor (&name) of a value above it");

        private ConfigurationException UnknownKey(Scalar keyScalar)
        {
            var suggestion = KeySuggestions.Closest(keyScalar.Value);
            return new ConfigurationException(
                ConfigurationErrorKind.UnknownKey,
                $"{Where(path, keyScalar.Start)}: unknown key {ConfigurationErrors.Quote(keyScalar.Value)}; "
                    + (suggestion is null ? "--help lists the known keys" : $"did you mean '{suggestion}'?"));
        }

        private ConfigurationException Malformed(Mark mark, string message) =>
            new(ConfigurationErrorKind.MalformedFile, $"{Where(path, mark)}: {message}");

        private static bool IsNull(Scalar scalar) =>
            scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";

        private static string Describe(ParsingEvent parsingEvent) => parsingEvent switch
        {
            MappingStart => "a mapping",
            SequenceStart => "a list",
            AnchorAlias => "an alias",
            Scalar => "a single value",
            _ => "something else",
        };
    }
}
