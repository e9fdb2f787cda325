using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.Protocol.Tests.Agent;

/// <summary>
/// Every parser, on random and damaged input, either succeeds or fails with its documented
/// error; any other exception escapes the lambda and fails the property. Round trips check that
/// encoding and parsing agree.
/// </summary>
public sealed class AgentPropertyTests
{
    private const int Cases = 2000;

    private static readonly HashSet<byte> _defaultRequests = [11, 13];
    private static readonly HashSet<byte> _defaultResponses = [5, 6, 12, 14, 28];

    [Property(MaxTest = Cases)]
    public Property ReadAsync_AnyBytesInAnyChunks_ReturnsExactMessagesOrProtocolError() =>
        Prop.ForAll(
            Arb.From(AgentGenerators.FuzzStream.Zip(Gen.Choose(1, 9))),
            input =>
            {
                var (data, chunkSize) = input;
                using var stream = new ChunkedReadStream(data, chunkSize);
                var consumed = 0;
                try
                {
                    while (ReadSynchronously(stream) is { } message)
                    {
                        if (!AgentMessage.TryParse(message, out _, out _)
                            || !data.AsSpan(consumed).StartsWith(message))
                        {
                            return false;
                        }

                        consumed += message.Length;
                    }

                    return consumed == data.Length;
                }
                catch (AgentProtocolException)
                {
                    return true;
                }
            });

    [Property(MaxTest = Cases)]
    public Property ReadAsync_CreatedMessageOneBytePerRead_ReturnsSameBytes() =>
        Prop.ForAll(
            Arb.From(AgentGenerators.Byte.Zip(AgentGenerators.Bytes)),
            input =>
            {
                var (type, contents) = input;
                var message = AgentMessage.Create(type, contents);
                using var stream = new ChunkedReadStream(message, chunkSize: 1);

                var read = ReadSynchronously(stream);
                var parsedType = AgentMessage.Parse(read, out var parsedContents);

                return read is not null
                    && read.AsSpan().SequenceEqual(message)
                    && parsedType == type
                    && parsedContents.SequenceEqual(contents)
                    && ReadSynchronously(stream) is null;
            });

    [Property(MaxTest = Cases)]
    public Property Parse_AnyBytes_ReturnsReEncodableFrameOrProtocolError() =>
        Prop.ForAll(
            Arb.From(AgentGenerators.Fuzz(AgentGenerators.ValidMessage)),
            input => SucceedsOrFailsWithProtocolError(() =>
            {
                var type = AgentMessage.Parse(input, out var contents);
                return AgentMessage.Create(type, contents).AsSpan().SequenceEqual(input);
            }));

    [Property(MaxTest = Cases)]
    public Property IdentitiesAnswerParse_AnyBytes_ReturnsReEncodableListOrProtocolError() =>
        Prop.ForAll(
            Arb.From(AgentGenerators.Fuzz(AgentGenerators.IdentitiesAnswerMessage)),
            input => SucceedsOrFailsWithProtocolError(() =>
                IdentitiesAnswer.Encode(IdentitiesAnswer.Parse(input)).AsSpan().SequenceEqual(input)));

    [Property(MaxTest = Cases)]
    public Property IdentitiesAnswerEncode_AnyIdentities_ParsesBackAndMatchesHandEncoding() =>
        Prop.ForAll(
            Arb.From(AgentGenerators.Identities),
            identities =>
            {
                var message = IdentitiesAnswer.Encode(identities);

                var parsed = IdentitiesAnswer.Parse(message);

                return message.AsSpan().SequenceEqual(AgentGenerators.EncodeByHand(identities))
                    && parsed.Count == identities.Length
                    && parsed.Zip(identities).All(pair =>
                        pair.First.KeyBlob.Span.SequenceEqual(pair.Second.KeyBlob.Span)
                        && pair.First.Comment.Span.SequenceEqual(pair.Second.Comment.Span));
            });

    [Property(MaxTest = Cases)]
    public Property SignRequestParse_AnyBytes_ReturnsReEncodableRequestOrProtocolError() =>
        Prop.ForAll(
            Arb.From(AgentGenerators.Fuzz(AgentGenerators.SignRequestMessage)),
            input => SucceedsOrFailsWithProtocolError(() =>
                SignRequest.Parse(input).Encode().AsSpan().SequenceEqual(input)));

    [Property(MaxTest = Cases)]
    public Property SignRequestEncode_AnyFields_ParsesBack() =>
        Prop.ForAll(
            Arb.From(
                from keyBlob in AgentGenerators.KeyBlob
                from data in AgentGenerators.Bytes
                from flags in AgentGenerators.UInt32
                select (keyBlob, data, flags)),
            input =>
            {
                var (keyBlob, data, flags) = input;

                var parsed = SignRequest.Parse(new SignRequest(keyBlob, data, flags).Encode());

                return parsed.KeyBlob.Span.SequenceEqual(keyBlob)
                    && parsed.Data.Span.SequenceEqual(data)
                    && parsed.Flags == flags;
            });

    [Property(MaxTest = Cases)]
    public Property UserAuthTryParse_AnyBytes_NeverThrowsAndNamesAreLogSafe() =>
        Prop.ForAll(
            Arb.From(AgentGenerators.Fuzz(AgentGenerators.UserAuthData)),
            input =>
            {
                var request = SshUserAuthRequest.TryParse(input);

                return request is null
                    || (!request.UserName.Any(char.IsControl)
                        && SshNames.IsValid(System.Text.Encoding.ASCII.GetBytes(request.ServiceName))
                        && request.Method is SshUserAuthRequest.PublicKeyMethod or SshUserAuthRequest.HostBoundPublicKeyMethod);
            });

    [Property(MaxTest = Cases)]
    public Property UserAuthTryParse_EncodedRequest_ReturnsItsFields() =>
        Prop.ForAll(
            Arb.From(
                from sessionId in AgentGenerators.Bytes
                from user in AgentGenerators.UserName
                from method in AgentGenerators.Method
                from keyBlob in AgentGenerators.KeyBlob
                from hostKey in AgentGenerators.KeyBlob
                select (sessionId, user, method, keyBlob, hostKey)),
            input =>
            {
                var hostBound = input.method == SshUserAuthRequest.HostBoundPublicKeyMethod;
                var data = TestWire.UserAuthData(input.sessionId, input.user, "ssh-connection", input.method, "ssh-ed25519", input.keyBlob, hostBound ? input.hostKey : null);

                var request = SshUserAuthRequest.TryParse(data);

                return request is not null
                    && request.UserName == input.user
                    && request.ServiceName == "ssh-connection"
                    && request.Method == input.method
                    && request.Algorithm == "ssh-ed25519"
                    && request.KeyBlob.Span.SequenceEqual(input.keyBlob)
                    && request.HostKeyBlob.Span.SequenceEqual(hostBound ? input.hostKey : []);
            });

    [Property(MaxTest = Cases)]
    public Property Policy_AnyBytes_AllowsExactlyWellFormedWhitelistedTypes() =>
        Prop.ForAll(
            Arb.From(AgentGenerators.Fuzz(AgentGenerators.ValidMessage)),
            input =>
            {
                var wellFormed = AgentMessage.TryParse(input, out var type, out _);

                var request = AgentMessagePolicy.Default.IsRequestAllowed(input);
                var response = AgentMessagePolicy.Default.IsResponseAllowed(input);

                return request == (wellFormed && _defaultRequests.Contains(type))
                    && response == (wellFormed && _defaultResponses.Contains(type));
            });

    [Property(MaxTest = Cases)]
    public Property FilterIdentitiesAnswer_AnyBytes_ReturnsAllowedSubsetOrProtocolError() =>
        Prop.ForAll(
            Arb.From(AgentGenerators.Fuzz(AgentGenerators.IdentitiesAnswerMessage).Zip(AgentGenerators.KeyBlob.ArrayOf())),
            input =>
            {
                var (message, allowedKeys) = input;
                var filter = new IdentityFilter(allowedKeys.Select(key => SshFingerprint.Compute(key)));
                return SucceedsOrFailsWithProtocolError(() =>
                {
                    var before = IdentitiesAnswer.Parse(message);
                    var after = IdentitiesAnswer.Parse(filter.FilterIdentitiesAnswer(message));
                    var expected = before.Where(identity => filter.IsKeyAllowed(identity.KeyBlob.Span)).ToList();
                    return after.Count == expected.Count
                        && after.Zip(expected).All(pair => pair.First.KeyBlob.Span.SequenceEqual(pair.Second.KeyBlob.Span));
                });
            });

    [Property(MaxTest = Cases)]
    public Property FilterIdentitiesAnswer_RandomAllowedSubset_KeepsExactlyThoseKeysInOrder() =>
        Prop.ForAll(
            Arb.From(AgentGenerators.Identities.SelectMany(identities =>
                Gen.Elements(true, false).ArrayOf(identities.Length).Select(mask => (identities, mask)))),
            input =>
            {
                var (identities, mask) = input;
                var allowed = identities.Where((_, i) => mask[i]).Select(identity => identity.Fingerprint).ToHashSet();
                var filter = new IdentityFilter(allowed);

                var filtered = IdentitiesAnswer.Parse(filter.FilterIdentitiesAnswer(IdentitiesAnswer.Encode(identities)));

                var expected = allowed.Count == 0 ? identities : identities.Where(identity => allowed.Contains(identity.Fingerprint)).ToArray();
                return filtered.Select(identity => identity.Fingerprint).SequenceEqual(expected.Select(identity => identity.Fingerprint));
            });

    [Property(MaxTest = Cases)]
    public Property IsSignRequestAllowed_AnyBytes_AnswersOrProtocolError() =>
        Prop.ForAll(
            Arb.From(AgentGenerators.Fuzz(AgentGenerators.SignRequestMessage).Zip(AgentGenerators.KeyBlob)),
            input =>
            {
                var (message, allowedKey) = input;
                var filter = new IdentityFilter([SshFingerprint.Compute(allowedKey)]);
                return SucceedsOrFailsWithProtocolError(() =>
                    filter.IsSignRequestAllowed(message) == SignRequest.Parse(message).KeyBlob.Span.SequenceEqual(allowedKey));
            });

    [Property(MaxTest = Cases)]
    public Property GetKeyType_AnyBytes_ReturnsNameOrProtocolErrorAndAgreesWithTry() =>
        Prop.ForAll(
            Arb.From(AgentGenerators.Fuzz(AgentGenerators.KeyBlob)),
            input =>
            {
                var found = SshKeyBlob.TryGetKeyType(input, out var expected);
                try
                {
                    var keyType = SshKeyBlob.GetKeyType(input);
                    return found && keyType == expected;
                }
                catch (AgentProtocolException)
                {
                    return !found;
                }
            });

    [Property(MaxTest = Cases)]
    public Property Normalize_ComputedFingerprint_IsFixedPointWithAndWithoutPrefix() =>
        Prop.ForAll(
            Arb.From(AgentGenerators.Bytes),
            blob =>
            {
                var fingerprint = SshFingerprint.Compute(blob);
                var hashOnly = fingerprint[SshFingerprint.Prefix.Length..];

                return fingerprint.Length == SshFingerprint.Prefix.Length + SshFingerprint.HashCharacters
                    && SshFingerprint.Normalize(fingerprint) == fingerprint
                    && SshFingerprint.Normalize(hashOnly) == fingerprint;
            });

    [Property(MaxTest = Cases)]
    public Property TryNormalize_AnyText_NeverThrowsAndIsIdempotent() =>
        Prop.ForAll(
            Arb.From(
                from prefix in Gen.Elements("", "SHA256:", "sha256:", "MD5:", " ")
                from body in Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_: \n".ToCharArray())
                    .ArrayOf()
                    .Select(chars => new string(chars))
                from length in Gen.Choose(40, 46)
                select prefix + (body.Length >= length ? body[..length] : body)),
            text =>
            {
                if (!SshFingerprint.TryNormalize(text, out var fingerprint))
                {
                    return true;
                }

                return fingerprint.StartsWith(SshFingerprint.Prefix, StringComparison.Ordinal)
                    && SshFingerprint.TryNormalize(fingerprint, out var again)
                    && again == fingerprint;
            });

    private static bool SucceedsOrFailsWithProtocolError(Func<bool> parse)
    {
        try
        {
            return parse();
        }
        catch (AgentProtocolException)
        {
            return true;
        }
    }

    // The in-memory stream completes every read synchronously, so the reader's ValueTask has
    // finished by the time it returns; FsCheck properties are synchronous.
    private static byte[]? ReadSynchronously(Stream stream)
    {
        var pending = AgentMessageReader.ReadAsync(stream, cancellationToken: TestContext.Current.CancellationToken);
        if (!pending.IsCompleted)
        {
            throw new InvalidOperationException("An in-memory read did not complete synchronously.");
        }

        return pending.GetAwaiter().GetResult();
    }
}
