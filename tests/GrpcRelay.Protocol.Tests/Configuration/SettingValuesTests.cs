using GrpcRelay.Protocol.Configuration;

namespace GrpcRelay.Protocol.Tests.Configuration;

public sealed class SettingValuesTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("30", 30_000)]
    [InlineData("0.25", 250)]
    [InlineData(" 10S ", 10_000)]
    [InlineData("2H", 7_200_000)]
    public void TryParseDuration_ValidText_GivesDuration(string text, int expectedMilliseconds)
    {
        Assert.True(SettingValues.TryParseDuration(text, TimeSpan.Zero, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("-1s")]
    [InlineData("-5")]
    [InlineData("30x")]
    [InlineData("30 s")]
    [InlineData("1.2.3s")]
    [InlineData("10us")]
    [InlineData("1e3")]
    [InlineData("25d")]
    [InlineData("600h")]
    [InlineData("99999999999999999999999999999999999s")]
    [InlineData("99999999999999999999999999999999999")]
    [InlineData("99999999999999999999999999h")]
    public void TryParseDuration_InvalidText_Fails(string text)
    {
        Assert.False(SettingValues.TryParseDuration(text, TimeSpan.Zero, out _));
    }

    [Fact]
    public void TryParseDuration_BelowMinimum_Fails()
    {
        Assert.False(SettingValues.TryParseDuration("0s", TimeSpan.FromMilliseconds(1), out _));
        Assert.True(SettingValues.TryParseDuration("0s", TimeSpan.Zero, out var zero));
        Assert.Equal(TimeSpan.Zero, zero);
    }

    [Fact]
    public void TryParseDuration_LongestTimerDuration_IsAccepted()
    {
        Assert.True(SettingValues.TryParseDuration("2147483647ms", TimeSpan.Zero, out var value));
        Assert.Equal(SettingValues.MaxDuration, value);
        Assert.False(SettingValues.TryParseDuration("2147483648ms", TimeSpan.Zero, out _));
    }

    [Theory]
    [InlineData(30_000, "30s")]
    [InlineData(500, "500ms")]
    [InlineData(300_000, "5m")]
    [InlineData(3_600_000, "1h")]
    [InlineData(90_000, "90s")]
    [InlineData(0, "0s")]
    public void FormatDuration_Duration_ReadsBackTheSame(int milliseconds, string expected)
    {
        var text = SettingValues.FormatDuration(TimeSpan.FromMilliseconds(milliseconds));

        Assert.Equal(expected, text);
        Assert.True(SettingValues.TryParseDuration(text, TimeSpan.Zero, out var back));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), back);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("Yes", true)]
    [InlineData("on", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("no", false)]
    [InlineData("OFF", false)]
    [InlineData("0", false)]
    public void TryParseBoolean_KnownWord_GivesValue(string text, bool expected)
    {
        Assert.True(SettingValues.TryParseBoolean(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("maybe")]
    [InlineData("2")]
    [InlineData("t")]
    public void TryParseBoolean_OtherText_Fails(string text)
    {
        Assert.False(SettingValues.TryParseBoolean(text, out _));
    }

    [Theory]
    [InlineData("0", 0, 15, true)]
    [InlineData("15", 0, 15, true)]
    [InlineData("16", 0, 15, false)]
    [InlineData("-1", 0, 15, false)]
    [InlineData("abc", 0, 15, false)]
    [InlineData("1.5", 0, 15, false)]
    [InlineData("99999999999", 0, int.MaxValue, false)]
    public void TryParseInteger_Text_ChecksFormatAndRange(string text, int min, int max, bool expected)
    {
        Assert.Equal(expected, SettingValues.TryParseInteger(text, min, max, out _));
    }

    [Fact]
    public void SplitList_CommaSeparatedText_GivesTrimmedNonEmptyItems()
    {
        Assert.Equal(["SHA256:a", "b", "c"], SettingValues.SplitList(" SHA256:a , b,,c,"));
    }
}
