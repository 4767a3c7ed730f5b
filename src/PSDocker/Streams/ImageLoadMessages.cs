using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;

namespace PSDocker.Streams
{
    /// <summary>
    /// Reads the JSON message stream of docker load (POST /images/load): the images it loaded, from the lines the
    /// engine writes for each ("Loaded image: NAME:TAG" for a tagged image, "Loaded image ID: sha256:..." for an
    /// untagged one, the docker CLI prints them as they are), and the error the engine sends inside the stream once
    /// it has answered 200 (a broken or foreign archive), which the library does not raise. Report is called on the
    /// library's reading thread: it only records.
    /// </summary>
    internal sealed class ImageLoadMessages : IProgress<JSONMessage>
    {
        private const string LoadedTag = "Loaded image: ";
        private const string LoadedId = "Loaded image ID: ";

        private readonly JsonMessageCheck _check = new JsonMessageCheck();
        private readonly ConcurrentQueue<string> _lines = new ConcurrentQueue<string>();

        /// <summary>The first error message the stream carried, or null.</summary>
        internal string? Error => _check.Error;

        /// <summary>Every text line the engine wrote (its "stream" and "status" fields), in order.</summary>
        internal IReadOnlyList<string> Lines => _lines.ToArray();

        /// <summary>What was loaded, in order, each once: "NAME:TAG" references and "sha256:..." ids.</summary>
        internal IReadOnlyList<string> Loaded => ParseLoaded(_lines);

        public void Report(JSONMessage value)
        {
            if (value is null)
            {
                return;
            }

            _check.Report(value);
            foreach (string? text in new[] { value.Stream, value.Status })
            {
                if (string.IsNullOrEmpty(text))
                {
                    continue;
                }

                foreach (string line in text!.Split('\n'))
                {
                    if (line.Trim().Length > 0)
                    {
                        _lines.Enqueue(line.TrimEnd('\r'));
                    }
                }
            }
        }

        /// <summary>The loaded references and ids named by <paramref name="lines"/>, in order, each once.</summary>
        internal static IReadOnlyList<string> ParseLoaded(IEnumerable<string> lines)
        {
            var loaded = new List<string>();
            foreach (string raw in lines)
            {
                string line = raw.Trim();
                string? name = line.StartsWith(LoadedId, StringComparison.Ordinal) ? line.Substring(LoadedId.Length).Trim()
                    : line.StartsWith(LoadedTag, StringComparison.Ordinal) ? line.Substring(LoadedTag.Length).Trim()
                    : null;
                if (!string.IsNullOrEmpty(name) && !loaded.Contains(name!))
                {
                    loaded.Add(name!);
                }
            }

            return loaded;
        }
    }
}
