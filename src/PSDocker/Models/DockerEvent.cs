using System;
using System.Collections.Generic;

namespace PSDocker
{
    /// <summary>
    /// One event of the engine, as docker events prints one line (GET /events): what happened (Type, Action) to which
    /// object (ActorId, Name, Attributes), when (Time, TimeNano) and where (Scope, Endpoint).
    /// </summary>
    public sealed class DockerEvent
    {
        private static readonly DateTime s_epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        internal DockerEvent(string type, string action, string actorId, IReadOnlyDictionary<string, string> attributes, string? scope,
            long timeNano, DockerEndpoint endpoint)
        {
            Type = type ?? throw new ArgumentNullException(nameof(type));
            Action = action ?? throw new ArgumentNullException(nameof(action));
            ActorId = actorId ?? throw new ArgumentNullException(nameof(actorId));
            Attributes = attributes ?? throw new ArgumentNullException(nameof(attributes));
            Scope = scope;
            TimeNano = timeNano;
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>
        /// The kind of object the event is about (the API's Type): container, image, volume, network, daemon, plugin,
        /// node, service, secret, config (and builder on newer engines).
        /// </summary>
        public string Type { get; }

        /// <summary>
        /// What happened (the API's Action), as docker events prints it: create, start, die, destroy, pull, tag, connect,
        /// ... Exec events carry the command after a colon ("exec_start: sh -c date"), health checks the status
        /// ("health_status: healthy").
        /// </summary>
        public string Action { get; }

        /// <summary>
        /// The object's id (the API's Actor.ID): a container's or network's 64-digit id, an image's reference or id, a
        /// volume's name, the daemon's id.
        /// </summary>
        public string ActorId { get; }

        /// <summary>
        /// The object's attributes at the time (the API's Actor.Attributes), read-only: the container's name, image and
        /// labels, a die event's exitCode, a kill event's signal, a network event's container, ... Empty when there are none.
        /// </summary>
        public IReadOnlyDictionary<string, string> Attributes { get; }

        /// <summary>
        /// The object's name: the "name" attribute (a container's, network's, image's or the daemon's name); for a
        /// volume, which has none, its id, which is its name. Null when the event names nothing.
        /// </summary>
        public string? Name => Attributes.TryGetValue("name", out string? name) && !string.IsNullOrEmpty(name)
            ? name
            : (Type == "volume" ? ActorId : null);

        /// <summary>"local" for an event of this engine, "swarm" for a cluster-wide one (the API's scope; null when not sent).</summary>
        public string? Scope { get; }

        /// <summary>
        /// When it happened, in UTC, to 100 ns (the API's timeNano; see <see cref="TimeNano"/> for the engine's nanoseconds).
        /// Use .ToLocalTime() for local time.
        /// </summary>
        public DateTime Time => s_epoch.AddTicks(TimeNano / 100);

        /// <summary>When it happened, as the engine gives it: nanoseconds since 1970-01-01T00:00:00Z (the API's timeNano).</summary>
        public long TimeNano { get; }

        /// <summary>The engine the event came from.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <summary>
        /// The line docker events prints: the time in UTC with nanoseconds, type, action, actor id and the attributes
        /// in key order ("2024-05-01T10:00:00.123456789Z container start 3f2a... (image=busybox, name=web)").
        /// </summary>
        public override string ToString()
        {
            var attributes = new List<string>();
            foreach (KeyValuePair<string, string> a in SortedAttributes())
            {
                attributes.Add(a.Key + "=" + a.Value);
            }

            string text = TimeText + " " + Type + " " + Action + " " + ActorId;
            return attributes.Count == 0 ? text : text + " (" + string.Join(", ", attributes) + ")";
        }

        /// <summary>The time as RFC 3339 in UTC with 9 fractional digits (2024-05-01T10:00:00.123456789Z).</summary>
        public string TimeText
        {
            get
            {
                long seconds = FloorDiv(TimeNano, 1_000_000_000);
                long nanoseconds = TimeNano - seconds * 1_000_000_000;
                return s_epoch.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) +
                    "." + nanoseconds.ToString("D9", System.Globalization.CultureInfo.InvariantCulture) + "Z";
            }
        }

        private IEnumerable<KeyValuePair<string, string>> SortedAttributes()
        {
            var list = new List<KeyValuePair<string, string>>(Attributes);
            list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            return list;
        }

        private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
    }
}
