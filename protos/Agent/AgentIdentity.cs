using System.Text;

namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// One key of an <c>SSH_AGENT_IDENTITIES_ANSWER</c>: its public key blob and comment. Both are
/// kept as the agent's exact bytes, so re-encoding a filtered list changes nothing but the count
/// and the keys removed.
/// </summary>
internal sealed class AgentIdentity
{
    /// <summary>Creates an identity from copies of the given bytes.</summary>
    public AgentIdentity(ReadOnlySpan<byte> keyBlob, ReadOnlySpan<byte> comment)
    {
        KeyBlob = keyBlob.ToArray();
        Comment = comment.ToArray();
    }

    /// <summary>Creates an identity whose comment is <paramref name="comment"/> in UTF-8.</summary>
    public AgentIdentity(ReadOnlySpan<byte> keyBlob, string comment)
        : this(keyBlob, Encoding.UTF8.GetBytes(comment))
    {
    }

    /// <summary>The public key blob (RFC 4253 §6.6 encoding), as the agent sent it.</summary>
    public ReadOnlyMemory<byte> KeyBlob { get; }

    /// <summary>The comment bytes, as the agent sent them (UTF-8 by convention, not by guarantee).</summary>
    public ReadOnlyMemory<byte> Comment { get; }

    /// <summary>The comment decoded as UTF-8, with invalid sequences replaced, for display.</summary>
    public string CommentText => Encoding.UTF8.GetString(Comment.Span);

    /// <summary>The key's OpenSSH SHA256 fingerprint (<c>SHA256:…</c>).</summary>
    public string Fingerprint => SshFingerprint.Compute(KeyBlob.Span);
}
