using System;
using System.Globalization;
using System.Linq;
using Docker.DotNet.Models;

namespace PSDocker.Readiness
{
    /// <summary>How readiness errors describe a container: its name, its state, a probe's output on one line.</summary>
    internal static class ReadinessText
    {
        /// <summary>
        /// How many of a container's last log lines a failure shows (docker logs --tail 20): Wait-Container's
        /// ContainerNotReadyException, and any other readiness or assertion error that quotes the log.
        /// </summary>
        internal const int LogTailLines = 20;

        /// <summary>The container as messages name it: 'web' (its name without docker's slash), or its short id.</summary>
        internal static string Who(ContainerInspectResponse container)
        {
            string name = container.Name?.TrimStart('/') ?? "";
            if (name.Length > 0)
            {
                return $"'{name}'";
            }

            string id = container.ID ?? "";
            return $"'{(id.Length > 12 ? id.Substring(0, 12) : id)}'";
        }

        /// <summary>
        /// The container's state in words: "running, started 31 s ago", "exited with code 3", "created (not started)",
        /// "paused", "restarting (restart 2)".
        /// </summary>
        internal static string State(ContainerInspectResponse container, DateTime utcNow)
        {
            State? s = container.State;
            string status = s?.Status ?? "unknown";
            switch (status)
            {
                case "running":
                    return TryParseTime(s!.StartedAt) is DateTime started && started <= utcNow
                        ? $"running, started {ContainerNotReadyException.FormatSpan(utcNow - started)} ago"
                        : "running";
                case "exited":
                case "dead":
                    string oom = s!.OOMKilled ? ", killed for lack of memory (OOMKilled)" : "";
                    string error = string.IsNullOrEmpty(s.Error) ? "" : $", error: {s.Error}";
                    return $"{status} with code {s.ExitCode.ToString(CultureInfo.InvariantCulture)}{oom}{error}";
                case "created":
                    return "created (not started)";
                case "restarting":
                    return $"restarting (restart {container.RestartCount.ToString(CultureInfo.InvariantCulture)})";
                default:
                    return status;
            }
        }

        /// <summary>True for a state the container does not leave by itself: exited, dead, being removed.</summary>
        internal static bool HasStopped(State? state) => state?.Status is "exited" or "dead" or "removing";

        /// <summary>Text on one line, shortened to <paramref name="max"/> characters.</summary>
        internal static string OneLine(string? text, int max)
        {
            string line = string.Join(" ", (text ?? "").Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()))
                .Trim();
            return line.Length > max ? line.Substring(0, max) + "..." : line;
        }

        /// <summary>An engine time (RFC 3339, nanoseconds) as UTC; null for none, or the zero time of one that never happened.</summary>
        internal static DateTime? TryParseTime(string? text) =>
            DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime t) &&
            t.Year > 1 ? t : null;
    }
}
