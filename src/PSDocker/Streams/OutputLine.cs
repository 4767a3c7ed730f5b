using System.Management.Automation;

namespace PSDocker.Streams
{
    /// <summary>Which of a container's output streams a line came from.</summary>
    internal enum OutputStreamKind
    {
        /// <summary>The container's standard output (also every line of a TTY container, whose streams are merged).</summary>
        StandardOutput = 1,

        /// <summary>The container's standard error.</summary>
        StandardError = 2,
    }

    /// <summary>One line of a container's output, without its line ending.</summary>
    internal readonly struct OutputLine
    {
        internal OutputLine(OutputStreamKind stream, string text)
        {
            Stream = stream;
            Text = text;
        }

        internal OutputStreamKind Stream { get; }

        internal string Text { get; }

        /// <summary>
        /// A standard-error line as a non-terminating error, the way PowerShell reports a native command's stderr:
        /// a RemoteException whose message is the line, error id ContainerStandardError, category NotSpecified,
        /// and <paramref name="target"/> (the container) as TargetObject.
        /// </summary>
        internal ErrorRecord ToErrorRecord(object? target) =>
            new ErrorRecord(new RemoteException(Text), StandardErrorId, ErrorCategory.NotSpecified, target);

        /// <summary>The error id of a container's standard-error lines written to the error stream.</summary>
        internal const string StandardErrorId = "ContainerStandardError";

        public override string ToString() => (Stream == OutputStreamKind.StandardError ? "err: " : "out: ") + Text;
    }
}
