using GrpcRelay.Protocol.Configuration;

namespace GrpcRelay.Protocol.Tests.Configuration;

public sealed class YamlSettingsFileTests
{
    private const string FilePath = "/etc/grpcrelay/relay.yaml";
    private const string Secret = "Zq9-very-secret-value";

    [Fact]
    public void Parse_OriginalBundleFile_FillsSettings()
    {
        var settings = Load("""
            uuid: 0123456789abcdef0123456789abcdef
            token: fedcba9876543210fedcba9876543210
            cert_path: relay.example.crt
            platform_url: relay.example:4242
            tls_server_name: relay.example
            """);

        Assert.Equal("0123456789abcdef0123456789abcdef", settings.Uuid);
        Assert.Equal("fedcba9876543210fedcba9876543210", settings.Token);
        Assert.Equal("relay.example.crt", settings.CertPath);
        Assert.Equal("relay.example:4242", settings.PlatformUrl);
        Assert.Equal("relay.example", settings.TlsServerName);
    }

    [Fact]
    public void Parse_OriginalBundleServerKeys_AreReadAsRedisAddressAndPassword()
    {
        var settings = Load("""
            redis_address: localhost:6379
            redis_password: hunter2
            """);

        Assert.Equal("localhost:6379", settings.RedisAddr);
        Assert.Equal("hunter2", settings.RedisPass);
    }

    [Fact]
    public void Parse_ScalarsThatLookLikeNumbers_KeepTheirText()
    {
        var settings = Load("""
            uuid: 1234
            token: 12e4
            tls_server_name: 0x1F
            """);

        Assert.Equal("1234", settings.Uuid);
        Assert.Equal("12e4", settings.Token);
        Assert.Equal("0x1F", settings.TlsServerName);
    }

    [Fact]
    public void Parse_InlinePemBlock_KeepsTheLines()
    {
        var settings = Load("""
            cert: |
              -----BEGIN CERTIFICATE-----
              MIIB
              -----END CERTIFICATE-----
            """ + "\n");

        Assert.Equal("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", settings.Cert);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    [InlineData("uuid:\ntoken: ~\nredis_db: null\nallowed_identities:\n")]
    [InlineData("uuid: \"\"\n")]
    public void Parse_EmptyFileOrNullValues_LeavesDefaults(string yaml)
    {
        var settings = Load(yaml);

        Assert.Null(settings.Uuid);
        Assert.Null(settings.Token);
        Assert.Equal(0, settings.RedisDb);
        Assert.Empty(settings.AllowedIdentities);
    }

    [Fact]
    public void Parse_AllowedIdentitiesBlockList_GivesItems()
    {
        var settings = Load("""
            allowed_identities:
              - SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG
              - 0123456789abcdefghijklmnopqrstuvwxyzABCDEFG
            """);

        Assert.Equal(
            ["SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"],
            settings.AllowedIdentities);
    }

    [Fact]
    public void Parse_AllowedIdentitiesFlowListWithNullItem_SkipsTheNull()
    {
        var settings = Load("allowed_identities: [SHA256:a, ~, ' SHA256:b ']\n");

        Assert.Equal(["SHA256:a", "SHA256:b"], settings.AllowedIdentities);
    }

    [Fact]
    public void Parse_AnchorsAndAliases_AreResolved()
    {
        var settings = Load("""
            cert_path: &cert relay.crt
            ca_path: *cert
            allowed_identities: &ids [SHA256:a, *cert]
            """);

        Assert.Equal("relay.crt", settings.CaPath);
        Assert.Equal(["SHA256:a", "relay.crt"], settings.AllowedIdentities);
    }

    [Theory]
    [InlineData("transport: H3", TransportMode.H3)]
    [InlineData("transport: h2", TransportMode.H2)]
    [InlineData("transport: Auto", TransportMode.Auto)]
    public void Parse_TransportAnyCase_GivesChoice(string yaml, TransportMode expected)
    {
        Assert.Equal(expected, Load(yaml).Transport);
    }

    [Fact]
    public void Parse_DurationsBooleansAndNumbers_AreConverted()
    {
        var settings = Load("""
            max_clock_skew: 500ms
            forwarder_wait: 0
            request_timeout: 5m
            hello_timeout: 15
            bind_identity_to_certificate: no
            token_store: REDIS
            redis_db: 3
            max_message_bytes: 1024
            """);

        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.MaxClockSkew);
        Assert.Equal(TimeSpan.Zero, settings.ForwarderWait);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), settings.HelloTimeout);
        Assert.False(settings.BindIdentityToCertificate);
        Assert.Equal(TokenStoreKind.Redis, settings.TokenStore);
        Assert.Equal(3, settings.RedisDb);
        Assert.Equal(1024, settings.MaxMessageBytes);
    }

    [Fact]
    public void Parse_MalformedYaml_NamesFileAndLine()
    {
        var error = LoadFails("""
            uuid: abc
            token: "unterminated
            """);

        Assert.Equal(ConfigurationErrorKind.MalformedFile, error.Kind);
        Assert.StartsWith($"{FilePath}:2:", error.Message, StringComparison.Ordinal);
        Assert.Contains("malformed YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownKey_SuggestsTheClosestKnownKey()
    {
        var error = LoadFails("uuid: abc\nplatform_ur: relay:4242\n");

        Assert.Equal(ConfigurationErrorKind.UnknownKey, error.Kind);
        Assert.Equal($"{FilePath}:2:1: unknown key 'platform_ur'; did you mean 'platform_url'?", error.Message);
    }

    [Theory]
    [InlineData("UUID", "uuid")]
    [InlineData("platform", "platform_url")]
    [InlineData("redis", "redis_addr")]
    [InlineData("tls-server-name", "tls_server_name")]
    [InlineData("allowed_identity", "allowed_identities")]
    [InlineData("SSH_AGENT_TOKEN", "token")]
    public void Parse_KeyWrittenAsAnotherName_SuggestsTheKey(string written, string suggested)
    {
        var error = LoadFails($"{written}: x\n");

        Assert.Contains($"did you mean '{suggested}'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownKeyFarFromAll_PointsToHelp()
    {
        var error = LoadFails("colour: blue\n");

        Assert.Equal($"{FilePath}:1:1: unknown key 'colour'; --help lists the known keys", error.Message);
    }

    [Fact]
    public void Parse_DuplicateKey_NamesBothLines()
    {
        var error = LoadFails("uuid: a\ntoken: t\nuuid: b\n");

        Assert.Equal(ConfigurationErrorKind.DuplicateKey, error.Kind);
        Assert.Equal($"{FilePath}:3:1: 'uuid' sets 'uuid' again; it is already set by 'uuid' on line 1", error.Message);
    }

    [Fact]
    public void Parse_KeyAndItsAlias_IsADuplicate()
    {
        var error = LoadFails("redis_addr: a:1\nredis_address: b:2\n");

        Assert.Equal(ConfigurationErrorKind.DuplicateKey, error.Kind);
        Assert.Contains("'redis_address' sets 'redis_addr' again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RedisDbNotANumber_NamesFileLineKeyAndExpectation()
    {
        var error = LoadFails("redis_addr: localhost:6379\nredis_db: abc\n");

        Assert.Equal(ConfigurationErrorKind.InvalidValue, error.Kind);
        Assert.Equal("redis_db", error.SettingKey);
        Assert.Equal(
            $"{FilePath}:2:11: invalid value for 'redis_db': expected a whole number from 0 to 2147483647, got 'abc'",
            error.Message);
    }

    [Fact]
    public void Parse_UnknownTransport_ListsTheChoices()
    {
        var error = LoadFails("transport: h4\n");

        Assert.Equal($"{FilePath}:1:12: invalid value for 'transport': expected one of auto, h3, h2, got 'h4'", error.Message);
    }

    [Theory]
    [InlineData("max_message_bytes: 512", "expected a whole number of bytes from 1024 (1 KiB) to 16777216 (16 MiB), got '512'")]
    [InlineData("max_message_bytes: 16777217", "got '16777217'")]
    [InlineData("hello_timeout: 0s", "expected a duration such as 500ms, 30s or 5m (a plain number means seconds), above 0s up to 24 days, got '0s'")]
    [InlineData("request_timeout: soon", "invalid value for 'request_timeout'")]
    [InlineData("bind_identity_to_certificate: maybe", "expected true or false, got 'maybe'")]
    [InlineData("token_store: etcd", "expected one of file, redis, got 'etcd'")]
    public void Parse_ValueOutOfRangeOrMalformed_SaysWhatIsExpected(string yaml, string expectedPart)
    {
        var error = LoadFails(yaml + "\n");

        Assert.Equal(ConfigurationErrorKind.InvalidValue, error.Kind);
        Assert.StartsWith($"{FilePath}:1:", error.Message, StringComparison.Ordinal);
        Assert.Contains(expectedPart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ListWhereTextIsExpected_SaysFoundAList()
    {
        var error = LoadFails("platform_url:\n  - a:1\n  - b:2\n");

        Assert.Equal($"{FilePath}:2:3: invalid value for 'platform_url': expected text, found a list", error.Message);
    }

    [Fact]
    public void Parse_MappingWhereTextIsExpected_SaysFoundAMapping()
    {
        var error = LoadFails("cert_path: {path: a.crt}\n");

        Assert.Equal($"{FilePath}:1:12: invalid value for 'cert_path': expected text, found a mapping", error.Message);
    }

    [Fact]
    public void Parse_SingleValueForAllowedIdentities_AsksForAList()
    {
        var error = LoadFails("allowed_identities: SHA256:abc\n");

        Assert.Equal(ConfigurationErrorKind.InvalidValue, error.Kind);
        Assert.Contains("invalid value for 'allowed_identities': expected a list of fingerprints", error.Message, StringComparison.Ordinal);
        Assert.Contains("found a single value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestedListInAllowedIdentities_IsRefused()
    {
        var error = LoadFails("allowed_identities:\n  - [a, b]\n");

        Assert.Equal($"{FilePath}:2:5: invalid value for 'allowed_identities': expected a list of fingerprints (comma-separated in the environment and on the command line), found a list inside the list", error.Message);
    }

    [Theory]
    [InlineData("- uuid\n- token\n", "found a list")]
    [InlineData("just text\n", "found a single value")]
    public void Parse_TopLevelNotAMapping_SaysKeyValueLinesExpected(string yaml, string found)
    {
        var error = LoadFails(yaml);

        Assert.Equal(ConfigurationErrorKind.MalformedFile, error.Kind);
        Assert.Equal($"{FilePath}:1:1: expected 'key: value' lines at the top level, {found}", error.Message);
    }

    [Fact]
    public void Parse_SecondDocument_IsRefused()
    {
        var error = LoadFails("uuid: a\n---\ntoken: b\n");

        Assert.Equal(ConfigurationErrorKind.MalformedFile, error.Kind);
        Assert.Contains("more than one YAML document", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AliasWithoutAnchor_IsMalformed()
    {
        var error = LoadFails($"token: *{Secret}\n");

        Assert.Equal(ConfigurationErrorKind.MalformedFile, error.Kind);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData($"token: [{Secret}]\n")]
    [InlineData($"token: {{value: {Secret}}}\n")]
    [InlineData($"redis_pass:\n  - {Secret}\n")]
    [InlineData($"token: \"{Secret}\n")]
    [InlineData($"token: {Secret}: x\n")]
    [InlineData($"token: '{Secret}\n")]
    [InlineData($"redis_pass: \"\\q{Secret}\"\n")]
    public void Parse_MalformedSecretValue_NeverShowsTheValue(string yaml)
    {
        var error = LoadFails(yaml);

        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(FilePath + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NulCharacter_IsRefusedWithItsPosition()
    {
        var error = LoadFails("uuid: a\ntoken: b\0c\n");

        Assert.Equal(ConfigurationErrorKind.MalformedFile, error.Kind);
        Assert.Equal($"{FilePath}:2:9: malformed YAML: character U+0000 is not allowed in YAML", error.Message);
    }

    [Fact]
    public void Parse_SurrogatePair_IsAllowed()
    {
        Assert.Equal("relay-\U0001F511", Load("tls_server_name: relay-\U0001F511\n").TlsServerName);
    }

    [Fact]
    public void Parse_InputThatYamlDotNetFailsOnWithoutYamlException_IsMalformed()
    {
        var error = LoadFails("...\n!!int ");

        Assert.Equal(ConfigurationErrorKind.MalformedFile, error.Kind);
        Assert.StartsWith($"{FilePath}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KeyWithControlCharacters_IsQuotedSafely()
    {
        var error = LoadFails("\"bad\\u001b[31mkey\": x\n");

        Assert.Contains("unknown key 'bad\\u001b[31mkey'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileLargerThanLimit_IsRefused()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("big.yaml", "# " + new string('x', YamlSettingsFile.MaxFileBytes) + "\n");

        var error = Assert.Throws<ConfigurationException>(() => YamlSettingsFile.Read(path));

        Assert.Equal(ConfigurationErrorKind.UnreadableFile, error.Kind);
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileWithByteOrderMark_IsRead()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "bom.yaml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "uuid: abc\n"u8]);

        var inputs = YamlSettingsFile.Read(path);

        Assert.Equal("abc", Assert.Single(inputs).Text);
    }

    private static RelaySettings Load(string yaml)
    {
        var settings = new RelaySettings();
        RelaySettingsLoader.Apply(settings, YamlSettingsFile.Parse(yaml, FilePath));
        return settings;
    }

    private static ConfigurationException LoadFails(string yaml) =>
        Assert.Throws<ConfigurationException>(() => Load(yaml));
}
