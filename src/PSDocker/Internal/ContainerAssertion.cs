using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text;

namespace PSDocker
{
    /// <summary>
    /// The verdicts and failure messages of PSDocker's Pester operators (Should -BeRunning, -BeHealthy, -HaveExitCode),
    /// which PSDocker registers when Pester is loaded. The operators read the container fresh with Get-Container and
    /// its last <see cref="LogTailLines"/> log lines with Get-ContainerLog, then ask this class for the verdict: a
    /// failure message shows the container's state (Status, ExitCode, Health, FailingStreak, the engine's Error) and
    /// that log tail, so a failing CI run explains itself. Scripts need not call it; Should does.
    /// </summary>
    public static class ContainerAssertion
    {
        /// <summary>
        /// How many of the container's last log lines (or of an exec's output and error lines) a failure message shows:
        /// as many as a failed Wait-Container shows.
        /// </summary>
        public const int LogTailLines = ContainerNotReadyException.LogTailLines;

        /// <summary>
        /// What an operator must read from the engine for <paramref name="actual"/>: a Container (its Id and Endpoint, read
        /// again, as the object may be stale), an ExecResult (its container) or a string (a container name or id, resolved
        /// on the session's engine). Null when there is nothing to read: an ExecResult given to -HaveExitCode holds its
        /// answer, and a value of another kind fails in <see cref="Evaluate"/> with a message naming its type.
        /// A name with wildcards is refused (ArgumentException): an assertion is about one container.
        /// </summary>
        public static ContainerAssertionTarget? GetTarget(string operatorName, object? actual)
        {
            Operator op = ParseOperator(operatorName);
            switch (Unwrap(actual))
            {
                case Container c:
                    return new ContainerAssertionTarget(c.Id, c.Name, c.Endpoint);
                case ExecResult r when op != Operator.HaveExitCode:
                    return new ContainerAssertionTarget(r.ContainerId, r.Container, r.Endpoint);
                case string s when !string.IsNullOrWhiteSpace(s):
                    if (WildcardPattern.ContainsWildcardCharacters(s))
                    {
                        throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                            "Should -{0} takes one container: '{1}' has wildcard characters. Select the containers with Get-Container and pipe them.", op, s));
                    }

                    return new ContainerAssertionTarget(s, s, null);
                default:
                    return null;
            }
        }

        /// <summary>
        /// The verdict of one operator. <paramref name="current"/> is the container as Get-Container read it just now (null
        /// when not found; <paramref name="lookupError"/> then says why), <paramref name="log"/> its last log lines
        /// (LogRecord objects or strings), <paramref name="expected"/> the exit code -HaveExitCode expects.
        /// </summary>
        public static ContainerAssertionResult Evaluate(string operatorName, object? actual, ContainerAssertionTarget? target,
            Container? current, object? log, bool negate, string? because, object? expected, string? lookupError)
        {
            Operator op = ParseOperator(operatorName);
            string bc = Because(because);
            actual = Unwrap(actual);
            long expectedCode = 0;
            if (op == Operator.HaveExitCode)
            {
                if (Unwrap(expected) is null)
                {
                    throw new ArgumentException("Should -HaveExitCode needs the exit code to expect: Should -HaveExitCode 0.");
                }

                expectedCode = LanguagePrimitives.ConvertTo<long>(Unwrap(expected));
            }

            if (op == Operator.HaveExitCode && actual is ExecResult exec)
            {
                return ExecExitCode(exec, expectedCode, negate, bc);
            }

            string verb = Expectation(op, negate, expectedCode);
            if (target is null)
            {
                return Fail(string.Format(CultureInfo.InvariantCulture,
                    "Expected a Container, {0}or a container name or id to {1},{2} but got {3}.",
                    op == Operator.HaveExitCode ? "an ExecResult " : "", verb, bc, Describe(actual)));
            }

            if (current is null)
            {
                // -Not fails too, so a misspelled name never passes; say how to assert that a container is gone.
                return Fail(string.Format(CultureInfo.InvariantCulture, "Expected container '{0}' to {1},{2} but it was not found{3}{4}",
                    target.Name, verb, bc, string.IsNullOrEmpty(lookupError) ? "." : ": " + lookupError!.TrimEnd('.') + ".",
                    negate ? Environment.NewLine + "A container that does not exist fails -Not too; to assert that it is gone: " +
                        $"Get-Container '{target.Name}' -ErrorAction Ignore | Should -BeNullOrEmpty" : ""));
            }

            bool holds;
            string actually;
            switch (op)
            {
                case Operator.BeRunning:
                    holds = current.State == ContainerState.Running;
                    actually = holds ? $"it is running ({current.Status})" : "it is " + StateText(current);
                    break;
                case Operator.BeHealthy:
                    string? health = current.HealthState?.Status ?? current.Health;
                    holds = current.State == ContainerState.Running && health == "healthy";
                    actually = current.State != ContainerState.Running ? "it is " + StateText(current)
                        : health is null ? "it has no health check (HEALTHCHECK in its image, or --health-cmd)"
                        : "its health is " + (current.HealthState?.ToString() ?? health);
                    break;
                default:
                    if (current.State != ContainerState.Exited && current.State != ContainerState.Dead || current.ExitCode is null)
                    {
                        // Not exited: neither form can be judged.
                        return Fail(Message(current, $"Expected container {Who(current)} to {verb},{bc} but it has not exited: it is {StateText(current)}.", log));
                    }

                    holds = current.ExitCode == expectedCode;
                    actually = $"it exited with code {current.ExitCode}";
                    break;
            }

            return holds != negate
                ? Pass()
                : Fail(Message(current, $"Expected container {Who(current)} to {verb},{bc} but {actually}.", log));
        }

        private enum Operator
        {
            BeRunning,
            BeHealthy,
            HaveExitCode,
        }

        private static Operator ParseOperator(string name) => name switch
        {
            "BeRunning" => Operator.BeRunning,
            "BeHealthy" => Operator.BeHealthy,
            "HaveExitCode" => Operator.HaveExitCode,
            _ => throw new ArgumentException($"'{name}' is not a PSDocker Should operator (BeRunning, BeHealthy, HaveExitCode).", nameof(name)),
        };

        private static string Expectation(Operator op, bool negate, long code)
        {
            string not = negate ? "not " : "";
            return op switch
            {
                Operator.BeRunning => not + "be running",
                Operator.BeHealthy => not + "be healthy",
                _ => (negate ? "exit with a code other than " : "exit with code ") + code.ToString(CultureInfo.InvariantCulture),
            };
        }

        private static ContainerAssertionResult ExecExitCode(ExecResult exec, long expected, bool negate, string bc)
        {
            string verb = (negate ? "to exit with a code other than " : "to exit with code ") + expected.ToString(CultureInfo.InvariantCulture);
            string what = $"the command '{string.Join(" ", exec.Command)}' in container '{exec.Container}'";
            var text = new StringBuilder();
            bool holds = exec.ExitCode.HasValue && (exec.ExitCode.Value == expected) != negate;
            if (holds)
            {
                return Pass();
            }

            text.Append("Expected ").Append(what).Append(' ').Append(verb).Append(',').Append(bc).Append(' ')
                .Append(exec.ExitCode.HasValue
                    ? "but it exited with code " + exec.ExitCode.Value.ToString(CultureInfo.InvariantCulture) + "."
                    : "but it has not exited (a -Detach command has no exit code yet).");
            AppendTail(text, "standard error", exec.Error);
            AppendTail(text, "standard output", exec.Output);
            return Fail(text.ToString());
        }

        /// <summary>The first line, then the container's state and its log tail.</summary>
        private static string Message(Container c, string first, object? log)
        {
            var text = new StringBuilder(first);
            text.AppendLine().Append("State: ").Append(c.State.ToString().ToLowerInvariant())
                .Append("; Status: ").Append(string.IsNullOrEmpty(c.Status) ? "-" : c.Status);
            if (c.ExitCode.HasValue && c.State is ContainerState.Exited or ContainerState.Dead or ContainerState.Restarting)
            {
                text.Append("; ExitCode: ").Append(c.ExitCode.Value.ToString(CultureInfo.InvariantCulture));
            }

            if (c.OOMKilled == true)
            {
                text.Append("; OOMKilled");
            }

            if (c.HealthState is ContainerHealth h)
            {
                text.Append("; Health: ").Append(h.Status).Append("; FailingStreak: ").Append(h.FailingStreak.ToString(CultureInfo.InvariantCulture));
                if (h.LastProbe is HealthProbe p)
                {
                    string output = Readiness.ReadinessText.OneLine(p.Output, 300);
                    text.AppendLine().Append("Last health probe: exit code ").Append(p.ExitCode.ToString(CultureInfo.InvariantCulture))
                        .Append(output.Length == 0 ? ", no output" : ": " + output);
                }
            }
            else if (c.Health is not null)
            {
                text.Append("; Health: ").Append(c.Health);
            }

            if (!string.IsNullOrEmpty(c.Error))
            {
                text.AppendLine().Append("Error: ").Append(c.Error);
            }

            AppendTail(text, "log", LogLines(log));
            return text.ToString();
        }

        private static void AppendTail(StringBuilder text, string what, IReadOnlyList<string> lines)
        {
            text.AppendLine();
            if (lines.Count == 0)
            {
                text.Append("No ").Append(what).Append(" lines.");
                return;
            }

            int skip = Math.Max(0, lines.Count - LogTailLines);
            text.Append("Last ").Append((lines.Count - skip).ToString(CultureInfo.InvariantCulture)).Append(' ').Append(what)
                .Append(lines.Count - skip == 1 ? " line:" : " lines:");
            for (int i = skip; i < lines.Count; i++)
            {
                text.AppendLine().Append("    ").Append(lines[i]);
            }
        }

        private static IReadOnlyList<string> LogLines(object? log)
        {
            var lines = new List<string>();
            IEnumerable? items = Unwrap(log) is string single ? new[] { single } : LanguagePrimitives.GetEnumerable(Unwrap(log));
            if (items is null)
            {
                return lines;
            }

            foreach (object? item in items)
            {
                switch (Unwrap(item))
                {
                    case null:
                        break;
                    case LogRecord r:
                        lines.Add(r.Text);
                        break;
                    case object o:
                        lines.Add(o.ToString() ?? "");
                        break;
                }
            }

            return lines;
        }

        private static string StateText(Container c) => c.State switch
        {
            ContainerState.Exited when c.ExitCode.HasValue => $"exited with code {c.ExitCode} ({c.Status})",
            ContainerState.Created => "created and never started",
            _ => $"{c.State.ToString().ToLowerInvariant()} ({c.Status})",
        };

        private static string Who(Container c) => $"'{c.Name}' ({c.ShortId})";

        /// <summary>As Pester words a -Because: " because REASON," or nothing.</summary>
        private static string Because(string? because)
        {
            string b = (because ?? "").Trim();
            if (b.Length == 0)
            {
                return "";
            }

            if (b.StartsWith("because ", StringComparison.OrdinalIgnoreCase))
            {
                b = b.Substring("because ".Length);
            }

            return " because " + b + ",";
        }

        private static string Describe(object? actual) => actual switch
        {
            null => "$null",
            string s => $"'{s}'",
            _ => $"{("AEIOU".IndexOf(actual.GetType().Name[0]) >= 0 ? "an" : "a")} {actual.GetType().Name} ({actual})",
        };

        private static object? Unwrap(object? value) => value is PSObject p ? p.BaseObject : value;

        private static ContainerAssertionResult Pass() => new ContainerAssertionResult(true, null);

        private static ContainerAssertionResult Fail(string message) => new ContainerAssertionResult(false, message);
    }

    /// <summary>The container a PSDocker Should operator reads: by Id on its Endpoint, or by name or id on the session's engine.</summary>
    public sealed class ContainerAssertionTarget
    {
        internal ContainerAssertionTarget(string id, string name, DockerEndpoint? endpoint)
        {
            Id = id;
            Name = name;
            Endpoint = endpoint;
        }

        /// <summary>The container's id (or the name or id as given, when <see cref="Endpoint"/> is null).</summary>
        public string Id { get; }

        /// <summary>The container's name as the message shows it.</summary>
        public string Name { get; }

        /// <summary>The engine the object came from; null for a name or id given as a string.</summary>
        public DockerEndpoint? Endpoint { get; }
    }

    /// <summary>What a Pester operator returns to Should: whether the assertion held and, if not, why.</summary>
    public sealed class ContainerAssertionResult
    {
        internal ContainerAssertionResult(bool succeeded, string? failureMessage)
        {
            Succeeded = succeeded;
            FailureMessage = failureMessage;
        }

        /// <summary>True when the assertion held (with -Not: when it did not).</summary>
        public bool Succeeded { get; }

        /// <summary>Why it failed: the expectation, the container's state and its log tail; null when it held.</summary>
        public string? FailureMessage { get; }
    }
}
