using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GrpcRelay.Protocol.Configuration;

namespace GrpcRelay.Protocol.Tests.Configuration;

/// <summary>
/// Whatever a configuration file holds, reading it either succeeds or throws the one documented
/// <see cref="ConfigurationException"/>, whose message names the file and never a secret value.
/// </summary>
public sealed class ConfigurationFilePropertyTests
{
    private const string FilePath = "fuzz.yaml";
    private const string Marker = "Zq9SecretMarker";

    /// <summary>A file that sets every setting, in the styles users write (plain, quoted, block and flow lists).</summary>
    private const string ValidFile = """
        # Settings of one relay client
        uuid: 0123456789abcdef0123456789abcdef
        token: "fedcba9876543210"
        platform_url: relay.example:4242
        cert_path: relay.example.crt
        cert: |
          -----BEGIN CERTIFICATE-----
          MIIBszCCAVmgAwIBAgIUQ
          -----END CERTIFICATE-----
        key_path: 'relay.example.key'
        tls_server_name: relay.example
        socket_dir: /run/user/1000
        redis_addr: localhost:6379
        redis_pass: hunter2
        redis_db: 3
        allowed_identities:
          - SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG
          - 0123456789abcdefghijklmnopqrstuvwxyzABCDEFG
        client_cert_path: client.crt
        client_key_path: client.key
        ca_path: &ca ca.crt
        client_ca_path: *ca
        bind_identity_to_certificate: true
        transport: h2
        msquic_path: /opt/libmsquic.so
        agent_socket: /run/user/1000/agent.sock
        token_store: redis
        tokens_file: tokens.yaml
        max_clock_skew: 30s
        forwarder_wait: 500ms
        request_timeout: 5m
        hello_timeout: 10
        max_message_bytes: 262144

        """;

    private static readonly char[] s_yamlCharacters =
        ":-[]{}#&*!|>'\"%@`,?=~<+.\\/ \t\n\r0123456789abcxyzSH\u00e9\u0000\u0085\u2028\ufeff\ud800".ToCharArray();

    private static readonly string[] s_yamlFragments =
    [
        ": ", "- ", "? ", "[", "]", "{", "}", "&a ", "*a", "*b", "!!int ", "!x!y ", "---\n", "...\n", "%YAML 1.1\n",
        "%TAG ! tag:x,2000:\n", "\"", "'", "|", ">-", "#", "\n  ", "\n", "\t", "<<: *a\n", "~", "null", "\"\\u00", "@",
        "uuid: x\n", "token: [a]\n", "redis_db: abc\n", "allowed_identities: x\n", "transport: h4\n",
    ];

    [Property(MaxTest = 3000)]
    public Property Parse_RandomText_SucceedsOrThrowsConfigurationException()
    {
        var anyText = ArbMap.Default.GeneratorFor<string>();
        var yamlishText = Gen.ArrayOf(Gen.Elements(s_yamlCharacters)).Select(characters => new string(characters));
        var fragmentText = Gen.ArrayOf(Gen.Elements(s_yamlFragments)).Select(string.Concat);

        return Prop.ForAll(Gen.OneOf(anyText, yamlishText, fragmentText).ToArbitrary(), text => ReadsCleanly(text ?? ""));
    }

    [Property(MaxTest = 5000)]
    public Property Parse_MutatedValidFile_SucceedsOrThrowsConfigurationException()
    {
        var mutation =
            from operation in Gen.Choose(0, 5)
            from position in Gen.Choose(0, int.MaxValue)
            from character in Gen.Elements(s_yamlCharacters)
            from fragment in Gen.Elements(s_yamlFragments)
            select (operation, position, character, fragment);
        var mutatedFile =
            from count in Gen.Choose(1, 6)
            from mutations in Gen.ListOf(mutation, count)
            select mutations.Aggregate(ValidFile, Mutate);

        return Prop.ForAll(mutatedFile.ToArbitrary(), ReadsCleanly);
    }

    [Fact]
    public void Parse_UnmutatedValidFile_Succeeds()
    {
        var settings = new RelaySettings();
        RelaySettingsLoader.Apply(settings, YamlSettingsFile.Parse(ValidFile, FilePath));

        Assert.Equal("ca.crt", settings.ClientCaPath);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.HelloTimeout);
        Assert.Equal(2, settings.AllowedIdentities.Count);
    }

    [Property(MaxTest = 3000)]
    public Property Parse_MalformedSecretValue_NeverShowsTheSecret()
    {
        var prefixes = new[] { "", "[", "{", "\"", "'", "- ", "? ", "&a ", "!t ", "|", ">", "[a, ", "{k: ", "*", "!", "\"\\", "`", "%", "@", "- - " };
        var file =
            from key in Gen.Elements("token", "redis_pass")
            from prefix in Gen.Elements(prefixes)
            from suffix in Gen.ArrayOf(Gen.Elements(s_yamlCharacters)).Select(characters => new string(characters))
            select $"uuid: u\n{key}: {prefix}{Marker}{suffix}\nplatform_url: relay:1\n";

        return Prop.ForAll(file.ToArbitrary(), text =>
        {
            try
            {
                RelaySettingsLoader.Apply(new RelaySettings(), YamlSettingsFile.Parse(text, FilePath));
                return true;
            }
            catch (ConfigurationException e)
            {
                return !e.Message.Contains(Marker, StringComparison.Ordinal);
            }
        });
    }

    /// <summary>True when the text reads, or fails with a message that names the file; any other exception fails the property.</summary>
    private static bool ReadsCleanly(string text)
    {
        try
        {
            RelaySettingsLoader.Apply(new RelaySettings(), YamlSettingsFile.Parse(text, FilePath));
            return true;
        }
        catch (ConfigurationException e)
        {
            return e.Message.StartsWith(FilePath + ":", StringComparison.Ordinal);
        }
    }

    private static string Mutate(string text, (int Operation, int Position, char Character, string Fragment) mutation)
    {
        var builder = new StringBuilder(text);
        var at = text.Length == 0 ? 0 : mutation.Position % (text.Length + 1);
        var lines = text.Split('\n').ToList();
        var line = mutation.Position % lines.Count;
        switch (mutation.Operation)
        {
            case 0:
                return builder.Insert(at, mutation.Character).ToString();
            case 1:
                return at < text.Length ? builder.Remove(at, 1).ToString() : text;
            case 2:
                return at < text.Length ? builder.Remove(at, 1).Insert(at, mutation.Character).ToString() : text;
            case 3:
                return builder.Insert(at, mutation.Fragment).ToString();
            case 4:
                lines.Insert(line, lines[line]);
                return string.Join('\n', lines);
            default:
                lines[line] = "  " + lines[line];
                return string.Join('\n', lines);
        }
    }
}
