using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using PSDocker.Specs;
using PSDocker.Streams;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the engine's events (container, image, volume, network, ... changes), like docker events; -Follow streams them live.</para>
    /// <para type="description">One DockerEvent per event (Type, Action, ActorId, Name, Attributes, Time in UTC to 100 ns,
    /// TimeNano, Scope, Endpoint), in the order the engine reports them. Unlike docker events, which streams until
    /// Ctrl+C when it has no --until, Get-DockerEvent without -Follow ends: it asks for the events up to -Until, or up to
    /// the moment it was called when -Until is not given. Without -Since, the past events it gets are those the engine
    /// still keeps (the last 256 or so, as docker events --until now prints). With -Follow it goes on with the events as
    /// they happen, until Ctrl+C (or until -Until, when given). Only some events: -Type, -Action, -Container, -Image,
    /// -Label, and -Filter for any filter docker events --filter takes; the values of one filter are OR'ed, the filters
    /// AND'ed, as docker does. Memory stays flat however many events come: at most 1024 wait for the pipeline, and the
    /// engine's stream is not read further until the pipeline has taken some.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DockerEvent")]
    [OutputType(typeof(DockerEvent))]
    public sealed class GetDockerEventCommand : DockerCmdlet
    {
        /// <summary>How many events wait for the pipeline at most before the engine's stream is read no further.</summary>
        internal const int QueueCapacity = 1024;

        /// <summary>The error id of a -Since after -Until, or a -Since still to come without -Follow (category InvalidArgument).</summary>
        internal const string InvalidTimeWindowErrorId = "InvalidTimeWindow";

        private EngineFilter? _filter;

        /// <summary>
        /// Only events at or after this time (docker events --since, the API's since): a DateTime, a TimeSpan before now, or a
        /// string as docker takes it: an RFC 3339 time (2024-05-01T10:00:00Z; without a zone, local time), unix seconds
        /// (1714557600.5) or a duration before now (10m, 1h30m). See <see cref="TimestampSpec"/>. Any other string is refused
        /// before anything is sent with InvalidTimestampSpec naming the parameter and the value (PowerShell reports it as
        /// ParameterArgumentTransformationError, the InvalidTimestampSpec error inside). Without -Since, the engine's kept
        /// events up to -Until (without -Follow) or none of the past (with -Follow).
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        [TimestampTransformation(nameof(Since))]
        public TimestampSpec? Since { get; set; }

        /// <summary>
        /// Only events at or before this time (docker events --until, the API's until), in the forms -Since takes; a bad value
        /// is refused as for -Since (InvalidTimestampSpec). A time still to come makes the call wait for it, writing the
        /// events as they happen. Without -Until (and without -Follow), the moment the call was made.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        [TimestampTransformation(nameof(Until))]
        public TimestampSpec? Until { get; set; }

        /// <summary>
        /// Go on with the events as they happen, until Ctrl+C (or until -Until, when given): docker events without --until.
        /// With -Since, the past events come first.
        /// </summary>
        [Parameter]
        public SwitchParameter Follow { get; set; }

        /// <summary>
        /// Only events about these kinds of object (docker events --filter type=...): container, image, volume, network,
        /// daemon, plugin, node, service, secret, config. Several are OR'ed.
        /// </summary>
        [Parameter]
        [ValidateSet("container", "image", "volume", "network", "daemon", "plugin", "node", "service", "secret", "config", IgnoreCase = true)]
        [ArgumentCompleter(typeof(EventTypeCompleter))]
        public string[]? Type { get; set; }

        /// <summary>
        /// Only these actions (docker events --filter event=...): create, start, die, stop, destroy, pull, tag, connect, ...
        /// (the Action property). Exec and health events match by their first word (exec_start, health_status). Several are OR'ed.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EventActionCompleter))]
        public string[]? Action { get; set; }

        /// <summary>
        /// Only events about these containers (docker events --filter container=...): a name or an id (the full id, or a
        /// prefix of it, as the engine matches it). Several are OR'ed. Containers that no longer exist match too.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string[]? Container { get; set; }

        /// <summary>Only events about these images, or containers of them (docker events --filter image=...): a name or id. Several are OR'ed.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ImageReferenceCompleter))]
        public string[]? Image { get; set; }

        /// <summary>
        /// Only events of objects with these labels (docker events --filter label=...): "key" (any value) or "key=value";
        /// a hashtable @{ key = 'value' } is taken too. Several must all match.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [KeyValueTransformation]
        public string[]? Label { get; set; }

        /// <summary>
        /// Filters as docker events --filter takes them, e.g. @{ type = 'container'; event = 'die', 'oom' } (a value may be
        /// a list: OR'ed). The keys: config, container, daemon, event, image, label, network, node, plugin, scope, secret,
        /// service, type, volume. Any other key, or a type not listed with -Type, is refused before anything is sent with
        /// InvalidFilter (InvalidArgument) naming it (the engine would ignore it and send every event).
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable? Filter { get; set; }

        protected override string ErrorNoun => "Engine";

        protected override void BeginProcessing()
        {
            _filter = CheckInput(Filter, BuildFilter);
        }

        protected override void ProcessRecord()
        {
            // A Get- ends: without -Follow and -Until, at the moment of the call (docker events would stream on).
            TimestampSpec? until = Until ?? (Follow ? null : new TimestampSpec(DateTimeOffset.UtcNow));
            CheckInput(Since, () => CheckWindow(Since, until, Until is null));
            Run(() => ReadAsync(until));
        }

        /// <summary>
        /// Refuses a window that ends before it starts (the engine would answer 400): InvalidTimeWindow (InvalidArgument)
        /// naming -Since and -Until, or, when the end is the moment of the call, saying so.
        /// </summary>
        internal static void CheckWindow(TimestampSpec? since, TimestampSpec? until, bool untilIsNow)
        {
            if (since is null || until is null || since.Time <= until.Time)
            {
                return;
            }

            string message = untilIsNow
                ? $"-Since '{since}' ({since.Time:o}) is still to come, and without -Until or -Follow the events end now. Give -Follow to wait for them, or an earlier -Since."
                : $"-Since '{since}' ({since.Time:o}) is after -Until '{until}' ({until.Time:o}): give a -Since before -Until.";
            throw new PSDockerException(message, InvalidTimeWindowErrorId, ErrorCategory.InvalidArgument, since.Value);
        }

        /// <summary>The filters of -Type, -Action, -Container, -Image, -Label and -Filter; a bad -Filter key or type is InvalidFilter.</summary>
        internal EngineFilter BuildFilter()
        {
            var filter = new EngineFilter();
            filter.Add("type", Type?.Select(t => t.ToLowerInvariant()));
            filter.Add("event", Action);
            filter.Add("container", Container);
            filter.Add("image", Image);
            filter.Add("label", Label);
            filter.AddTable(Filter, nameof(Filter), EventVocabulary.FilterKeys);
            foreach (string type in filter.ValuesOf("type"))
            {
                if (!EventVocabulary.Types.Contains(type, StringComparer.Ordinal))
                {
                    throw EngineFilter.Invalid(type, $"-Filter type '{type}' is not an event type. The types are: {string.Join(", ", EventVocabulary.Types)}.");
                }
            }

            return filter;
        }

        private async Task ReadAsync(TimestampSpec? until)
        {
            var parameters = new ContainerEventsParameters
            {
                Since = Since?.ApiValue,
                Until = until?.ApiValue,
                Filters = _filter?.ToApi(),
            };

            // The engine is pinned here: a retry inside RequestAsync (a refused API version, negotiated again) sends the
            // same request to the same endpoint, so the events it reports name this engine, and none is reported twice.
            EngineConnection engine = await ConnectAsync();
            DockerEndpoint endpoint = engine.Endpoint;
            WriteVerbose($"Events {(Since is null ? "" : "since " + Since.Time.ToString("o") + " ")}" +
                (until is null ? "until Ctrl+C" : "until " + until.Time.ToString("o")));

            // The library reports each event on a thread-pool thread; the handoff holds at most QueueCapacity of them
            // for this (the pipeline) thread and blocks the reader beyond that. Ctrl+C or an early end of the pipeline
            // (Select-Object -First) closes it, which ends the library's read loop and the connection.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(CancelToken);
            using var events = new BoundedHandoff<Message>(QueueCapacity, stop.Token);
            Task<bool> monitor = RequestAsync(RequestLimit.None, (e, token) =>
            {
                // Off the pipeline thread, so the library's continuations (and its Report calls) never wait for it.
                return Task.Run(async () =>
                {
                    using var both = CancellationTokenSource.CreateLinkedTokenSource(token, stop.Token);
                    await e.Client.System.MonitorEventsAsync(parameters, events, both.Token).ConfigureAwait(false);
                    return true;
                });
            });
            _ = monitor.ContinueWith(t => events.Complete(t.Exception?.InnerException), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            try
            {
                while (await events.WaitAsync(CancelToken))
                {
                    while (events.TryTake(out Message message))
                    {
                        WriteObject(ModelMapper.ToEvent(message, endpoint));
                    }
                }
            }
            finally
            {
                stop.Cancel();
            }

            await monitor;
        }
    }
}
