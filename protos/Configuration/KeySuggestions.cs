namespace GrpcRelay.Protocol.Configuration;

/// <summary>Finds the known key a mistyped one was probably meant to be.</summary>
internal static class KeySuggestions
{
    // Every known name is far shorter; a longer key cannot be close to one.
    private const int MaxComparedLength = 64;

    /// <summary>
    /// The key of the setting whose key, alias, environment variable or flag is closest to
    /// <paramref name="unknownKey"/> (ignoring case, and <c>-</c> versus <c>_</c>); null when none is close.
    /// </summary>
    public static string? Closest(string unknownKey)
    {
        var wanted = Normalize(unknownKey);
        if (wanted.Length > MaxComparedLength)
        {
            return null;
        }

        var allowedDistance = Math.Clamp(wanted.Length / 3, 1, 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var setting in SettingDefinitions.All)
        {
            foreach (var name in NamesOf(setting))
            {
                var distance = Distance(wanted, Normalize(name));
                if (distance < bestDistance)
                {
                    (best, bestDistance) = (setting.Key, distance);
                }
            }
        }

        return bestDistance <= allowedDistance ? best : null;
    }

    private static IEnumerable<string> NamesOf(SettingDefinition setting)
    {
        yield return setting.Key;
        foreach (var alias in setting.KeyAliases)
        {
            yield return alias;
        }

        if (setting.EnvironmentVariable is not null)
        {
            yield return setting.EnvironmentVariable;
        }

        if (setting.Flag is not null)
        {
            yield return setting.Flag.TrimStart('-');
        }
    }

    private static string Normalize(string name) => name.Trim().Replace('-', '_').ToUpperInvariant();

    /// <summary>Levenshtein distance, with one row of memory.</summary>
    private static int Distance(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
