namespace GrpcRelay.Protocol.Configuration;

/// <summary>
/// The original programs parsed flags with Go's <c>flag</c> package, which takes <c>-uuid x</c>
/// and <c>-uuid=x</c> as well as <c>--uuid x</c>. Scripts written for them keep working because
/// single-dash spellings of our long flags are rewritten before parsing.
/// </summary>
internal static class GoStyleFlags
{
    /// <summary>
    /// Rewrites <c>-name</c> and <c>-name=value</c> to <c>--name</c> and <c>--name=value</c> when
    /// <c>--name</c> is in <paramref name="longFlags"/>. Leaves alone the value after a flag in
    /// <paramref name="flagsTakingValue"/> (as Go does, <c>--token -key</c> is the token "-key")
    /// and everything after <c>--</c>.
    /// </summary>
    public static string[] Normalize(IReadOnlyList<string> args, IReadOnlySet<string> longFlags, IReadOnlySet<string> flagsTakingValue)
    {
        var result = new string[args.Count];
        var valueExpected = false;
        var afterSeparator = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (valueExpected || afterSeparator)
            {
                valueExpected = false;
                result[i] = arg;
                continue;
            }

            afterSeparator = arg == "--";
            if (arg.Length > 1 && arg[0] == '-' && arg[1] != '-' && longFlags.Contains("-" + NameOf(arg)))
            {
                arg = "-" + arg;
            }

            valueExpected = !arg.Contains('=', StringComparison.Ordinal) && flagsTakingValue.Contains(arg);
            result[i] = arg;
        }

        return result;
    }

    private static string NameOf(string arg)
    {
        var end = arg.IndexOf('=', StringComparison.Ordinal);
        return end < 0 ? arg : arg[..end];
    }
}
