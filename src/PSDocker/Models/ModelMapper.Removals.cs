using System;
using System.Collections.Generic;

namespace PSDocker
{
    /// <summary>The mappings of what the removals report (Remove-Image -PassThru).</summary>
    internal static partial class ModelMapper
    {
        /// <summary>
        /// The report of DELETE /images/{name} (lines of one key each, "Untagged" or "Deleted", as docker rmi prints
        /// them) for the removal of <paramref name="reference"/>. Other keys are left out; empty values too.
        /// </summary>
        internal static ImageRemoveResult ToImageRemoveResult(string reference, IEnumerable<IDictionary<string, string>>? report, DockerEndpoint endpoint)
        {
            var untagged = new List<string>();
            var deleted = new List<string>();
            foreach (IDictionary<string, string> line in report ?? Array.Empty<IDictionary<string, string>>())
            {
                foreach (KeyValuePair<string, string> entry in line ?? new Dictionary<string, string>())
                {
                    if (string.IsNullOrEmpty(entry.Value))
                    {
                        continue;
                    }

                    if (string.Equals(entry.Key, "Untagged", StringComparison.OrdinalIgnoreCase))
                    {
                        untagged.Add(entry.Value);
                    }
                    else if (string.Equals(entry.Key, "Deleted", StringComparison.OrdinalIgnoreCase))
                    {
                        deleted.Add(entry.Value);
                    }
                }
            }

            return new ImageRemoveResult(reference, untagged, deleted, endpoint);
        }
    }
}
