using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using PSDocker.Commands;

namespace PSDocker
{
    /// <summary>
    /// The one reader of GET /system/df (docker system df): Get-DockerDiskUsage and Get-ContainerVolume -Size both read
    /// the engine's disk usage through it, in the shape of the engine's API version (<see cref="ModelMapper.ToDiskUsage"/>).
    /// </summary>
    internal static class DiskUsageReader
    {
        /// <summary>
        /// Sends GET /system/df through <paramref name="cmdlet"/> (no time limit: the engine measures every object, which
        /// can take long; Ctrl+C stops it) and maps the answer. From API 1.52 the query asks for <paramref name="kinds"/>
        /// only (image, container, volume, build-cache; null for all) and, with <paramref name="verbose"/>, for the lists
        /// (docker system df -v); older engines ignore the query and always send every list.
        /// </summary>
        internal static Task<DiskUsageReport> ReadAsync(DockerCmdlet cmdlet, IEnumerable<string>? kinds, bool verbose) =>
            cmdlet.RequestAsync(RequestLimit.None, async (engine, token) =>
            {
                // API 1.52 answers with its own totals; its lists only with verbose=1 (and, without verbose, the old
                // lists too, which would double the work).
                bool summaryShape = engine.ApiVersion >= ModelMapper.DiskUsageSummaryApiVersion;
                var query = new List<KeyValuePair<string, string>>();
                if (summaryShape)
                {
                    query.AddRange((kinds ?? Enumerable.Empty<string>()).Select(kind => new KeyValuePair<string, string>("type", kind)));
                    if (verbose)
                    {
                        query.Add(new KeyValuePair<string, string>("verbose", "1"));
                    }
                }

                string json = await EngineRawRequest.SendAsync(engine, HttpMethod.Get, "system/df", query, null, token);
                return ModelMapper.ToDiskUsage(json, summaryShape, engine.Endpoint);
            });
    }
}
