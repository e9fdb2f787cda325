using System.Globalization;

namespace GrpcRelay.Protocol.Configuration;

/// <summary>
/// Reads and writes the text form of setting values. The same rules apply to the YAML file,
/// the environment and the command line, so a value means the same thing wherever it is written.
/// </summary>
internal static class SettingValues
{
    /// <summary>
    /// The longest duration accepted: timers (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>,
    /// <see cref="Task.Delay(TimeSpan)"/>) refuse anything above <see cref="int.MaxValue"/> milliseconds.
    /// </summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMilliseconds(int.MaxValue);

    private static readonly string[] s_trueWords = ["true", "yes", "on", "1"];
    private static readonly string[] s_falseWords = ["false", "no", "off", "0"];

    public static bool TryParseBoolean(string text, out bool value)
    {
        var word = text.Trim();
        if (s_trueWords.Contains(word, StringComparer.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }

        value = false;
        return s_falseWords.Contains(word, StringComparer.OrdinalIgnoreCase);
    }

    public static bool TryParseInteger(string text, int min, int max, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
        && value >= min && value <= max;

    /// <summary>
    /// Parses <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, sums of them written together
    /// (<c>1m30s</c>, as Go's durations), or a plain number of seconds (<c>30</c>, <c>0.5</c>).
    /// </summary>
    public static bool TryParseDuration(string text, TimeSpan min, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var rest = text.Trim().AsSpan();
        if (rest.IsEmpty)
        {
            return false;
        }

        var maxMilliseconds = (decimal)MaxDuration.TotalMilliseconds;
        if (TryParseNumber(rest, out var plainSeconds))
        {
            // Checked before multiplying so that a huge number cannot overflow the decimal.
            return plainSeconds <= maxMilliseconds / 1000m && TryFinish(plainSeconds * 1000m, min, out value);
        }

        var totalMilliseconds = 0m;
        while (!rest.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < rest.Length && (char.IsAsciiDigit(rest[numberLength]) || rest[numberLength] == '.'))
            {
                numberLength++;
            }

            var unitLength = 0;
            while (numberLength + unitLength < rest.Length && char.IsAsciiLetter(rest[numberLength + unitLength]))
            {
                unitLength++;
            }

            if (numberLength == 0 || unitLength == 0
                || !TryParseNumber(rest[..numberLength], out var number)
                || !TryUnitMilliseconds(rest.Slice(numberLength, unitLength), out var unitMilliseconds))
            {
                return false;
            }

            // Checked before multiplying so that a huge number cannot overflow the decimal.
            if (number > maxMilliseconds)
            {
                return false;
            }

            totalMilliseconds += number * unitMilliseconds;
            if (totalMilliseconds > maxMilliseconds)
            {
                return false;
            }

            rest = rest[(numberLength + unitLength)..];
        }

        return TryFinish(totalMilliseconds, min, out value);
    }

    /// <summary>The shortest of <c>5m</c>, <c>30s</c>, <c>500ms</c> that is exact.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        if (duration > TimeSpan.Zero && duration.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return FormattableString.Invariant($"{duration.Ticks / TimeSpan.TicksPerHour}h");
        }

        if (duration > TimeSpan.Zero && duration.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            return FormattableString.Invariant($"{duration.Ticks / TimeSpan.TicksPerMinute}m");
        }

        if (duration.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            return FormattableString.Invariant($"{duration.Ticks / TimeSpan.TicksPerSecond}s");
        }

        return FormattableString.Invariant($"{duration.TotalMilliseconds}ms");
    }

    /// <summary>Splits comma-separated text into trimmed, non-empty items.</summary>
    public static IReadOnlyList<string> SplitList(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Trimmed, non-empty items of a YAML list or of repeated flags.</summary>
    public static IReadOnlyList<string> CleanList(IEnumerable<string> items) =>
        [.. items.Select(item => item.Trim()).Where(item => item.Length > 0)];

    private static bool TryParseNumber(ReadOnlySpan<char> text, out decimal number) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number);

    private static bool TryUnitMilliseconds(ReadOnlySpan<char> unit, out decimal milliseconds)
    {
        milliseconds = unit switch
        {
            _ when unit.Equals("ms", StringComparison.OrdinalIgnoreCase) => 1m,
            _ when unit.Equals("s", StringComparison.OrdinalIgnoreCase) => 1000m,
            _ when unit.Equals("m", StringComparison.OrdinalIgnoreCase) => 60_000m,
            _ when unit.Equals("h", StringComparison.OrdinalIgnoreCase) => 3_600_000m,
            _ => 0m,
        };
        return milliseconds > 0m;
    }

    private static bool TryFinish(decimal milliseconds, TimeSpan min, out TimeSpan value)
    {
        value = TimeSpan.FromTicks((long)decimal.Round(milliseconds * TimeSpan.TicksPerMillisecond));
        return value >= min;
    }
}
