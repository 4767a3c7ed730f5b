using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;

namespace PSDocker
{
    /// <summary>
    /// The engine one run of a cmdlet's work talks to, and the connection it got: a call to one engine has one
    /// branch; a call over several engines has one per engine, run concurrently (see DockerCmdlet.Run).
    /// </summary>
    internal sealed class EngineBranch
    {
        internal EngineBranch(DockerEndpoint? endpoint, FanOut? fanOut, int index)
        {
            Endpoint = endpoint;
            FanOut = fanOut;
            Index = index;
        }

        /// <summary>The engine, resolved before the work started; null when the call's parameters resolve it (one engine).</summary>
        internal DockerEndpoint? Endpoint { get; }

        /// <summary>The call over several engines this branch is part of; null for a call to one engine.</summary>
        internal FanOut? FanOut { get; }

        /// <summary>The engine's place among those given.</summary>
        internal int Index { get; }

        /// <summary>The branch's connection once connected (changes when the version is negotiated again).</summary>
        internal EngineConnection? Connection { get; set; }

        /// <summary>What the branch wrote while an engine before it was still running, kept for its turn.</summary>
        internal List<Action> Pending { get; } = new List<Action>();

        /// <summary>True once the branch's work has ended.</summary>
        internal bool Done { get; set; }
    }

    /// <summary>
    /// The order of a call over several engines' output: every branch runs at once, and what they write comes out
    /// engine by engine in the order the engines were given. The first unfinished engine's writes go out as they
    /// come; a later engine's wait until every engine before it has ended. All on the pipeline thread's pump (no
    /// locks). A write that fails (the pipeline stopped) stops the call: nothing more is written, and the other
    /// branches are cancelled.
    /// </summary>
    internal sealed class FanOut
    {
        private EngineBranch[] _branches = Array.Empty<EngineBranch>();
        private int _head;

        internal FanOut(int count)
        {
            Count = count;
        }

        internal int Count { get; }

        internal EngineBranch[] Branches
        {
            get => _branches;
            set => _branches = value;
        }

        /// <summary>The exception that stopped the whole call (PowerShell stopping the pipeline), if any.</summary>
        internal Exception? Fatal { get; private set; }

        /// <summary>Writes now if <paramref name="branch"/> is the first unfinished engine, else keeps the write for its turn.</summary>
        internal void Write(EngineBranch branch, Action write, CancellationTokenSource cancel)
        {
            if (Fatal is not null)
            {
                return;
            }

            if (branch.Index == _head)
            {
                Deliver(write, cancel);
            }
            else
            {
                branch.Pending.Add(write);
            }
        }

        /// <summary>A branch has ended: the engines after it whose turn it now is write what they kept.</summary>
        internal void Complete(EngineBranch branch, CancellationTokenSource cancel)
        {
            branch.Done = true;
            while (_head < _branches.Length && _branches[_head].Done)
            {
                _head++;
                if (_head < _branches.Length)
                {
                    List<Action> kept = _branches[_head].Pending.ToList();
                    _branches[_head].Pending.Clear();
                    foreach (Action write in kept)
                    {
                        Deliver(write, cancel);
                    }
                }
            }
        }

        /// <summary>Stops the whole call with <paramref name="e"/> (the first one wins) and cancels every branch.</summary>
        internal void Stop(Exception e, CancellationTokenSource cancel)
        {
            if (Fatal is null)
            {
                Fatal = e;
                cancel.Cancel();
            }
        }

        private void Deliver(Action write, CancellationTokenSource cancel)
        {
            if (Fatal is not null)
            {
                return;
            }

            try
            {
                write();
            }
            catch (Exception e)
            {
                Stop(e, cancel);
            }
        }
    }

    /// <summary>The pure parts of a call over several engines: which parameter gives several, messages, tags.</summary>
    internal static class EngineList
    {
        internal const string SeveralEnginesNotSupportedId = "SeveralEnginesNotSupported";

        /// <summary>The type name suffix of objects from a call over several engines: their views add an ENGINE column.</summary>
        internal const string TypeNameSuffix = "#Engines";

        /// <summary>"HostAddress" or "Context" when that parameter was given several values; null otherwise.</summary>
        internal static string? Several(string[]? hostAddress, string[]? context) =>
            hostAddress is { Length: > 1 } ? "HostAddress" : context is { Length: > 1 } ? "Context" : null;

        /// <summary>Each engine once, in the order first given (two contexts for the same engine ask it once).</summary>
        internal static List<DockerEndpoint> Distinct(IEnumerable<DockerEndpoint> engines)
        {
            var seen = new HashSet<DockerEndpoint>();
            return engines.Where(seen.Add).ToList();
        }

        internal static string RefusalMessage(string command, string parameter, IReadOnlyCollection<string> values) =>
            $"{command} acts on one engine, and -{parameter} was given {values.Count}: " +
            $"{string.Join(", ", values.Select(v => $"'{(parameter == "HostAddress" ? DockerAddress.Redact(v) : v)}'"))}. " +
            $"Give one, or run {command} once per engine. The Get-* cmdlets that list (Get-Container, Get-Image, ...) take several.";

        /// <summary>The engine as a call over several engines names it: its context, else its address.</summary>
        internal static string Label(DockerEndpoint endpoint) => endpoint.ContextName ?? endpoint.ToString();

        /// <summary>
        /// The error of one engine's branch in a call over several: its engine as TargetObject, and a message that
        /// names the engine (engine failures name it already; others get it in front).
        /// </summary>
        internal static ErrorRecord ForEngine(ErrorRecord record, DockerEndpoint endpoint)
        {
            string message = record.ErrorDetails?.Message ?? record.Exception.Message;
            string errorId = record.FullyQualifiedErrorId;
            var engineRecord = new ErrorRecord(record.Exception, errorId, record.CategoryInfo.Category, endpoint);
            if (message.IndexOf(endpoint.ToString(), StringComparison.OrdinalIgnoreCase) < 0)
            {
                engineRecord.ErrorDetails = new ErrorDetails($"Engine '{Label(endpoint)}': {message}");
            }
            else if (record.ErrorDetails is not null)
            {
                engineRecord.ErrorDetails = record.ErrorDetails;
            }

            return engineRecord;
        }

        /// <summary>The name of the note property a call over several engines adds to each object: its engine's <see cref="Label"/>.</summary>
        internal const string EngineProperty = "Engine";

        /// <summary>
        /// The object, wrapped and tagged '&lt;its type&gt;#Engines' in front of its type names, with an Engine note property
        /// (the context name, else the address: what the ENGINE column shows), so `Where-Object Engine -eq prod` and
        /// `Group-Object Engine` work on the output of a call over several engines.
        /// </summary>
        internal static PSObject Tag(object item, DockerEndpoint? endpoint)
        {
            PSObject wrapped = item as PSObject ?? new PSObject(item);
            string name = wrapped.BaseObject.GetType().FullName + TypeNameSuffix;
            if (!wrapped.TypeNames.Contains(name))
            {
                wrapped.TypeNames.Insert(0, name);
            }

            if (endpoint is not null && wrapped.Properties[EngineProperty] is null)
            {
                wrapped.Properties.Add(new PSNoteProperty(EngineProperty, Label(endpoint)));
            }

            return wrapped;
        }

        /// <summary>
        /// A per-item error (not found, ...) of one engine's branch: the item stays its TargetObject, and the message names
        /// the engine in front when it does not already, so several engines' "No such ..." can be told apart.
        /// </summary>
        internal static ErrorRecord ForItemOnEngine(ErrorRecord record, DockerEndpoint endpoint)
        {
            string message = record.ErrorDetails?.Message ?? record.Exception.Message;
            if (message.IndexOf(endpoint.ToString(), StringComparison.OrdinalIgnoreCase) >= 0 ||
                message.StartsWith($"Engine '{Label(endpoint)}'", StringComparison.Ordinal))
            {
                return record;
            }

            var named = new ErrorRecord(record.Exception, record.FullyQualifiedErrorId, record.CategoryInfo.Category, record.TargetObject)
            {
                ErrorDetails = new ErrorDetails($"Engine '{Label(endpoint)}': {message}"),
            };
            return named;
        }
    }
}
