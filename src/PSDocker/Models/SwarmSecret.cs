using System;
using System.Collections.Generic;
using System.Text;

namespace PSDocker
{
    /// <summary>
    /// A swarm secret, as docker secret ls and docker secret inspect describe it (GET /secrets, GET /secrets/{id}). The
    /// engine never gives a secret's value back, so this has none. <see cref="Name"/> binds to the -Name of the secret
    /// cmdlets, <see cref="Id"/> to -Id, <see cref="Endpoint"/> to the manager.
    /// </summary>
    public sealed class SwarmSecret
    {
        internal SwarmSecret(string id, string name, DockerEndpoint endpoint)
        {
            Id = id ?? "";
            Name = name ?? "";
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The secret's id, 25 characters (the API's ID; docker secret ls' ID).</summary>
        public string Id { get; }

        /// <summary>The secret's name (Spec.Name; docker secret ls' NAME), unique in the swarm.</summary>
        public string Name { get; }

        /// <summary>The secret's labels (Spec.Labels; docker secret create --label).</summary>
        public IReadOnlyDictionary<string, string> Labels { get; internal set; } = new Dictionary<string, string>();

        /// <summary>The secret store driver, empty for the swarm's own (Spec.Driver.Name).</summary>
        public string Driver { get; internal set; } = "";

        /// <summary>When the secret was created, in UTC (CreatedAt).</summary>
        public DateTime? CreatedAt { get; internal set; }

        /// <summary>When the secret was last changed, in UTC (UpdatedAt).</summary>
        public DateTime? UpdatedAt { get; internal set; }

        /// <summary>How long ago the secret was created, as docker secret ls prints it ("5 minutes ago").</summary>
        public string CreatedSince => CreatedAt.HasValue ? Humanize.Since(CreatedAt.Value.ToLocalTime(), DateTime.Now) : "";

        /// <summary>How long ago the secret was last changed, as docker secret ls prints it ("5 minutes ago").</summary>
        public string UpdatedSince => UpdatedAt.HasValue ? Humanize.Since(UpdatedAt.Value.ToLocalTime(), DateTime.Now) : "";

        /// <summary>The secret's version index (Version.Index).</summary>
        public ulong Version { get; internal set; }

        /// <summary>The manager the secret was read from.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => Name;
    }

    /// <summary>
    /// A swarm config, as docker config ls and docker config inspect describe it (GET /configs, GET /configs/{id}), with its
    /// data: configs are not secret. <see cref="Name"/> binds to the -Name of the config cmdlets, <see cref="Id"/> to -Id.
    /// </summary>
    public sealed class SwarmConfig
    {
        internal SwarmConfig(string id, string name, byte[] data, DockerEndpoint endpoint)
        {
            Id = id ?? "";
            Name = name ?? "";
            Data = data ?? Array.Empty<byte>();
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The config's id, 25 characters (the API's ID; docker config ls' ID).</summary>
        public string Id { get; }

        /// <summary>The config's name (Spec.Name; docker config ls' NAME), unique in the swarm.</summary>
        public string Name { get; }

        /// <summary>The config's data, as bytes (Spec.Data, base64 in the API).</summary>
        public byte[] Data { get; }

        /// <summary>The data read as UTF-8 text (docker config inspect --pretty's Data).</summary>
        public string Text => Encoding.UTF8.GetString(Data);

        /// <summary>The data's length in bytes.</summary>
        public int Size => Data.Length;

        /// <summary>The config's labels (Spec.Labels; docker config create --label).</summary>
        public IReadOnlyDictionary<string, string> Labels { get; internal set; } = new Dictionary<string, string>();

        /// <summary>The templating driver, empty for none (Spec.Templating.Name).</summary>
        public string Templating { get; internal set; } = "";

        /// <summary>When the config was created, in UTC (CreatedAt).</summary>
        public DateTime? CreatedAt { get; internal set; }

        /// <summary>When the config was last changed, in UTC (UpdatedAt).</summary>
        public DateTime? UpdatedAt { get; internal set; }

        /// <summary>How long ago the config was created, as docker config ls prints it ("5 minutes ago").</summary>
        public string CreatedSince => CreatedAt.HasValue ? Humanize.Since(CreatedAt.Value.ToLocalTime(), DateTime.Now) : "";

        /// <summary>How long ago the config was last changed, as docker config ls prints it ("5 minutes ago").</summary>
        public string UpdatedSince => UpdatedAt.HasValue ? Humanize.Since(UpdatedAt.Value.ToLocalTime(), DateTime.Now) : "";

        /// <summary>The config's version index (Version.Index).</summary>
        public ulong Version { get; internal set; }

        /// <summary>The manager the config was read from.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
