using GrpcRelay.Protocol.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GrpcRelay.Server.Tokens;

/// <summary>
/// The zero-set-up token store: a YAML map of uuid to token in a local file. The file is
/// re-read whenever its modification time or size changes, so adding or removing a
/// line takes effect without a restart. A file that cannot be read keeps the last good
/// contents only if it is malformed; a deleted file means no tokens.
/// </summary>
internal sealed class FileTokenStore(string path, ILogger<FileTokenStore> logger) : ITokenStore
{
    private readonly Lock _lock = new();
    private (DateTime Modified, long Length) _version;
    private IReadOnlyDictionary<string, string> _tokens = new Dictionary<string, string>();

    public ValueTask<string?> GetTokenAsync(string uuid, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Current().GetValueOrDefault(uuid));

    private IReadOnlyDictionary<string, string> Current()
    {
        var info = new FileInfo(path);
        var version = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1L);
        lock (_lock)
        {
            if (version == _version)
            {
                return _tokens;
            }

            _version = version;
            if (!info.Exists)
            {
                _tokens = new Dictionary<string, string>();
                Log.TokensFileMissing(logger, path);
                return _tokens;
            }

            try
            {
                _tokens = Parse(File.ReadAllText(path), path);
                Log.TokensFileLoaded(logger, path, _tokens.Count);
                if (SecretFiles.IsReadableByOthers(path))
                {
                    Log.TokensFileReadableByOthers(logger, path);
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                Log.TokensFileUnreadable(logger, path, error.Message);
            }

            return _tokens;
        }
    }

    /// <summary>Parses the file: a YAML map of uuid to token; an empty file is an empty map.</summary>
    /// <exception cref="InvalidDataException">The text is not such a map; the message names the line.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string yaml, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException error)
        {
            throw new InvalidDataException($"{path}: line {error.Start.Line}: not valid YAML; expected lines of 'uuid: token'");
        }

        if (stream.Documents.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode map)
        {
            throw new InvalidDataException($"{path}: expected a map of 'uuid: token' lines");
        }

        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } uuid } || value is not YamlScalarNode { Value: { Length: > 0 } token })
            {
                // Never echo the value: it is a token.
                throw new InvalidDataException($"{path}: line {key.Start.Line}: expected 'uuid: token' with a non-empty uuid and token");
            }

            tokens[uuid] = token;
        }

        return tokens;
    }
}
