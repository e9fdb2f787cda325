using GrpcRelay.Protocol.Configuration;

namespace GrpcRelay.Protocol.Tests.Configuration;

public sealed class RelaySettingsLoaderTests
{
    private static readonly Dictionary<string, string> s_noEnvironment = [];

    [Fact]
    public void Load_NoFileNoEnvironmentNoFlags_GivesDefaults()
    {
        using var folder = new TempDirectory();

        var settings = RelaySettingsLoader.Load(RelayPrograms.Server, null, folder.Path, s_noEnvironment, []);

        Assert.Null(settings.SourceFile);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.MaxClockSkew);
        Assert.Equal(256 * 1024, settings.MaxMessageBytes);
    }

    [Theory]
    [InlineData(RelayPrograms.Server, "grpcrelay-server.yaml")]
    [InlineData(RelayPrograms.Forwarder, "grpcrelay-forwarder.yaml")]
    [InlineData(RelayPrograms.Endpoint, "grpcrelay-endpoint.yaml")]
    [InlineData(RelayPrograms.Server, "ssh-platform.yaml")]
    [InlineData(RelayPrograms.Forwarder, "ssh-agent-forwarder.yaml")]
    [InlineData(RelayPrograms.Endpoint, "ssh-agent-endpoint.yaml")]
    public void Load_DefaultFileInWorkingDirectory_IsRead(RelayPrograms program, string fileName)
    {
        using var folder = new TempDirectory();
        var path = folder.Write(fileName, "platform_url: from-default-file:1\n");

        var settings = RelaySettingsLoader.Load(program, null, folder.Path, s_noEnvironment, []);

        Assert.Equal("from-default-file:1", settings.PlatformUrl);
        Assert.Equal(path, settings.SourceFile);
    }

    [Fact]
    public void Load_OurAndOriginalDefaultFiles_OursWins()
    {
        using var folder = new TempDirectory();
        folder.Write("ssh-agent-forwarder.yaml", "platform_url: original:1\n");
        folder.Write("grpcrelay-forwarder.yaml", "platform_url: ours:1\n");

        var settings = RelaySettingsLoader.Load(RelayPrograms.Forwarder, null, folder.Path, s_noEnvironment, []);

        Assert.Equal("ours:1", settings.PlatformUrl);
    }

    [Fact]
    public void Load_OtherProgramsDefaultFile_IsNotRead()
    {
        using var folder = new TempDirectory();
        folder.Write("grpcrelay-server.yaml", "platform_url: server:1\n");

        var settings = RelaySettingsLoader.Load(RelayPrograms.Forwarder, null, folder.Path, s_noEnvironment, []);

        Assert.Null(settings.PlatformUrl);
        Assert.Null(settings.SourceFile);
    }

    [Fact]
    public void Load_ConfigPathRelative_IsResolvedFromWorkingDirectory()
    {
        using var folder = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(folder.Path, "conf"));
        folder.Write("grpcrelay-endpoint.yaml", "platform_url: default:1\n");
        var path = folder.Write(Path.Combine("conf", "mine.yaml"), "platform_url: given:1\n");

        var settings = RelaySettingsLoader.Load(RelayPrograms.Endpoint, Path.Combine("conf", "mine.yaml"), folder.Path, s_noEnvironment, []);

        Assert.Equal("given:1", settings.PlatformUrl);
        Assert.Equal(path, settings.SourceFile);
    }

    [Fact]
    public void Load_ConfigPathMissing_FailsNamingThePath()
    {
        using var folder = new TempDirectory();
        folder.Write("grpcrelay-endpoint.yaml", "platform_url: default:1\n");

        var error = Assert.Throws<ConfigurationException>(
            () => RelaySettingsLoader.Load(RelayPrograms.Endpoint, "missing.yaml", folder.Path, s_noEnvironment, []));

        Assert.Equal(ConfigurationErrorKind.FileNotFound, error.Kind);
        Assert.Equal($"flag --config: configuration file {Path.Combine(folder.Path, "missing.yaml")} does not exist", error.Message);
    }

    [Fact]
    public void Load_ConfigPathIsAFolder_Fails()
    {
        using var folder = new TempDirectory();

        var error = Assert.Throws<ConfigurationException>(
            () => RelaySettingsLoader.Load(RelayPrograms.Endpoint, folder.Path, folder.Path, s_noEnvironment, []));

        Assert.Equal(ConfigurationErrorKind.FileNotFound, error.Kind);
        Assert.Contains("is a folder", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad\0path.yaml")]
    public void Load_ConfigPathNotAPath_Fails(string configPath)
    {
        using var folder = new TempDirectory();

        var error = Assert.Throws<ConfigurationException>(
            () => RelaySettingsLoader.Load(RelayPrograms.Endpoint, configPath, folder.Path, s_noEnvironment, []));

        Assert.Equal(ConfigurationErrorKind.FileNotFound, error.Kind);
        Assert.StartsWith("flag --config: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileAndEnvironment_EnvironmentWins()
    {
        using var folder = new TempDirectory();
        folder.Write("grpcrelay-server.yaml", "platform_url: file:1\nredis_db: 1\nkey_path: file.key\n");
        var environment = new Dictionary<string, string> { ["PLATFORM_URL"] = "env:2", ["REDIS_DB"] = "2" };

        var settings = RelaySettingsLoader.Load(RelayPrograms.Server, null, folder.Path, environment, []);

        Assert.Equal("env:2", settings.PlatformUrl);
        Assert.Equal(2, settings.RedisDb);
        Assert.Equal("file.key", settings.KeyPath);
    }

    [Fact]
    public void Load_EmptyEnvironmentVariable_CountsAsUnset()
    {
        using var folder = new TempDirectory();
        folder.Write("grpcrelay-server.yaml", "redis_pass: from-file\n");
        var environment = new Dictionary<string, string> { ["REDIS_PASSWORD"] = "" };

        var settings = RelaySettingsLoader.Load(RelayPrograms.Server, null, folder.Path, environment, []);

        Assert.Equal("from-file", settings.RedisPass);
    }

    [Fact]
    public void Load_EnvironmentVariableOfSettingTheProgramDoesNotUse_IsIgnored()
    {
        using var folder = new TempDirectory();
        var environment = new Dictionary<string, string>
        {
            ["SSH_AUTH_SOCK"] = "/run/agent.sock",
            ["REDIS_DB"] = "not-a-number",
        };

        var settings = RelaySettingsLoader.Load(RelayPrograms.Forwarder, null, folder.Path, environment, []);

        Assert.Equal("/run/agent.sock", settings.AgentSocket);
        Assert.Equal(0, settings.RedisDb);
    }

    [Fact]
    public void Load_AllowedIdentitiesInEnvironment_ReplacesTheFilesList()
    {
        using var folder = new TempDirectory();
        folder.Write("grpcrelay-forwarder.yaml", "allowed_identities: [SHA256:file]\n");
        var environment = new Dictionary<string, string> { ["ALLOWED_IDENTITIES"] = "SHA256:a, SHA256:b" };

        var settings = RelaySettingsLoader.Load(RelayPrograms.Forwarder, null, folder.Path, environment, []);

        Assert.Equal(["SHA256:a", "SHA256:b"], settings.AllowedIdentities);
    }

    [Theory]
    [InlineData("REDIS_DB", "abc", "environment variable REDIS_DB: invalid value for 'redis_db': expected a whole number from 0 to 2147483647, got 'abc'")]
    [InlineData("TOKEN_STORE", "etcd", "environment variable TOKEN_STORE: invalid value for 'token_store': expected one of file, redis, got 'etcd'")]
    [InlineData("HELLO_TIMEOUT", "10 s", "environment variable HELLO_TIMEOUT: invalid value for 'hello_timeout': expected a duration")]
    [InlineData("BIND_IDENTITY_TO_CERTIFICATE", "sure", "environment variable BIND_IDENTITY_TO_CERTIFICATE: invalid value for 'bind_identity_to_certificate': expected true or false, got 'sure'")]
    public void Load_BadEnvironmentValue_NamesVariableKeyAndExpectation(string variable, string value, string expectedStart)
    {
        using var folder = new TempDirectory();
        var environment = new Dictionary<string, string> { [variable] = value };

        var error = Assert.Throws<ConfigurationException>(
            () => RelaySettingsLoader.Load(RelayPrograms.Server, null, folder.Path, environment, []));

        Assert.Equal(ConfigurationErrorKind.InvalidValue, error.Kind);
        Assert.StartsWith(expectedStart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadFileValue_NamesTheFullPathAndLine()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("grpcrelay-server.yaml", "# relay\nredis_db: abc\n");

        var error = Assert.Throws<ConfigurationException>(
            () => RelaySettingsLoader.Load(RelayPrograms.Server, null, folder.Path, s_noEnvironment, []));

        Assert.StartsWith($"{path}:2:11: invalid value for 'redis_db'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PathThatCannotBeOpenedAsAFile_FailsAsUnreadable()
    {
        using var folder = new TempDirectory();

        var error = Assert.Throws<ConfigurationException>(() => YamlSettingsFile.Read(folder.Path));

        Assert.Equal(ConfigurationErrorKind.UnreadableFile, error.Kind);
        Assert.StartsWith($"{folder.Path}: cannot read the configuration file", error.Message, StringComparison.Ordinal);
    }
}
