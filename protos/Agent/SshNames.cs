using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// SSH names (algorithm, key type, service and method names), RFC 4251 §6: 1 to 64 printable
/// US-ASCII characters without spaces or commas. Names read from the wire are checked before
/// they become strings, because they end up in logs.
/// </summary>
internal static class SshNames
{
    /// <summary>Longest name RFC 4251 §6 allows.</summary>
    public const int MaxLength = 64;

    /// <summary>Whether <paramref name="name"/> is a valid SSH name.</summary>
    public static bool IsValid(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name.Length > MaxLength)
        {
            return false;
        }

        foreach (var b in name)
        {
            // 0x21..0x7E: printable without space or DEL; commas separate names in lists.
            if (b is < 0x21 or > 0x7E or (byte)',')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Decodes <paramref name="name"/> if it is a valid SSH name.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> name, [NotNullWhen(true)] out string? value)
    {
        value = IsValid(name) ? Encoding.ASCII.GetString(name) : null;
        return value is not null;
    }
}
