namespace GrpcRelay.Protocol.Configuration;

/// <summary>Checks, after merging, that a program has every setting it cannot start without.</summary>
internal static class RelaySettingsValidator
{
    /// <summary>Throws when a required setting is missing, naming every missing one with its environment variable and flag.</summary>
    /// <exception cref="ConfigurationException">With <see cref="ConfigurationErrorKind.MissingSetting"/>.</exception>
    public static void Validate(RelayPrograms program, RelaySettings settings)
    {
        var missing = new List<(string Key, string Line)>();
        if (program is RelayPrograms.Forwarder or RelayPrograms.Endpoint)
        {
            RequireOne(missing, settings, "uuid");
            RequireOne(missing, settings, "token");
            RequireOne(missing, settings, "platform_url");
            RequireAny(missing, settings, "a way to trust the server", "cert_path", "cert", "ca_path");
            // Mutual TLS is not optional: the server refuses every client without a certificate.
            RequireOne(missing, settings, "client_cert_path");
            RequireOne(missing, settings, "client_key_path");
        }
        else if (program is RelayPrograms.Server)
        {
            RequireOne(missing, settings, "platform_url");
            RequireAny(missing, settings, "the server certificate", "cert_path", "cert");
            RequireOne(missing, settings, "key_path");
            RequireOne(missing, settings, "client_ca_path");
            if (settings.TokenStore == TokenStoreKind.Redis)
            {
                RequireOne(missing, settings, "redis_addr", " (token_store is redis)");
            }
        }

        if (missing.Count > 0)
        {
            throw new ConfigurationException(
                ConfigurationErrorKind.MissingSetting,
                string.Join(Environment.NewLine, missing.Select(entry => entry.Line)),
                missing[0].Key);
        }
    }

    private static void RequireOne(List<(string Key, string Line)> missing, RelaySettings settings, string key, string reason = "")
    {
        var setting = SettingDefinitions.Get(key);
        if (!IsSet(setting, settings))
        {
            missing.Add((key, $"missing required setting {setting.DescribeNames()}{reason}"));
        }
    }

    private static void RequireAny(List<(string Key, string Line)> missing, RelaySettings settings, string what, params string[] keys)
    {
        var settingsThatWould = keys.Select(SettingDefinitions.Get).ToList();
        if (!settingsThatWould.Any(setting => IsSet(setting, settings)))
        {
            var names = settingsThatWould.Select(setting => setting.DescribeNames()).ToList();
            missing.Add((keys[0], $"missing {what}: set {string.Join(", ", names[..^1])} or {names[^1]}"));
        }
    }

    private static bool IsSet(SettingDefinition setting, RelaySettings settings) =>
        !string.IsNullOrWhiteSpace(setting.Read(settings) as string);
}
