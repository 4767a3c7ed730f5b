using System;
using System.Collections.Generic;

namespace PSDocker
{
    /// <summary>
    /// One process running in a container, as docker top prints one row (GET /containers/{id}/top). The columns depend
    /// on the ps options (-PsArgument): the usual ones are typed here (PID, PPID, UID, Command), and every column is in
    /// <see cref="Columns"/> under its title. Get-ContainerProcess also adds each title that is not a property already
    /// (C, STIME, TTY, TIME, CMD, %CPU...) as a note property, so `$p.STIME` reads the column.
    /// </summary>
    public sealed class ContainerProcess
    {
        internal ContainerProcess(string container, IReadOnlyDictionary<string, string> columns, DockerEndpoint endpoint)
        {
            Container = container ?? throw new ArgumentNullException(nameof(container));
            Columns = columns ?? throw new ArgumentNullException(nameof(columns));
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The container as it was given (name or id).</summary>
        public string Container { get; }

        /// <summary>The process id as the host sees it (the PID column), or null when the ps options leave it out.</summary>
        public int? PID { get; internal set; }

        /// <summary>The parent's process id on the host (the PPID column), or null when the ps options leave it out.</summary>
        public int? PPID { get; internal set; }

        /// <summary>The user the process runs as (the UID or USER column), or null when the ps options leave both out.</summary>
        public string? UID { get; internal set; }

        /// <summary>The command line (the CMD, COMMAND or ARGS column), or null when the ps options leave them out.</summary>
        public string? Command { get; internal set; }

        /// <summary>Every column of the row, by its title as ps prints it (the API's Titles and Processes), in ps's order.</summary>
        public IReadOnlyDictionary<string, string> Columns { get; }

        /// <summary>The engine the container runs on.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => $"{PID} {Command}";
    }
}
