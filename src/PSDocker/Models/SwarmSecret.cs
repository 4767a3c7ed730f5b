using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace PSDocker
{
    /// <summary>
    /// What a swarm secret and a swarm config share: the named item the swarm stores (GET /secrets, GET /configs), with
    /// its id, name, labels, times, version and the manager it was read from.
    /// </summary>
    public abstract class SwarmStoredItem
    {
        private protected SwarmStoredItem(string id, string name, DockerEndpoint endpoint)
        {
            Id = id ?? "";
            Name = name ?? "";
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The item's id, 25 characters (the API's ID; docker secret ls' or docker config ls' ID).</summary>
        public string Id { get; }

        /// <summary>The item's name (Spec.Name; the NAME of docker secret ls or docker config ls), unique in the swarm.</summary>
        public string Name { get; }

        /// <summary>The item's labels (Spec.Labels; docker secret create --label, docker config create --label).</summary>
        public IReadOnlyDictionary<string, string> Labels { get; internal set; } = new Dictionary<string, string>();

        /// <summary>When the item was created, in UTC (CreatedAt).</summary>
        public DateTime? CreatedAt { get; internal set; }

        /// <summary>When the item was last changed, in UTC (UpdatedAt).</summary>
        public DateTime? UpdatedAt { get; internal set; }

        /// <summary>How long ago the item was created, as docker secret ls prints it ("5 minutes ago").</summary>
        public string CreatedSince => CreatedAt.HasValue ? Humanize.Since(CreatedAt.Value.ToLocalTime(), DateTime.Now) : "";

        /// <summary>How long ago the item was last changed, as docker secret ls prints it ("5 minutes ago").</summary>
        public string UpdatedSince => UpdatedAt.HasValue ? Humanize.Since(UpdatedAt.Value.ToLocalTime(), DateTime.Now) : "";

        /// <summary>How long ago the item was created, short, as the table shows it ("now", "45s ago", "5m ago", "3h ago", "2d ago").</summary>
        public string CreatedAgo => Ago(CreatedAt, DateTime.UtcNow);

        /// <summary>How long ago the item was last changed, short, as the table shows it ("now", "5m ago", ...).</summary>
        public string UpdatedAgo => Ago(UpdatedAt, DateTime.UtcNow);

        /// <summary>The item's version index (Version.Index).</summary>
        public ulong Version { get; internal set; }

        /// <summary>The manager the item was read from.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => Name;

        /// <summary>
        /// How long before <paramref name="nowUtc"/> <paramref name="thenUtc"/> was, in at most 8 characters: "now" under a
        /// second, then whole seconds, minutes, hours, days, weeks, months (30 days) or years, each rounded down ("5m ago").
        /// Empty for no time.
        /// </summary>
        internal static string Ago(DateTime? thenUtc, DateTime nowUtc)
        {
            if (thenUtc is not DateTime then)
            {
                return "";
            }

            TimeSpan d = nowUtc - then;
            string Of(double value, string unit) => ((long)value).ToString(CultureInfo.InvariantCulture) + unit + " ago";
            return d.TotalSeconds < 1 ? "now" :
                d.TotalMinutes < 1 ? Of(d.TotalSeconds, "s") :
                d.TotalHours < 1 ? Of(d.TotalMinutes, "m") :
                d.TotalDays < 1 ? Of(d.TotalHours, "h") :
                d.TotalDays < 14 ? Of(d.TotalDays, "d") :
                d.TotalDays < 60 ? Of(d.TotalDays / 7, "w") :
                d.TotalDays < 365 ? Of(d.TotalDays / 30, "mo") :
                Of(d.TotalDays / 365, "y");
        }
    }

    /// <summary>
    /// A swarm secret, as docker secret ls and docker secret inspect describe it (GET /secrets, GET /secrets/{id}). The
    /// engine never gives a secret's value back, so this has none. <see cref="SwarmStoredItem.Name"/> binds to the -Name of
    /// the secret cmdlets, <see cref="SwarmStoredItem.Id"/> to -Id, <see cref="SwarmStoredItem.Endpoint"/> to the manager.
    /// </summary>
    public sealed class SwarmSecret : SwarmStoredItem
    {
        internal SwarmSecret(string id, string name, DockerEndpoint endpoint)
            : base(id, name, endpoint)
        {
        }

        /// <summary>The secret store driver, empty for the swarm's own (Spec.Driver.Name).</summary>
        public string Driver { get; internal set; } = "";
    }

    /// <summary>
    /// A swarm config, as docker config ls and docker config inspect describe it (GET /configs, GET /configs/{id}), with its
    /// data: configs are not secret. <see cref="SwarmStoredItem.Name"/> binds to the -Name of the config cmdlets,
    /// <see cref="SwarmStoredItem.Id"/> to -Id.
    /// </summary>
    public sealed class SwarmConfig : SwarmStoredItem
    {
        internal SwarmConfig(string id, string name, byte[] data, DockerEndpoint endpoint)
            : base(id, name, endpoint)
        {
            Data = data ?? Array.Empty<byte>();
        }

        /// <summary>The config's data, as bytes (Spec.Data, base64 in the API).</summary>
        public byte[] Data { get; }

        /// <summary>The data read as UTF-8 text (docker config inspect --pretty's Data).</summary>
        public string Text => Encoding.UTF8.GetString(Data);

        /// <summary>The data's length in bytes.</summary>
        public int Size => Data.Length;

        /// <summary>The templating driver, empty for none (Spec.Templating.Name).</summary>
        public string Templating { get; internal set; } = "";
    }
}
