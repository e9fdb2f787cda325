using System.Reflection;
using GrpcRelay.Protocol.Configuration;

namespace GrpcRelay.Protocol.Tests.Configuration;

public sealed class SettingDefinitionsTests
{
    /// <summary>The original system's names (key, environment variable, flag, property); users depend on them.</summary>
    public static TheoryData<string, string?, string?, string> OriginalNames => new()
    {
        { "uuid", "KEY_OWNER_UUID", "--uuid", nameof(RelaySettings.Uuid) },
        { "token", "SSH_AGENT_TOKEN", "--token", nameof(RelaySettings.Token) },
        { "platform_url", "PLATFORM_URL", "--platform", nameof(RelaySettings.PlatformUrl) },
        { "cert_path", "CERT_PATH", "--cert", nameof(RelaySettings.CertPath) },
        { "cert", "CERT", null, nameof(RelaySettings.Cert) },
        { "key_path", "KEY", "--key", nameof(RelaySettings.KeyPath) },
        { "tls_server_name", "TLS_SERVER_NAME", "--tls-server-name", nameof(RelaySettings.TlsServerName) },
        { "socket_dir", "SOCKET_DIR", "--socket-dir", nameof(RelaySettings.SocketDir) },
        { "redis_addr", "REDIS_ADDRESS", "--redis", nameof(RelaySettings.RedisAddr) },
        { "redis_pass", "REDIS_PASSWORD", "--redis-pass", nameof(RelaySettings.RedisPass) },
        { "redis_db", "REDIS_DB", "--redis-db", nameof(RelaySettings.RedisDb) },
        { "allowed_identities", "ALLOWED_IDENTITIES", "--allowed-identity", nameof(RelaySettings.AllowedIdentities) },
    };

    public static TheoryData<string, string?, string?, string> NewNames => new()
    {
        { "client_cert_path", "CLIENT_CERT_PATH", "--client-cert", nameof(RelaySettings.ClientCertPath) },
        { "client_key_path", "CLIENT_KEY", "--client-key", nameof(RelaySettings.ClientKeyPath) },
        { "ca_path", "CA_PATH", "--ca", nameof(RelaySettings.CaPath) },
        { "client_ca_path", "CLIENT_CA_PATH", "--client-ca", nameof(RelaySettings.ClientCaPath) },
        { "bind_identity_to_certificate", "BIND_IDENTITY_TO_CERTIFICATE", "--bind-identity-to-certificate", nameof(RelaySettings.BindIdentityToCertificate) },
        { "transport", "RELAY_TRANSPORT", "--transport", nameof(RelaySettings.Transport) },
        { "msquic_path", "MSQUIC_PATH", "--msquic-path", nameof(RelaySettings.MsquicPath) },
        { "agent_socket", "SSH_AUTH_SOCK", "--agent-socket", nameof(RelaySettings.AgentSocket) },
        { "token_store", "TOKEN_STORE", "--token-store", nameof(RelaySettings.TokenStore) },
        { "tokens_file", "TOKENS_FILE", "--tokens-file", nameof(RelaySettings.TokensFile) },
        { "max_clock_skew", "MAX_CLOCK_SKEW", "--max-clock-skew", nameof(RelaySettings.MaxClockSkew) },
        { "forwarder_wait", "FORWARDER_WAIT", "--forwarder-wait", nameof(RelaySettings.ForwarderWait) },
        { "request_timeout", "REQUEST_TIMEOUT", "--request-timeout", nameof(RelaySettings.RequestTimeout) },
        { "hello_timeout", "HELLO_TIMEOUT", "--hello-timeout", nameof(RelaySettings.HelloTimeout) },
        { "max_message_bytes", "MAX_MESSAGE_BYTES", "--max-message-bytes", nameof(RelaySettings.MaxMessageBytes) },
    };

    [Theory]
    [MemberData(nameof(OriginalNames))]
    [MemberData(nameof(NewNames))]
    public void Get_EachKey_HasTheSpecifiedNamesAndProperty(string key, string? environmentVariable, string? flag, string propertyName)
    {
        var setting = SettingDefinitions.Get(key);

        Assert.Equal(environmentVariable, setting.EnvironmentVariable);
        Assert.Equal(flag, setting.Flag);
        Assert.Equal(propertyName, setting.PropertyName);
    }

    [Fact]
    public void All_EveryRelaySettingsProperty_IsFilledByExactlyOneSetting()
    {
        var properties = typeof(RelaySettings).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(property => property.Name)
            .Where(name => name is not (nameof(RelaySettings.SourceFile) or nameof(RelaySettings.Warnings)))
            .Order();

        var mapped = SettingDefinitions.All.Select(setting => setting.PropertyName).Order();

        Assert.Equal(properties, mapped);
    }

    [Fact]
    public void All_KeysAliasesEnvironmentVariablesAndFlags_AreUnique()
    {
        var keys = SettingDefinitions.All.SelectMany(setting => setting.KeyAliases.Prepend(setting.Key)).ToList();
        var variables = SettingDefinitions.All.Select(setting => setting.EnvironmentVariable).OfType<string>().ToList();
        var flags = SettingDefinitions.All.Select(setting => setting.Flag).OfType<string>().Append("--config").ToList();

        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(variables.Count, variables.Distinct().Count());
        Assert.Equal(flags.Count, flags.Distinct().Count());
    }

    [Theory]
    [InlineData("uuid", RelayPrograms.Clients)]
    [InlineData("token", RelayPrograms.Clients)]
    [InlineData("platform_url", RelayPrograms.All)]
    [InlineData("key_path", RelayPrograms.Server)]
    [InlineData("socket_dir", RelayPrograms.Endpoint)]
    [InlineData("allowed_identities", RelayPrograms.Forwarder)]
    [InlineData("agent_socket", RelayPrograms.Forwarder)]
    [InlineData("redis_addr", RelayPrograms.Server)]
    [InlineData("transport", RelayPrograms.Clients)]
    [InlineData("max_message_bytes", RelayPrograms.All)]
    public void Programs_KnownSetting_NamesTheProgramsThatReadIt(string key, RelayPrograms expected)
    {
        Assert.Equal(expected, SettingDefinitions.Get(key).Programs);
    }

    [Fact]
    public void IsSecret_AllSettings_OnlyTokenAndRedisPassword()
    {
        var secrets = SettingDefinitions.All.Where(setting => setting.IsSecret).Select(setting => setting.Key);

        Assert.Equal(["token", "redis_pass"], secrets);
    }

    [Theory]
    [InlineData("max_clock_skew", "30s")]
    [InlineData("forwarder_wait", "5s")]
    [InlineData("request_timeout", "1m")]
    [InlineData("max_message_bytes", "262144")]
    [InlineData("transport", "auto")]
    [InlineData("token_store", "file")]
    [InlineData("bind_identity_to_certificate", "true")]
    [InlineData("uuid", null)]
    public void DefaultText_Setting_IsRelaySettingsDefaultWrittenAsAValue(string key, string? expected)
    {
        Assert.Equal(expected, SettingDefinitions.Get(key).DefaultText);
    }

    [Fact]
    public void DescribeNames_SettingWithoutFlag_NamesKeyAndEnvironmentVariableOnly()
    {
        Assert.Equal("'cert' (environment variable CERT)", SettingDefinitions.Get("cert").DescribeNames());
        Assert.Equal("'uuid' (environment variable KEY_OWNER_UUID, flag --uuid)", SettingDefinitions.Get("uuid").DescribeNames());
    }

    [Fact]
    public void Get_UnknownKey_Throws()
    {
        Assert.Throws<KeyNotFoundException>(() => SettingDefinitions.Get("no_such_key"));
    }
}
