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

        public override string ToString() => (Stream == OutputStreamKind.StandardError ? "err: " : "out: ") + Text;
    }
}
