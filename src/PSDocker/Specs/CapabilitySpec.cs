using System;
using System.Collections.Generic;
using System.Linq;

namespace PSDocker.Specs
{
    /// <summary>
    /// docker run --cap-add / --cap-drop as the docker CLI sends them: names in upper case with the CAP_ prefix
    /// (net_admin and NET_ADMIN give CAP_NET_ADMIN), ALL as it is; ALL in a list stands for the whole list; a
    /// capability both added and dropped is added; each list sorted.
    /// </summary>
    internal static class CapabilitySpec
    {
        private const string All = "ALL";

        internal static (List<string>? Add, List<string>? Drop) Effective(IEnumerable<string>? add, IEnumerable<string>? drop)
        {
            HashSet<string>? adds = Normalize(add);
            HashSet<string>? drops = Normalize(drop);
            List<string>? capAdd = adds?.OrderBy(c => c, StringComparer.Ordinal).ToList();
            List<string>? capDrop = drops?.Where(c => adds is null || !adds.Contains(c)).OrderBy(c => c, StringComparer.Ordinal).ToList();
            return (capAdd, capDrop);
        }

        private static HashSet<string>? Normalize(IEnumerable<string>? caps)
        {
            if (caps is null)
            {
                return null;
            }

            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (string raw in caps)
            {
                string cap = (raw ?? "").Trim().ToUpperInvariant();
                if (cap.Length == 0)
                {
                    continue;
                }

                set.Add(cap == All || cap.StartsWith("CAP_", StringComparison.Ordinal) ? cap : "CAP_" + cap);
            }

            return set.Contains(All) ? new HashSet<string>(StringComparer.Ordinal) { All } : set;
        }
    }
}
