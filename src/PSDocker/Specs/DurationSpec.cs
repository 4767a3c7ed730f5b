using System;
using System.Globalization;

namespace PSDocker.Specs
{
    /// <summary>
    /// Durations as docker's health options take them (Go's time.ParseDuration): a sequence of numbers, each
    /// with a unit, such as <c>30s</c>, <c>1m30s</c>, <c>1.5h</c>, <c>500ms</c>; units ns, us (or µs), ms, s, m, h;
    /// <c>0</c> alone needs no unit. A TimeSpan's text (00:01:30) is taken too. Error id InvalidDurationSpec.
    /// </summary>
    internal static class DurationSpec
    {
        internal const string ErrorId = "InvalidDurationSpec";

        /// <summary>The duration in nanoseconds (negative when it starts with -).</summary>
        internal static long ParseNanoseconds(string text)
        {
            string spec = text ?? "";
            string s = spec.Trim();
            if (s.IndexOf(':') >= 0 && TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out TimeSpan span))
            {
                return span.Ticks * 100;
            }

            bool negative = false;
            if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
            {
                negative = s[0] == '-';
                s = s.Substring(1);
            }

            if (s == "0")
            {
                return 0;
            }

            if (s.Length == 0)
            {
                throw Invalid(spec, "it is empty. Give a number with a unit: 30s, 1m30s, 500ms.");
            }

            // As Go adds it up: the whole part exactly, the fraction as float64(f) * (unit / scale).
            ulong total = 0;
            int i = 0;
            while (i < s.Length)
            {
                int start = i;
                ulong whole = 0;
                while (i < s.Length && s[i] >= '0' && s[i] <= '9')
                {
                    whole = whole > (1UL << 63) / 10 ? ulong.MaxValue : whole * 10 + (ulong)(s[i] - '0');
                    if (whole > 1UL << 63)
                    {
                        throw Invalid(spec, "it is too large.");
                    }

                    i++;
                }

                bool hasWhole = i > start;
                bool hasFraction = false;
                ulong fraction = 0;
                double scale = 1;
                if (i < s.Length && s[i] == '.')
                {
                    i++;
                    int fractionStart = i;
                    bool overflow = false;
                    while (i < s.Length && s[i] >= '0' && s[i] <= '9')
                    {
                        // Digits past what 63 bits hold are dropped, as Go does.
                        if (!overflow && fraction <= (long.MaxValue - 9) / 10)
                        {
                            fraction = fraction * 10 + (ulong)(s[i] - '0');
                            scale *= 10;
                        }
                        else
                        {
                            overflow = true;
                        }

                        i++;
                    }

                    hasFraction = i > fractionStart;
                }

                if (!hasWhole && !hasFraction)
                {
                    throw Invalid(spec, "give a number with a unit: 30s, 1m30s, 500ms.");
                }

                int unitStart = i;
                while (i < s.Length && s[i] != '.' && !(s[i] >= '0' && s[i] <= '9'))
                {
                    i++;
                }

                string unit = s.Substring(unitStart, i - unitStart);
                ulong perUnit = unit switch
                {
                    "ns" => 1UL,
                    "us" or "\u00b5s" or "\u03bcs" => 1_000UL,
                    "ms" => 1_000_000UL,
                    "s" => 1_000_000_000UL,
                    "m" => 60_000_000_000UL,
                    "h" => 3_600_000_000_000UL,
                    "" => throw Invalid(spec, "a number has no unit: give ns, us, ms, s, m or h (30s, 1m30s)."),
                    _ => throw Invalid(spec, $"'{unit}' is not a unit: give ns, us, ms, s, m or h."),
                };

                if (whole > (ulong)long.MaxValue / perUnit)
                {
                    throw Invalid(spec, "it is too large.");
                }

                ulong value = whole * perUnit;
                if (fraction > 0)
                {
                    value += (ulong)(fraction * (perUnit / scale));
                }

                total += value;
                if (value > (ulong)long.MaxValue || total > (ulong)long.MaxValue)
                {
                    throw Invalid(spec, "it is too large.");
                }
            }

            return negative ? -(long)total : (long)total;
        }

        /// <summary>
        /// A health check duration: not negative, and 0 (the engine's default) or at least 1 millisecond, as the
        /// engine requires. As a TimeSpan (the client library's type; whole 100-nanosecond ticks).
        /// </summary>
        internal static TimeSpan ParseHealthDuration(string text)
        {
            long ns = ParseNanoseconds(text);
            if (ns < 0)
            {
                throw Invalid(text, "a health check duration cannot be negative.");
            }

            if (ns > 0 && ns < 1_000_000)
            {
                throw Invalid(text, "a health check duration must be 0 (the default) or at least 1ms.");
            }

            return TimeSpan.FromTicks(ns / 100);
        }

        private static SpecException Invalid(string spec, string reason) => new SpecException(ErrorId, spec ?? "", reason);
    }
}
