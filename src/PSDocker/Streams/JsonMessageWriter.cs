using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using Docker.DotNet.Models;

namespace PSDocker.Streams
{
    /// <summary>
    /// THE reader of an engine JSON message stream (pull, push, build, load): writes it as PowerShell progress, one
    /// parent activity and one child record per layer (see <see cref="JsonMessageProgress"/> for what and when), its
    /// status lines to verbose and the whole lines of its "stream" text to the stream callback (or verbose), and keeps
    /// what it names in <see cref="State"/> (error and code, built image id, loaded images, pushed tags). The library reports
    /// messages on thread-pool threads; <see cref="Progress"/> only queues them, and they are applied and written on
    /// the thread that created the writer (the pipeline thread, inside DockerCmdlet.Run's pump), so the stream is
    /// never slowed by the host's drawing and Write* is never called from another thread.
    /// Call <see cref="Complete"/> in a finally: it closes every record, also after an error or Ctrl+C.
    /// </summary>
    internal sealed class JsonMessageWriter
    {
        // The parent record's ActivityId; the layers take the ids after it. Far from the small ids scripts use.
        internal const int ParentActivityId = 0x5D0C;

        private readonly ConcurrentQueue<JSONMessage> _queue = new ConcurrentQueue<JSONMessage>();
        private readonly SynchronizationContext _context;
        private readonly Action<ProgressRecord> _writeProgress;
        private readonly Action<string> _writeVerbose;
        private readonly Action<string>? _writeStream;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<ProgressRecord> _records = new List<ProgressRecord>();
        private readonly List<JsonMessageLine> _lines = new List<JsonMessageLine>();
        private int _drainPosted;
        private bool _ended;
        private volatile bool _completed;

        /// <param name="activity">The parent activity ("Pulling 127.0.0.1:5000/app:1.0").</param>
        /// <param name="writeProgress">WriteProgress of the cmdlet.</param>
        /// <param name="writeVerbose">WriteVerbose of the cmdlet: status lines without a layer id, and the "stream" lines when <paramref name="writeStream"/> is null (empty ones dropped).</param>
        /// <param name="interval">The least time between two records of one layer (<see cref="JsonMessageProgress.DefaultInterval"/>).</param>
        /// <param name="writeStream">Where each whole line of the "stream" text goes (a build's: WriteInformation); verbose when null.</param>
        internal JsonMessageWriter(string activity, Action<ProgressRecord> writeProgress, Action<string> writeVerbose, TimeSpan? interval = null,
            Action<string>? writeStream = null)
        {
            _writeStream = writeStream;
            _context = SynchronizationContext.Current ??
                throw new InvalidOperationException("A JSON message writer must be created on the pipeline thread's pump (inside DockerCmdlet.Run).");
            _writeProgress = writeProgress ?? throw new ArgumentNullException(nameof(writeProgress));
            _writeVerbose = writeVerbose ?? throw new ArgumentNullException(nameof(writeVerbose));
            State = new JsonMessageProgress(activity, ParentActivityId, interval);
            Progress = new Reporter(this);
        }

        /// <summary>
        /// What the stream said so far: its first error and code, last status, push results, the built image's id,
        /// the loaded images. Read it after <see cref="Flush"/>.
        /// </summary>
        internal JsonMessageProgress State { get; }

        /// <summary>Give this to the library: Report only queues, from any thread.</summary>
        internal IProgress<JSONMessage> Progress { get; }

        /// <summary>
        /// At the end of the stream (the library's call has returned): applies and writes every queued message and the
        /// unfinished last "stream" line. On the pipeline thread only; messages queued later are still applied, but
        /// the state is meant to be read now.
        /// </summary>
        internal void Flush()
        {
            Apply();
            if (!_ended && !_completed)
            {
                _ended = true;
                State.EndOfStream(_lines);
                WriteLines();
            }
        }

        // Applies and writes every message queued so far (the pump's drain, and Flush).
        private void Apply()
        {
            Volatile.Write(ref _drainPosted, 0);
            while (_queue.TryDequeue(out JSONMessage? message))
            {
                if (_completed)
                {
                    continue;
                }

                State.Apply(message, _clock.Elapsed, _records, _lines);
                Write(_records);
                _records.Clear();
                WriteLines();
            }
        }

        private void WriteLines()
        {
            try
            {
                foreach (JsonMessageLine line in _lines)
                {
                    if (line.Kind == JsonMessageLineKind.Stream && _writeStream is not null)
                    {
                        _writeStream(line.Text);
                    }
                    else if (line.Text.Length > 0)
                    {
                        _writeVerbose(line.Text);
                    }
                }
            }
            finally
            {
                _lines.Clear();
            }
        }

        /// <summary>
        /// Writes what is left and closes every record (layers, then the parent). Safe to call more than once and
        /// while the pipeline stops (the records are then dropped: PowerShell clears the display itself).
        /// </summary>
        internal void Complete()
        {
            if (_completed)
            {
                return;
            }

            try
            {
                Flush();
            }
            catch (PipelineStoppedException)
            {
            }

            _completed = true;
            Write(State.Complete());
        }

        private void Write(IList<ProgressRecord> records)
        {
            foreach (ProgressRecord record in records)
            {
                try
                {
                    _writeProgress(record);
                }
                catch (PipelineStoppedException) when (_completed)
                {
                    // Ctrl+C: the closing records can't be written any more; the host drops the display.
                    return;
                }
            }
        }

        private void Enqueue(JSONMessage message)
        {
            if (message is null)
            {
                return;
            }

            _queue.Enqueue(message);
            if (Interlocked.Exchange(ref _drainPosted, 1) == 0)
            {
                _context.Post(static state => ((JsonMessageWriter)state!).Drain(), this);
            }
        }

        private void Drain()
        {
            if (!_completed)
            {
                Apply();
            }
        }

        private sealed class Reporter : IProgress<JSONMessage>
        {
            private readonly JsonMessageWriter _writer;

            internal Reporter(JsonMessageWriter writer) => _writer = writer;

            public void Report(JSONMessage value) => _writer.Enqueue(value);
        }
    }
}
