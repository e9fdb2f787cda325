using System.Text;

namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>
/// The lines a process wrote to stdout and stderr, in arrival order, safe to read while the
/// process is still writing.
/// </summary>
internal sealed class ProcessLog
{
    private readonly List<ProcessLogLine> _lines = [];
    private readonly Lock _gate = new();

    /// <summary>A copy of every line so far.</summary>
    public IReadOnlyList<ProcessLogLine> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Appends a line as it arrives.</summary>
    public void Add(ProcessLogStream stream, string text)
    {
        lock (_gate)
        {
            _lines.Add(new ProcessLogLine(stream, text));
        }
    }

    /// <summary>The first line so far that satisfies <paramref name="predicate"/>, or null.</summary>
    public ProcessLogLine? Find(Func<string, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        lock (_gate)
        {
            foreach (var line in _lines)
            {
                if (predicate(line.Text))
                {
                    return line;
                }
            }

            return null;
        }
    }

    /// <summary>The last <paramref name="count"/> lines as text, each marked with its stream, for failure messages.</summary>
    public string Tail(int count = 40)
    {
        var lines = Lines;
        var text = new StringBuilder();
        foreach (var line in lines.Skip(Math.Max(0, lines.Count - count)))
        {
            text.Append(line.Stream == ProcessLogStream.StandardError ? "err| " : "out| ").AppendLine(line.Text);
        }

        return text.ToString();
    }
}
