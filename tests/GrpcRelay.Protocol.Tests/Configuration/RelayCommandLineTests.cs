using System.CommandLine;
using GrpcRelay.Protocol.Configuration;

namespace GrpcRelay.Protocol.Tests.Configuration;

public sealed class RelayCommandLineTests
{
    private const string Forwarder = RelayProgramNames.Forwarder;
    private const string Endpoint = RelayProgramNames.Endpoint;
    private const string Server = RelayProgramNames.Server;

    public enum Source
    {
        File,
        Environment,
        Flag,
    }

    /// <summary>Program, key, environment variable, flag, value as written, property, value as read.</summary>
    public static TheoryData<string, string, string, string?, string, string, string> OriginalSettings => new()
    {
        { Forwarder, "uuid", "KEY_OWNER_UUID", "--uuid", "u-123", nameof(RelaySettings.Uuid), "u-123" },
        { Endpoint, "token", "SSH_AGENT_TOKEN", "--token", "t-456", nameof(RelaySettings.Token), "t-456" },
        { Server, "platform_url", "PLATFORM_URL", "--platform", "0.0.0.0:9", nameof(RelaySettings.PlatformUrl), "0.0.0.0:9" },
        { Forwarder, "cert_path", "CERT_PATH", "--cert", "x.crt", nameof(RelaySettings.CertPath), "x.crt" },
        { Endpoint, "cert", "CERT", null, "PEM", nameof(RelaySettings.Cert), "PEM" },
        { Server, "key_path", "KEY", "--key", "x.key", nameof(RelaySettings.KeyPath), "x.key" },
        { Forwarder, "tls_server_name", "TLS_SERVER_NAME", "--tls-server-name", "relay.test", nameof(RelaySettings.TlsServerName), "relay.test" },
        { Endpoint, "socket_dir", "SOCKET_DIR", "--socket-dir", "/run/x", nameof(RelaySettings.SocketDir), "/run/x" },
        { Server, "redis_addr", "REDIS_ADDRESS", "--redis", "r:6379", nameof(RelaySettings.RedisAddr), "r:6379" },
        { Server, "redis_pass", "REDIS_PASSWORD", "--redis-pass", "pw", nameof(RelaySettings.RedisPass), "pw" },
        { Server, "redis_db", "REDIS_DB", "--redis-db", "7", nameof(RelaySettings.RedisDb), "7" },
        { Forwarder, "allowed_identities", "ALLOWED_IDENTITIES", "--allowed-identity", "SHA256:a,SHA256:b", nameof(RelaySettings.AllowedIdentities), "SHA256:a|SHA256:b" },
    };

    /// <summary>GrpcRelay's own settings, in the same form as <see cref="OriginalSettings"/>.</summary>
    public static TheoryData<string, string, string, string?, string, string, string> NewSettings => new()
    {
        { Forwarder, "client_cert_path", "CLIENT_CERT_PATH", "--client-cert", "c.crt", nameof(RelaySettings.ClientCertPath), "c.crt" },
        { Endpoint, "client_key_path", "CLIENT_KEY", "--client-key", "c.key", nameof(RelaySettings.ClientKeyPath), "c.key" },
        { Forwarder, "ca_path", "CA_PATH", "--ca", "ca.crt", nameof(RelaySettings.CaPath), "ca.crt" },
        { Server, "client_ca_path", "CLIENT_CA_PATH", "--client-ca", "cca.crt", nameof(RelaySettings.ClientCaPath), "cca.crt" },
        { Server, "bind_identity_to_certificate", "BIND_IDENTITY_TO_CERTIFICATE", "--bind-identity-to-certificate", "False", nameof(RelaySettings.BindIdentityToCertificate), "False" },
        { Endpoint, "transport", "RELAY_TRANSPORT", "--transport", "H2", nameof(RelaySettings.Transport), "H2" },
        { Server, "msquic_path", "MSQUIC_PATH", "--msquic-path", "/opt/libmsquic.so", nameof(RelaySettings.MsquicPath), "/opt/libmsquic.so" },
        { Forwarder, "agent_socket", "SSH_AUTH_SOCK", "--agent-socket", "/run/a.sock", nameof(RelaySettings.AgentSocket), "/run/a.sock" },
        { Server, "token_store", "TOKEN_STORE", "--token-store", "Redis", nameof(RelaySettings.TokenStore), "Redis" },
        { Server, "tokens_file", "TOKENS_FILE", "--tokens-file", "tokens.yaml", nameof(RelaySettings.TokensFile), "tokens.yaml" },
        { Endpoint, "max_clock_skew", "MAX_CLOCK_SKEW", "--max-clock-skew", "2m", nameof(RelaySettings.MaxClockSkew), "00:02:00" },
        { Server, "forwarder_wait", "FORWARDER_WAIT", "--forwarder-wait", "250ms", nameof(RelaySettings.ForwarderWait), "00:00:00.2500000" },
        { Server, "request_timeout", "REQUEST_TIMEOUT", "--request-timeout", "90", nameof(RelaySettings.RequestTimeout), "00:01:30" },
        { Server, "hello_timeout", "HELLO_TIMEOUT", "--hello-timeout", "3s", nameof(RelaySettings.HelloTimeout), "00:00:03" },
        { Forwarder, "max_message_bytes", "MAX_MESSAGE_BYTES", "--max-message-bytes", "65536", nameof(RelaySettings.MaxMessageBytes), "65536" },
    };

    [Theory]
    [MemberData(nameof(OriginalSettings))]
    [MemberData(nameof(NewSettings))]
    public async Task RunAsync_SettingInFile_ReachesItsProperty(
        string program, string key, string variable, string? flag, string written, string property, string expected)
    {
        _ = (variable, flag);
        var value = key == "allowed_identities" ? $"[{written}]" : written;
        var redis = key == "token_store" ? new[] { ("redis_addr", "r:1") } : [];

        var run = await CommandLineRun.StartWithFileAsync(
            program, CommandLineRun.CompleteYaml(program, [(key, value), .. redis]), []);

        Assert.Equal(expected, ReadProperty(run, property));
    }

    [Theory]
    [MemberData(nameof(OriginalSettings))]
    [MemberData(nameof(NewSettings))]
    public async Task RunAsync_SettingInEnvironment_ReachesItsProperty(
        string program, string key, string variable, string? flag, string written, string property, string expected)
    {
        _ = flag;
        var redis = key == "token_store" ? new[] { ("redis_addr", "r:1") } : [];

        var run = await CommandLineRun.StartWithFileAsync(
            program, CommandLineRun.CompleteYaml(program, redis), [], new Dictionary<string, string> { [variable] = written });

        Assert.Equal(expected, ReadProperty(run, property));
    }

    /// <summary>The settings of <see cref="OriginalSettings"/> and <see cref="NewSettings"/> that have a flag (all but 'cert').</summary>
    public static TheoryData<string, string, string, string?, string, string, string> SettingsWithFlags =>
        [.. OriginalSettings.Concat(NewSettings).Where(row => row.Data.Item4 is not null)];

    [Theory]
    [MemberData(nameof(SettingsWithFlags))]
    public async Task RunAsync_SettingAsFlag_ReachesItsProperty(
        string program, string key, string variable, string? flag, string written, string property, string expected)
    {
        _ = variable;
        var redis = key == "token_store" ? new[] { ("redis_addr", "r:1") } : [];

        var run = await CommandLineRun.StartWithFileAsync(program, CommandLineRun.CompleteYaml(program, redis), [flag!, written]);

        Assert.Equal(expected, ReadProperty(run, property));
    }

    [Fact]
    public async Task RunAsync_FileEnvironmentAndFlags_FlagBeatsEnvironmentBeatsFile()
    {
        var yaml = CommandLineRun.CompleteYaml(Server,
            ("platform_url", "file:1"), ("redis_db", "1"), ("max_message_bytes", "2048"),
            ("hello_timeout", "1s"), ("key_path", "file.key"), ("redis_addr", "file:6379"));
        var environment = new Dictionary<string, string>
        {
            ["PLATFORM_URL"] = "env:2",
            ["REDIS_DB"] = "2",
            ["MAX_MESSAGE_BYTES"] = "4096",
            ["KEY"] = "env.key",
        };

        var run = await CommandLineRun.StartWithFileAsync(
            Server, yaml, ["--platform", "flag:3", "--redis-db", "3", "--hello-timeout", "3s"], environment);

        Assert.Equal(0, run.ExitCode);
        var settings = Assert.IsType<RelaySettings>(run.Settings);
        Assert.Equal("flag:3", settings.PlatformUrl);          // file < env < flag
        Assert.Equal(3, settings.RedisDb);                      // file < env < flag
        Assert.Equal(4096, settings.MaxMessageBytes);           // file < env
        Assert.Equal(TimeSpan.FromSeconds(3), settings.HelloTimeout); // file < flag
        Assert.Equal("env.key", settings.KeyPath);              // file < env
        Assert.Equal("file:6379", settings.RedisAddr);          // file only
    }

    [Theory]
    [InlineData("--uuid=flag-uuid")]
    [InlineData("-uuid=flag-uuid")]
    [InlineData("-uuid", "flag-uuid")]
    [InlineData("--uuid", "flag-uuid")]
    public async Task RunAsync_FlagWrittenTheWayGoAccepts_IsRead(params string[] args)
    {
        var run = await CommandLineRun.StartWithFileAsync(Forwarder, CommandLineRun.CompleteYaml(Forwarder), args);

        Assert.Equal("flag-uuid", run.Settings?.Uuid);
    }

    [Fact]
    public async Task RunAsync_SingleDashConfig_IsRead()
    {
        using var folder = new TempDirectory();
        folder.Write("other.yaml", CommandLineRun.CompleteYaml(Endpoint, ("socket_dir", "/run/other")));

        var run = await CommandLineRun.StartAsync(Endpoint, ["-config", "other.yaml"], workingDirectory: folder.Path);

        Assert.Equal("/run/other", run.Settings?.SocketDir);
    }

    [Fact]
    public async Task RunAsync_AllowedIdentityRepeatedAndCommaSeparated_GivesEveryItem()
    {
        var run = await CommandLineRun.StartWithFileAsync(
            Forwarder,
            CommandLineRun.CompleteYaml(Forwarder, ("allowed_identities", "[SHA256:file]")),
            ["--allowed-identity", "SHA256:a,SHA256:b", "--allowed-identity", " SHA256:c "]);

        Assert.Equal(["SHA256:a", "SHA256:b", "SHA256:c"], run.Settings?.AllowedIdentities);
    }

    [Theory]
    [InlineData(new[] { "--bind-identity-to-certificate" }, "false", true)]
    [InlineData(new[] { "--bind-identity-to-certificate", "false" }, "true", false)]
    [InlineData(new[] { "--bind-identity-to-certificate", "ON" }, "false", true)]
    [InlineData(new string[0], "no", false)]
    public async Task RunAsync_BooleanFlag_BareMeansTrue(string[] args, string inFile, bool expected)
    {
        var run = await CommandLineRun.StartWithFileAsync(
            Server, CommandLineRun.CompleteYaml(Server, ("bind_identity_to_certificate", inFile)), args);

        Assert.Equal(expected, run.Settings?.BindIdentityToCertificate);
    }

    [Fact]
    public async Task RunAsync_BadFlagValue_ExitsWith2NamingFlagKeyAndExpectation()
    {
        var run = await CommandLineRun.StartWithFileAsync(Server, CommandLineRun.CompleteYaml(Server), ["--redis-db", "abc"]);

        Assert.Equal(RelayCommandLine.ConfigurationErrorExitCode, run.ExitCode);
        Assert.Null(run.Settings);
        Assert.Equal(
            "flag --redis-db: invalid value for 'redis_db': expected a whole number from 0 to 2147483647, got 'abc'",
            run.Stderr.Trim());
    }

    [Fact]
    public async Task RunAsync_BadTransportInEnvironment_ExitsWith2NamingVariable()
    {
        var run = await CommandLineRun.StartWithFileAsync(
            Endpoint, CommandLineRun.CompleteYaml(Endpoint), [], new Dictionary<string, string> { ["RELAY_TRANSPORT"] = "h4" });

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "environment variable RELAY_TRANSPORT: invalid value for 'transport': expected one of auto, h3, h2, got 'h4'",
            run.Stderr.Trim());
    }

    [Fact]
    public async Task RunAsync_MalformedDefaultFile_ExitsWith2NamingFileAndLine()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("grpcrelay-forwarder.yaml", "uuid: a\nplatform_url: \"unclosed\n");

        var run = await CommandLineRun.StartAsync(Forwarder, [], workingDirectory: folder.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"{path}:2:15: malformed YAML: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("malformed YAML", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SecretOfWrongShape_IsNotPrinted()
    {
        var run = await CommandLineRun.StartWithFileAsync(
            Server, CommandLineRun.CompleteYaml(Server, ("redis_pass", "[Zq9-secret-password]")), []);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("invalid value for 'redis_pass'", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Zq9-secret-password", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ConfigFileMissing_ExitsWith2()
    {
        using var folder = new TempDirectory();

        var run = await CommandLineRun.StartAsync(Forwarder, ["--config", "nope.yaml"], workingDirectory: folder.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Null(run.Settings);
        Assert.Equal($"flag --config: configuration file {Path.Combine(folder.Path, "nope.yaml")} does not exist", run.Stderr.Trim());
    }

    [Fact]
    public async Task RunAsync_ForwarderMissingEverything_PrintsUsageAndEveryMissingSettingToStderr()
    {
        var run = await CommandLineRun.StartAsync(Forwarder, []);

        Assert.Equal(2, run.ExitCode);
        Assert.Null(run.Settings);
        Assert.Equal("", run.Stdout);
        Assert.Contains("Usage:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--uuid <uuid>", run.Stderr, StringComparison.Ordinal);
        var lastLines = run.Stderr.TrimEnd().Split('\n')[^6..].Select(line => line.TrimEnd('\r'));
        Assert.Equal(
            [
                "missing required setting 'uuid' (environment variable KEY_OWNER_UUID, flag --uuid)",
                "missing required setting 'token' (environment variable SSH_AGENT_TOKEN, flag --token)",
                "missing required setting 'platform_url' (environment variable PLATFORM_URL, flag --platform)",
                "missing a way to trust the server: set 'cert_path' (environment variable CERT_PATH, flag --cert), "
                    + "'cert' (environment variable CERT) or 'ca_path' (environment variable CA_PATH, flag --ca)",
                "missing required setting 'client_cert_path' (environment variable CLIENT_CERT_PATH, flag --client-cert)",
                "missing required setting 'client_key_path' (environment variable CLIENT_KEY, flag --client-key)",
            ],
            lastLines);
    }

    [Theory]
    [InlineData("cert_path", "a.crt")]
    [InlineData("cert", "PEM")]
    [InlineData("ca_path", "ca.crt")]
    public async Task RunAsync_EndpointWithAnyWayToTrustTheServer_Runs(string key, string value)
    {
        var yaml = $"uuid: u\ntoken: t\nplatform_url: relay:1\nclient_cert_path: c.crt\nclient_key_path: c.key\n{key}: {value}\n";

        var run = await CommandLineRun.StartWithFileAsync(Endpoint, yaml, []);

        Assert.Equal(0, run.ExitCode);
        Assert.NotNull(run.Settings);
    }

    [Fact]
    public async Task RunAsync_ServerMissingKey_NamesKeyPath()
    {
        var run = await CommandLineRun.StartWithFileAsync(Server, "platform_url: :1\ncert_path: a.crt\nclient_ca_path: ca.crt\n", []);

        Assert.Equal(2, run.ExitCode);
        Assert.EndsWith(
            "missing required setting 'key_path' (environment variable KEY, flag --key)",
            run.Stderr.TrimEnd(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ServerWithRedisStoreButNoAddress_NamesRedisAddr()
    {
        var run = await CommandLineRun.StartWithFileAsync(Server, CommandLineRun.CompleteYaml(Server), ["--token-store", "redis"]);

        Assert.Equal(2, run.ExitCode);
        Assert.EndsWith(
            "missing required setting 'redis_addr' (environment variable REDIS_ADDRESS, flag --redis) (token_store is redis)",
            run.Stderr.TrimEnd(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ServerWithFileStore_DoesNotNeedRedis()
    {
        var run = await CommandLineRun.StartWithFileAsync(Server, CommandLineRun.CompleteYaml(Server), []);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(TokenStoreKind.File, run.Settings?.TokenStore);
    }

    [Fact]
    public async Task RunAsync_UnknownFlag_ExitsWith2WithUsageAndSuggestion()
    {
        var run = await CommandLineRun.StartWithFileAsync(Forwarder, CommandLineRun.CompleteYaml(Forwarder), ["--uid", "x"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Null(run.Settings);
        Assert.Contains("Usage:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("'--uid'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("'--uid': did you mean --uuid?", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FlagOfAnotherProgram_IsUnknown()
    {
        var run = await CommandLineRun.StartWithFileAsync(Server, CommandLineRun.CompleteYaml(Server), ["--uuid", "x"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'--uuid'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FlagWithoutValue_ExitsWith2()
    {
        var run = await CommandLineRun.StartWithFileAsync(Forwarder, CommandLineRun.CompleteYaml(Forwarder), ["--platform"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--platform", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Help_ListsFlagsEnvironmentVariablesAndKeys()
    {
        var run = await CommandLineRun.StartAsync(Forwarder, ["--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Null(run.Settings);
        Assert.Equal("", run.Stderr);
        foreach (var setting in SettingDefinitions.For(RelayPrograms.Forwarder))
        {
            Assert.Contains(setting.Key, run.Stdout, StringComparison.Ordinal);
            Assert.Contains(setting.EnvironmentVariable!, run.Stdout, StringComparison.Ordinal);
            if (setting.Flag is not null)
            {
                Assert.Contains(setting.Flag, run.Stdout, StringComparison.Ordinal);
            }
        }

        Assert.Contains("--uuid <uuid>", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("[env: KEY_OWNER_UUID]", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--transport <auto|h3|h2>", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("[default: auto]", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--config <file>", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("ssh-agent-forwarder.yaml", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--redis", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ServerHelp_HasServerFlagsOnly()
    {
        var run = await CommandLineRun.StartAsync(Server, ["--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--redis-pass", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("REDIS_PASSWORD", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--bind-identity-to-certificate <true|false>", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--uuid", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("SSH_AUTH_SOCK", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HelpWithMissingSettings_StillShowsHelp()
    {
        var run = await CommandLineRun.StartAsync(Endpoint, ["--help", "--uid"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Subcommand_RunsItsOwnActionInsteadOfTheProgram()
    {
        var bundleRan = false;
        var bundle = new Command("bundle", "Writes a bundle.");
        bundle.SetAction(_ =>
        {
            bundleRan = true;
            return 5;
        });

        var run = await CommandLineRun.StartAsync(Server, ["bundle"], subcommands: [bundle]);

        Assert.True(bundleRan);
        Assert.Equal(5, run.ExitCode);
        Assert.Null(run.Settings);
    }

    [Fact]
    public async Task RunAsync_SubcommandHelp_IsTheSubcommands()
    {
        var bundle = new Command("bundle", "Writes a bundle.");
        bundle.SetAction(_ => 0);

        var run = await CommandLineRun.StartAsync(Server, ["bundle", "--help"], subcommands: [bundle]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Writes a bundle.", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--redis-pass", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CancellationRequested_CancelsTheTokenGivenToTheProgram()
    {
        using var folder = new TempDirectory();
        folder.Write("grpcrelay-endpoint.yaml", CommandLineRun.CompleteYaml(Endpoint));
        using var cancellation = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var running = RelayCommandLine.RunAsync(
            Endpoint, "test", [], new Dictionary<string, string>(),
            async (_, token) =>
            {
                started.SetResult();
                var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await using (token.Register(stopped.SetResult))
                {
                    await stopped.Task;
                }

                return 7;
            },
            TextWriter.Null, TextWriter.Null, workingDirectory: folder.Path, cancellationToken: cancellation.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await cancellation.CancelAsync();

        Assert.Equal(7, await running.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunAsync_ProgramThrows_ExitsWith1AndPrintsTheError()
    {
        using var folder = new TempDirectory();
        folder.Write("grpcrelay-forwarder.yaml", CommandLineRun.CompleteYaml(Forwarder));
        using var stderr = new StringWriter();

        var exitCode = await RelayCommandLine.RunAsync(
            Forwarder, "test", [], new Dictionary<string, string>(),
            (_, _) => throw new InvalidOperationException("the agent went away"),
            TextWriter.Null, stderr, workingDirectory: folder.Path, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, exitCode);
        Assert.Contains("the agent went away", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownProgramName_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => RelayCommandLine.RunAsync(
            "ssh-platform", "x", [], new Dictionary<string, string>(), (_, _) => Task.FromResult(0), TextWriter.Null, TextWriter.Null,
            cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void ProcessEnvironment_RealEnvironment_HoldsPath()
    {
        var environment = RelayCommandLine.ProcessEnvironment();

        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), environment.GetValueOrDefault("PATH"));
    }

    private static string? ReadProperty(CommandLineRun run, string property)
    {
        Assert.True(run.ExitCode == 0, run.Stderr);
        var value = typeof(RelaySettings).GetProperty(property)!.GetValue(run.Settings);
        return value is IReadOnlyList<string> items
            ? string.Join('|', items)
            : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
