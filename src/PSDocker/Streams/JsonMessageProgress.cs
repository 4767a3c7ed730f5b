using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using Docker.DotNet.Models;

namespace PSDocker.Streams
{
    /// <summary>What kind of failure an error in a JSON message stream (or the engine's answer to the request) reports.</summary>
    internal enum RegistryErrorKind
    {
        /// <summary>Anything else (the registry is not there, a layer failed, ...): ImagePullFailed / ImagePushFailed.</summary>
        Failed,

        /// <summary>The image, tag or repository does not exist: ImageNotFound.</summary>
        NotFound,

        /// <summary>The registry refused the credentials or wants some: RegistryAuthenticationFailed.</summary>
        Authentication,
    }

    /// <summary>A tag a push finished, from the stream's aux message {"Tag","Digest","Size"}.</summary>
    internal sealed class PushedTag
    {
        internal PushedTag(string tag, string digest, long size)
        {
            Tag = tag;
            Digest = digest;
            Size = size;
        }

        internal string Tag { get; }

        internal string Digest { get; }

        internal long Size { get; }
    }

    /// <summary>
    /// The pure state behind the progress display of an engine JSON message stream (pull, push, and the pulls inside
    /// build and load): one child record per layer id under one parent activity, throttled per layer, and what the
    /// stream says besides (status lines without an id, the first error, push results). It only decides; the
    /// <see cref="JsonMessageWriter"/> writes what it returns on the pipeline thread.
    /// <list type="bullet">
    /// <item>A message with an id is a layer ("Pulling fs layer", "Waiting", "Downloading" with progressDetail
    /// current/total, "Verifying Checksum", "Download complete", "Extracting", then "Pull complete" / "Already exists";
    /// "Preparing", "Pushing", then "Pushed" / "Layer already exists" / "Mounted from ..."). The final statuses
    /// complete its record. "Pulling from NAME" (id = the tag) is a status line, not a layer.</item>
    /// <item>Throttling: a layer's record is written when its status text changes, when it completes, or when
    /// <see cref="Interval"/> has passed since its last record; the parent at most once per interval and whenever
    /// a layer completes. Skipped updates cost nothing but the state change.</item>
    /// <item>The parent's percent is the mean over the layers seen: a finished layer counts 1; a pull's download
    /// counts for the first half and its extraction for the second; any other progress (push, load) for all.</item>
    /// </list>
    /// </summary>
    internal sealed class JsonMessageProgress
    {
        /// <summary>The least time between two records of one layer (and of the parent): 100 ms.</summary>
        internal static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

        private readonly Dictionary<string, Layer> _layers = new Dictionary<string, Layer>(StringComparer.Ordinal);
        private readonly List<Layer> _order = new List<Layer>();
        private readonly List<PushedTag> _pushed = new List<PushedTag>();
        private readonly long _intervalTicks;
        private long? _parentWritten;
        private bool _parentOpen;

        /// <param name="activity">The parent activity: "Pulling 127.0.0.1:5000/app:1.0".</param>
        /// <param name="parentActivityId">The parent record's ActivityId; layers take the ids after it.</param>
        /// <param name="interval">The least time between two records of one layer; <see cref="DefaultInterval"/> when null.</param>
        internal JsonMessageProgress(string activity, int parentActivityId, TimeSpan? interval = null)
        {
            if (string.IsNullOrEmpty(activity))
            {
                throw new ArgumentException("An activity is required.", nameof(activity));
            }

            Activity = activity;
            ParentActivityId = parentActivityId;
            Interval = interval ?? DefaultInterval;
            _intervalTicks = Interval.Ticks;
        }

        internal string Activity { get; }

        internal int ParentActivityId { get; }

        internal TimeSpan Interval { get; }

        /// <summary>The first error message the stream carried (errorDetail.message, else error), or null.</summary>
        internal string? Error { get; private set; }

        /// <summary>The error code the stream gave with <see cref="Error"/>, if any.</summary>
        internal long? ErrorCode { get; private set; }

        /// <summary>The last status line without an id ("Status: Downloaded newer image for ..."), or null.</summary>
        internal string? LastStatus { get; private set; }

        /// <summary>The tags a push finished, in stream order (aux {"Tag","Digest","Size"}).</summary>
        internal IReadOnlyList<PushedTag> Pushed => _pushed;

        /// <summary>The number of layers seen.</summary>
        internal int LayerCount => _order.Count;

        /// <summary>The number of layers whose record is complete.</summary>
        internal int CompletedCount { get; private set; }

        /// <summary>
        /// Takes one message at <paramref name="now"/> (any monotonic clock) and adds the records to write now to
        /// <paramref name="records"/>. Returns a text line for the verbose stream (status lines without an id,
        /// "Pulling from", the "stream" text of a build), or null.
        /// </summary>
        internal string? Apply(JSONMessage message, TimeSpan now, IList<ProgressRecord> records)
        {
            if (message is null)
            {
                return null;
            }

            if (_parentWritten is null)
            {
                // The parent shows from the first message on, even when no layer follows (an image the engine has).
                AddParent(now, true, records);
            }

            string? error = !string.IsNullOrEmpty(message.Error?.Message) ? message.Error!.Message : null;
            if (error is not null)
            {
                if (Error is null)
                {
                    Error = error;
                    ErrorCode = message.Error?.Code;
                }

                return null;
            }

            if (message.Aux?.ExtensionData is { } aux && ReadPushedTag(aux) is PushedTag pushed)
            {
                _pushed.Add(pushed);
            }

            string status = message.Status ?? "";
            if (string.IsNullOrEmpty(message.ID))
            {
                if (status.Length > 0)
                {
                    LastStatus = status;
                    return status;
                }

                string? text = message.Stream?.TrimEnd('\r', '\n');
                return string.IsNullOrEmpty(text) ? null : text;
            }

            if (status.StartsWith("Pulling from ", StringComparison.Ordinal))
            {
                return message.ID + ": " + status;
            }

            if (status.Length == 0)
            {
                return null;
            }

            if (!_layers.TryGetValue(message.ID!, out Layer? layer))
            {
                layer = new Layer(message.ID!, ParentActivityId + 1 + _order.Count);
                _layers.Add(message.ID!, layer);
                _order.Add(layer);
            }

            bool final = IsFinal(status);
            bool statusChanged = !string.Equals(layer.Status, status, StringComparison.Ordinal);
            if (layer.Done && !final)
            {
                // A layer seen again (another tag of -AllTags): it is open once more.
                layer.Done = false;
                layer.Closed = false;
                CompletedCount--;
            }

            layer.Status = status;
            layer.Current = message.Progress?.Current ?? 0;
            layer.Total = message.Progress?.Total ?? 0;
            if (status == "Extracting")
            {
                layer.Extracting = true;
            }

            bool completedNow = false;
            if (final && !layer.Done)
            {
                layer.Done = true;
                layer.Closed = true;
                CompletedCount++;
                completedNow = true;
            }
            else if (final)
            {
                return null;
            }

            if (completedNow || statusChanged || layer.Written is null || now.Ticks - layer.Written.Value >= _intervalTicks)
            {
                layer.Written = now.Ticks;
                AddParent(now, completedNow || !_parentOpen, records);
                records.Add(LayerRecord(layer));
            }

            return null;
        }

        /// <summary>The records that close the display: every open layer, then the parent. Call once, at the end (also after an error or Ctrl+C).</summary>
        internal IList<ProgressRecord> Complete()
        {
            var records = new List<ProgressRecord>();
            foreach (Layer layer in _order)
            {
                if (layer.Written is not null && !layer.Closed)
                {
                    records.Add(Closed(LayerRecord(layer)));
                }

                layer.Closed = true;
            }

            if (_parentOpen)
            {
                records.Add(Closed(ParentRecord()));
                _parentOpen = false;
            }

            return records;
        }

        /// <summary>The parent's percent (0-100) over the layers seen; -1 before any layer.</summary>
        internal int ParentPercent
        {
            get
            {
                if (_order.Count == 0)
                {
                    return -1;
                }

                double sum = 0;
                foreach (Layer layer in _order)
                {
                    sum += layer.Fraction;
                }

                return (int)Math.Floor(100 * sum / _order.Count);
            }
        }

        /// <summary>
        /// Classifies an error message of the engine or the registry (and the HTTP status of the engine's answer,
        /// when it came as one) the way docker's own messages say it.
        /// </summary>
        internal static RegistryErrorKind Classify(string? message, int? httpStatus = null)
        {
            string m = message ?? "";
            if (Has(m, "repository does not exist"))
            {
                return RegistryErrorKind.NotFound;
            }

            if (Has(m, "unauthorized") || Has(m, "authentication required") || Has(m, "no basic auth credentials") ||
                Has(m, "incorrect username or password") || Has(m, "denied: requested access"))
            {
                return RegistryErrorKind.Authentication;
            }

            if (Has(m, "manifest unknown") || Has(m, "name unknown") || Has(m, "not found") ||
                Has(m, "does not exist locally") || Has(m, "No such image"))
            {
                return RegistryErrorKind.NotFound;
            }

            if (httpStatus == 401)
            {
                return RegistryErrorKind.Authentication;
            }

            return httpStatus == 404 ? RegistryErrorKind.NotFound : RegistryErrorKind.Failed;
        }

        /// <summary>True for messages that say the registry could not be reached at all (connection refused, no such host, timeout, TLS).</summary>
        internal static bool IsConnectionFailure(string? message)
        {
            string m = message ?? "";
            return Has(m, "connection refused") || Has(m, "no such host") || Has(m, "i/o timeout") || Has(m, "dial tcp") ||
                Has(m, "server gave HTTP response to HTTPS client") || Has(m, "connection reset") || Has(m, "x509:");
        }

        /// <summary>
        /// The exception for a failed pull or push: ImageNotFound (ObjectNotFound), RegistryAuthenticationFailed
        /// (PermissionDenied), else <paramref name="failedId"/> (ConnectionError when the registry was not reached,
        /// ResourceUnavailable otherwise), with the engine's message and <paramref name="target"/> as TargetObject.
        /// </summary>
        internal static PSDockerException ToException(string verb, string failedId, string target, string message, int? httpStatus = null, Exception? inner = null)
        {
            string text = $"Could not {verb} image '{target}': {message.TrimEnd()}";
            switch (Classify(message, httpStatus))
            {
                case RegistryErrorKind.NotFound:
                    return new PSDockerException(text, "ImageNotFound", ErrorCategory.ObjectNotFound, target, inner);
                case RegistryErrorKind.Authentication:
                    return new PSDockerException(text, "RegistryAuthenticationFailed", ErrorCategory.PermissionDenied, target, inner);
                default:
                    ErrorCategory category = IsConnectionFailure(message) ? ErrorCategory.ConnectionError
                        : httpStatus == 400 ? ErrorCategory.InvalidArgument
                        : ErrorCategory.ResourceUnavailable;
                    return new PSDockerException(text, failedId, category, target, inner);
            }
        }

        internal static bool IsFinal(string status) =>
            status == "Pull complete" || status == "Already exists" || status == "Pushed" || status == "Layer already exists" ||
            status.StartsWith("Mounted from ", StringComparison.Ordinal) || status == "Loading layer complete";

        private static bool Has(string text, string part) => text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;

        private void AddParent(TimeSpan now, bool force, IList<ProgressRecord> records)
        {
            if (force || _parentWritten is null || now.Ticks - _parentWritten.Value >= _intervalTicks)
            {
                _parentWritten = now.Ticks;
                _parentOpen = true;
                records.Add(ParentRecord());
            }
        }

        private ProgressRecord ParentRecord()
        {
            string description = _order.Count == 0
                ? "Starting"
                : $"{CompletedCount} of {_order.Count} layer{(_order.Count == 1 ? "" : "s")} complete";
            return new ProgressRecord(ParentActivityId, Activity, description) { PercentComplete = ParentPercent };
        }

        private ProgressRecord LayerRecord(Layer layer)
        {
            string description = layer.Status;
            if (!layer.Done && layer.Total > 0)
            {
                description += $" {Humanize.Size(layer.Current)} / {Humanize.Size(layer.Total)}";
            }
            else if (!layer.Done && layer.Current > 0)
            {
                description += $" {Humanize.Size(layer.Current)}";
            }

            var record = new ProgressRecord(layer.ActivityId, "Layer " + layer.Id, description)
            {
                ParentActivityId = ParentActivityId,
                PercentComplete = layer.Done ? 100 : layer.Total > 0 ? (int)Math.Min(100, Math.Max(0, 100 * layer.Current / layer.Total)) : -1,
            };
            if (layer.Done)
            {
                record.RecordType = ProgressRecordType.Completed;
            }

            return record;
        }

        private static ProgressRecord Closed(ProgressRecord record)
        {
            record.RecordType = ProgressRecordType.Completed;
            return record;
        }

        private static PushedTag? ReadPushedTag(IDictionary<string, object> aux)
        {
            string? tag = Text(aux, "Tag");
            string? digest = Text(aux, "Digest");
            if (tag is null || digest is null)
            {
                return null;
            }

            long size = 0;
            if (aux.TryGetValue("Size", out object? value))
            {
                size = value switch
                {
                    JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt64(out long n) => n,
                    long n => n,
                    int n => n,
                    double d => (long)d,
                    _ => 0,
                };
            }

            return new PushedTag(tag, digest, size);
        }

        private static string? Text(IDictionary<string, object> aux, string key) =>
            aux.TryGetValue(key, out object? value)
                ? value switch
                {
                    JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
                    string s => s,
                    _ => null,
                }
                : null;

        private sealed class Layer
        {
            internal Layer(string id, int activityId)
            {
                Id = id;
                ActivityId = activityId;
            }

            internal string Id { get; }

            internal int ActivityId { get; }

            internal string Status { get; set; } = "";

            internal long Current { get; set; }

            internal long Total { get; set; }

            internal bool Extracting { get; set; }

            internal bool Done { get; set; }

            internal bool Closed { get; set; }

            internal long? Written { get; set; }

            internal double Fraction
            {
                get
                {
                    if (Done)
                    {
                        return 1;
                    }

                    double part = Total > 0 ? Math.Min(1, Math.Max(0, (double)Current / Total)) : 0;
                    switch (Status)
                    {
                        case "Downloading":
                            return part / 2;
                        case "Verifying Checksum":
                        case "Download complete":
                            return 0.5;
                        case "Extracting":
                            return 0.5 + part / 2;
                        default:
                            return Extracting ? 0.5 : part;
                    }
                }
            }
        }
    }
}
