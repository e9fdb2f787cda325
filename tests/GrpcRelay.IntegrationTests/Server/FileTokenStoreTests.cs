using GrpcRelay.IntegrationTests.Infrastructure;
using GrpcRelay.Server.Tokens;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrpcRelay.IntegrationTests.Server;

/// <summary>The embedded token store: a YAML file of uuid to token, re-read whenever it changes.</summary>
public sealed class FileTokenStoreTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("gr-tokens-");

    private string TokensFile => _directory.Combine("tokens.yaml");

    private FileTokenStore Store() => new(TokensFile, NullLogger<FileTokenStore>.Instance);

    [Fact]
    public async Task GetTokenAsync_UuidInFile_ReturnsItsToken_OtherUuidNull()
    {
        await File.WriteAllTextAsync(TokensFile, "# comment\nuuid-a: token-a\nuuid-b: token-b\n");

        Assert.Equal("token-a", await Store().GetTokenAsync("uuid-a", default));
        Assert.Null(await Store().GetTokenAsync("uuid-c", default));
    }

    [Fact]
    public async Task GetTokenAsync_FileChanged_NewContentsWithoutRestart()
    {
        var store = Store();
        await File.WriteAllTextAsync(TokensFile, "uuid-a: token-a\n");
        Assert.Equal("token-a", await store.GetTokenAsync("uuid-a", default));

        await File.WriteAllTextAsync(TokensFile, "uuid-a: rotated-token-a\nuuid-b: token-b\n");

        Assert.Equal("rotated-token-a", await store.GetTokenAsync("uuid-a", default));
        Assert.Equal("token-b", await store.GetTokenAsync("uuid-b", default));
    }

    [Fact]
    public async Task GetTokenAsync_FileDeleted_NoTokens()
    {
        var store = Store();
        await File.WriteAllTextAsync(TokensFile, "uuid-a: token-a\n");
        Assert.NotNull(await store.GetTokenAsync("uuid-a", default));

        File.Delete(TokensFile);

        Assert.Null(await store.GetTokenAsync("uuid-a", default));
    }

    [Fact]
    public async Task GetTokenAsync_FileBecomesMalformed_KeepsLastGoodTokens()
    {
        var store = Store();
        await File.WriteAllTextAsync(TokensFile, "uuid-a: token-a\n");
        Assert.NotNull(await store.GetTokenAsync("uuid-a", default));

        await File.WriteAllTextAsync(TokensFile, "uuid-a: [unclosed\n");

        Assert.Equal("token-a", await store.GetTokenAsync("uuid-a", default));
    }

    [Fact]
    public async Task GetTokenAsync_FileReadableByOthers_WarnsWithTheChmodToRun()
    {
        var logger = new ListLogger();
        await File.WriteAllTextAsync(TokensFile, "uuid-a: token-a\n");
        File.SetUnixFileMode(TokensFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        await new FileTokenStore(TokensFile, logger).GetTokenAsync("uuid-a", default);

        Assert.Contains(logger.Messages, m => m.Contains($"chmod 600 {TokensFile}", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Messages, m => m.Contains("token-a", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("uuid-a: [unclosed\n", "not valid YAML")]
    [InlineData("- just\n- a list\n", "map of 'uuid: token'")]
    [InlineData("uuid-a:\nuuid-b: secret-token-b\n", "line 1")]
    public void Parse_Malformed_NamesFileAndLineButNeverATokenValue(string yaml, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => FileTokenStore.Parse(yaml, "/etc/grpcrelay/tokens.yaml"));

        Assert.Contains("/etc/grpcrelay/tokens.yaml", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("secret-token", error.Message);
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Keeps what was logged, to check what the store says.</summary>
    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger<FileTokenStore>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
            Exception? exception, Func<TState, Exception?, string> formatter) => Messages.Add(formatter(state, exception));
    }
}
