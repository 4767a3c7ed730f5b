using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text;
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

    /// <summary>Where a text line of a JSON message stream goes.</summary>
    internal enum JsonMessageLineKind
    {
        /// <summary>A status line without a layer ("Digest: ...", "Status: ...", "1.0: Pulling from app"): verbose.</summary>
        Status,

        /// <summary>A whole line of the "stream" text (a build's step output, docker load's "Loaded image: ..."): the writer's stream callback.</summary>
        Stream,
    }

    /// <summary>One text line of a JSON message stream, without its line ending.</summary>
    internal readonly struct JsonMessageLine
    {
        internal JsonMessageLine(JsonMessageLineKind kind, string text)
        {
            Kind = kind;
            Text = text;
        }

        internal JsonMessageLineKind Kind { get; }

        internal string Text { get; }

        public override string ToString() => Text;
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
    /// <item>The "stream" text (build, load) comes in chunks that may hold several lines or part of one: it is cut
    /// into whole lines at "\n" (a "\r" before it dropped), the unfinished last line given by <see cref="EndOfStream"/>.
    /// A line longer than <see cref="MaxLineLength"/> characters is given in pieces of that length, so output without
    /// newlines never grows a buffer without bound (as <see cref="LineSplitter"/> does for container output).</item>
    /// <item>What the stream names besides: the built image's id (build's aux {"ID"}), the loaded images ("Loaded
    /// image: NAME:TAG" / "Loaded image ID: sha256:..." lines of docker load), the tags a push finished (aux
    /// {"Tag","Digest","Size"}), and its first error with the error's code.</item>
    /// </list>
    /// </summary>
    internal sealed class JsonMessageProgress
    {
        /// <summary>The least time between two records of one layer (and of the parent): 100 ms.</summary>
        internal static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

        private readonly Dictionary<string, Layer> _layers = new Dictionary<string, Layer>(StringComparer.Ordinal);
        private readonly List<Layer> _order = new List<Layer>();
        private readonly List<PushedTag> _pushed = new List<PushedTag>();
        private readonly List<string> _loaded = new List<string>();
        private readonly StringBuilder _partial = new StringBuilder();
        private readonly long _intervalTicks;
        private bool _continued;
        private long? _parentWritten;
        private bool _parentOpen;

        /// <param name="activity">The parent activity: "Pulling 127.0.0.1:5000/app:1.0".</param>
        /// <param name="parentActivityId">The parent record's ActivityId; layers take the ids after it.</param>
        /// <param name="interval">The least time between two records of one layer; <see cref="DefaultInterval"/> when null.</param>
        /// <param name="maxLineLength">The longest "stream" line given whole; <see cref="LineSplitter.DefaultMaxLineLength"/> by default.</param>
        internal JsonMessageProgress(string activity, int parentActivityId, TimeSpan? interval = null, int maxLineLength = LineSplitter.DefaultMaxLineLength)
        {
            if (maxLineLength < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(maxLineLength), maxLineLength, "A line must be allowed at least 2 characters.");
            }

            MaxLineLength = maxLineLength;
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

        /// <summary>The longest "stream" line given whole; longer ones are given in pieces of this many characters.</summary>
        internal int MaxLineLength { get; }

        /// <summary>
        /// The first error the stream carried: errorDetail.message, or "error code N" when it has a code and no message;
        /// null when there was none.
        /// </summary>
        internal string? Error { get; private set; }

        /// <summary>The code the stream gave with <see cref="Error"/> (errorDetail.code: a build's failed RUN exit status), if any.</summary>
        internal long? ErrorCode { get; private set; }

        /// <summary>The id of the image a build made ("sha256:..."), from its aux {"ID"} message (API 1.30 and later), or null.</summary>
        internal string? ImageId { get; private set; }

        /// <summary>What docker load loaded, in stream order, each once: "NAME:TAG" references and "sha256:..." ids.</summary>
        internal IReadOnlyList<string> Loaded => _loaded;

        /// <summary>The last status line without an id ("Status: Downloaded newer image for ..."), or null.</summary>
        internal string? LastStatus { get; private set; }

        /// <summary>The tags a push finished, in stream order (aux {"Tag","Digest","Size"}).</summary>
        internal IReadOnlyList<PushedTag> Pushed => _pushed;

        /// <summary>The number of layers seen.</summary>
        internal int LayerCount => _order.Count;

        /// <summary>The number of layers whose record is complete.</summary>
        internal int CompletedCount { get; private set; }

        /// <summary>
        /// Takes one message at <paramref name="now"/> (any monotonic clock), adds the records to write now to
        /// <paramref name="records"/> and the text lines it completes to <paramref name="lines"/>: status lines
        /// without an id and "Pulling from" (<see cref="JsonMessageLineKind.Status"/>), whole lines of the "stream"
        /// text (<see cref="JsonMessageLineKind.Stream"/>).
        /// </summary>
        internal void Apply(JSONMessage message, TimeSpan now, IList<ProgressRecord> records, IList<JsonMessageLine> lines)
        {
            if (message is null)
            {
                return;
            }

            if (_parentWritten is null)
            {
                // The parent shows from the first message on, even when no layer follows (an image the engine has).
                AddParent(now, true, records);
            }

            if (message.Error is { } jsonError && (!string.IsNullOrEmpty(jsonError.Message) || jsonError.Code is not null))
            {
                if (Error is null)
                {
                    Error = !string.IsNullOrEmpty(jsonError.Message)
                        ? jsonError.Message
                        : "error code " + jsonError.Code!.Value.ToString(CultureInfo.InvariantCulture);
                    ErrorCode = jsonError.Code;
                }

                return;
            }

            if (message.Aux?.ExtensionData is { } aux)
            {
                if (ReadPushedTag(aux) is PushedTag pushed)
                {
                    _pushed.Add(pushed);
                }
                else if (Text(aux, "ID") is string id && id.Length > 0)
                {
                    ImageId = id;
                }
            }

            if (!string.IsNullOrEmpty(message.Stream))
            {
                AddStream(message.Stream!, lines);
            }

            string status = message.Status ?? "";
            if (string.IsNullOrEmpty(message.ID))
            {
                if (status.Length > 0)
                {
                    LastStatus = status;
                    foreach (string part in status.Split('\n'))
                    {
                        string line = part.TrimEnd('\r');
                        if (line.Trim().Length > 0)
                        {
                            NoteLoaded(line);
                            lines.Add(new JsonMessageLine(JsonMessageLineKind.Status, line));
                        }
                    }
                }

                return;
            }

            if (status.StartsWith("Pulling from ", StringComparison.Ordinal))
            {
                lines.Add(new JsonMessageLine(JsonMessageLineKind.Status, message.ID + ": " + status));
                return;
            }

            if (status.Length == 0)
            {
                return;
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
                return;
            }

            if (completedNow || statusChanged || layer.Written is null || now.Ticks - layer.Written.Value >= _intervalTicks)
            {
                layer.Written = now.Ticks;
                AddParent(now, completedNow || !_parentOpen, records);
                records.Add(LayerRecord(layer));
            }
        }

        /// <summary>At the end of the stream: adds the unfinished last "stream" line, if any, to <paramref name="lines"/>.</summary>
        internal void EndOfStream(IList<JsonMessageLine> lines)
        {
            if (_partial.Length > 0)
            {
                int length = _partial.Length;
                if (_partial[length - 1] == '\r')
                {
                    length--;
                }

                AddStreamLine(_partial.ToString(0, length), lines);
            }

            _partial.Clear();
            _continued = false;
        }

        /// <summary>The name a "Loaded image: NAME:TAG" or "Loaded image ID: sha256:..." line of docker load gives, or null.</summary>
        internal static string? LoadedName(string line)
        {
            string text = line.Trim();
            string? name = text.StartsWith(LoadedIdPrefix, StringComparison.Ordinal) ? text.Substring(LoadedIdPrefix.Length).Trim()
                : text.StartsWith(LoadedTagPrefix, StringComparison.Ordinal) ? text.Substring(LoadedTagPrefix.Length).Trim()
                : null;
            return string.IsNullOrEmpty(name) ? null : name;
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

        private const string LoadedTagPrefix = "Loaded image: ";
        private const string LoadedIdPrefix = "Loaded image ID: ";

        private void AddStream(string text, IList<JsonMessageLine> lines)
        {
            int start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] != '\n')
                {
                    continue;
                }

                AppendCapped(text, start, i - start, lines);
                int length = _partial.Length;
                if (length > 0 && _partial[length - 1] == '\r')
                {
                    length--;
                }

                // A line given in pieces ends with its last piece, not with an extra empty line.
                if (length > 0 || !_continued)
                {
                    AddStreamLine(_partial.ToString(0, length), lines);
                }

                _partial.Clear();
                _continued = false;
                start = i + 1;
            }

            AppendCapped(text, start, text.Length - start, lines);
        }

        private void AppendCapped(string text, int start, int count, IList<JsonMessageLine> lines)
        {
            _partial.Append(text, start, count);
            while (_partial.Length > MaxLineLength)
            {
                // Cut before a "\r" at the edge, so a "\r\n" pair stays together and is dropped as one line ending.
                int piece = _partial[MaxLineLength - 1] == '\r' ? MaxLineLength - 1 : MaxLineLength;
                AddStreamLine(_partial.ToString(0, piece), lines);
                _partial.Remove(0, piece);
                _continued = true;
            }
        }

        private void AddStreamLine(string line, IList<JsonMessageLine> lines)
        {
            NoteLoaded(line);
            lines.Add(new JsonMessageLine(JsonMessageLineKind.Stream, line));
        }

        private void NoteLoaded(string line)
        {
            if (LoadedName(line) is string name && !_loaded.Contains(name))
            {
                _loaded.Add(name);
            }
        }

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
