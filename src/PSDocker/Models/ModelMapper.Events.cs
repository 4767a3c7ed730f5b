using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using Docker.DotNet.Models;

namespace PSDocker
{
    internal static partial class ModelMapper
    {
        private static readonly IReadOnlyDictionary<string, string> s_noAttributes =
            new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());

        /// <summary>
        /// An engine event (GET /events) as a <see cref="DockerEvent"/>. The time is the API's timeNano; an engine that
        /// sends only time (whole seconds) gives that.
        /// </summary>
        internal static DockerEvent ToEvent(Message message, DockerEndpoint endpoint)
        {
            if (message is null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            IDictionary<string, string>? source = message.Actor?.Attributes;
            IReadOnlyDictionary<string, string> attributes = source is null || source.Count == 0
                ? s_noAttributes
                : new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(source, StringComparer.Ordinal));
            long timeNano = message.TimeNano is long nano && nano != 0 ? nano : (message.Time ?? 0) * 1_000_000_000;
            return new DockerEvent(message.Type ?? "", message.Action ?? "", message.Actor?.ID ?? "", attributes,
                string.IsNullOrEmpty(message.Scope) ? null : message.Scope, timeNano, endpoint);
        }
    }
}
