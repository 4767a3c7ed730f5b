using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PSDocker.Specs
{
    /// <summary>
    /// Sizes in bytes as docker reads --memory, --memory-swap, --shm-size and tmpfs-size (RAMInBytes): a number
    /// (decimals allowed: 1.5g) with an optional binary suffix k, m, g, t, p (1024-based; any case, with an optional
    /// b or ib: 512m, 512MB, 512MiB), or b or nothing for bytes; one space may stand before the suffix. A fraction
    /// of a byte is dropped. Negative values are refused. Error id InvalidMemorySpec.
    /// </summary>
    internal static class MemorySpec
    {
        internal const string ErrorId = "InvalidMemorySpec";

        // Go's strconv.ParseFloat accepts this decimal form (what docker's sizes use).
        private static readonly Regex s_number = new Regex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", RegexOptions.CultureInvariant);

        internal static long Parse(string text)
        {
            string spec = text ?? "";
            int sep = spec.LastIndexOfAny("0123456789. ".ToCharArray());
            if (sep < 0)
            {
                throw new SpecException(ErrorId, spec, "it is not a size. Give bytes, or a number with k, m, g, t or p (1024-based): 512m, 1.5g.");
            }

            string number = spec[sep] == ' ' ? spec.Substring(0, sep) : spec.Substring(0, sep + 1);
            string suffix = spec.Substring(sep + 1);
            if (!s_number.IsMatch(number) ||
                !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double size))
            {
                throw new SpecException(ErrorId, spec, $"'{number}' is not a number.");
            }

            if (size < 0)
            {
                throw new SpecException(ErrorId, spec, "a size cannot be negative.");
            }

            double multiplier = 1;
            if (suffix.Length > 0)
            {
                string s = suffix.ToLowerInvariant();
                bool valid = s.Length <= 3;
                if (valid && s[0] == 'b')
                {
                    valid = s.Length == 1;
                }
                else if (valid)
                {
                    int power = "kmgtp".IndexOf(s[0]);
                    valid = power >= 0 && (s.Length == 1 || (s.Length == 2 && s[1] == 'b') || (s.Length == 3 && s.Substring(1) == "ib"));
                    multiplier = Math.Pow(1024, power + 1);
                }

                if (!valid)
                {
                    throw new SpecException(ErrorId, spec, $"the unit '{suffix}' is not b, k, m, g, t or p (with an optional b or ib: kb, KiB).");
                }
            }

            double bytes = Math.Floor(size * multiplier);
            if (bytes >= 9.2233720368547758E+18)
            {
                throw new SpecException(ErrorId, spec, "the size is too large.");
            }

            return (long)bytes;
        }
    }
}
