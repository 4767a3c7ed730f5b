using System;
using System.Globalization;
using PSDocker.Specs;

namespace PSDocker
{
    /// <summary>
    /// A point in time as docker's --since and --until take it (docker logs, docker events), and the parameter type
    /// of every PSDocker cmdlet that takes one (Get-ContainerLog -Since/-Until; Get-DockerEvent reuses it).
    /// PowerShell binds it from a string, a DateTime, a DateTimeOffset or a TimeSpan:
    /// <list type="bullet">
    /// <item>A string, read by docker's own rules (the CLI's GetTimestamp): a Go duration (<c>10m</c>, <c>1h30m</c>,
    /// <c>1.5h</c>, <c>-5m</c> for the future) is that long before now, to the whole second; an RFC 3339 time, whole or
    /// in part (<c>2024-05-01</c>, <c>2024-05-01T10</c>, <c>2024-05-01T10:00</c>, <c>2024-05-01T10:00:00</c>, each with
    /// optional fractional seconds and <c>Z</c> or a <c>+hh:mm</c>/<c>-hh:mm</c> offset; without a zone it is local
    /// time, at the current offset, as docker reads it); unix seconds with an optional fraction
    /// (<c>1714557600</c>, <c>1714557600.5</c>), sent to the engine as given.</item>
    /// <item>A DateTime: its instant (Local and Unspecified kinds are local time), to 100 ns.</item>
    /// <item>A DateTimeOffset: its instant.</item>
    /// <item>A TimeSpan: that long before now, to the whole second, as a duration string.</item>
    /// </list>
    /// A string that is none of these is refused before anything is sent: on a parameter with
    /// <see cref="Specs.TimestampTransformationAttribute"/>, with error id InvalidTimestampSpec naming the parameter, the
    /// value and the forms taken (inside PowerShell's ParameterArgumentTransformationError).
    /// </summary>
    public sealed class TimestampSpec
    {
        /// <summary>The error id of a string that is not a timestamp.</summary>
        internal const string ErrorId = "InvalidTimestampSpec";

        private static readonly DateTime s_epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>Reads <paramref name="value"/> by docker's rules, durations counted back from now.</summary>
        public TimestampSpec(string value)
            : this(value, DateTimeOffset.Now)
        {
        }

        /// <summary>The instant of <paramref name="value"/> (Local and Unspecified kinds are local time).</summary>
        public TimestampSpec(DateTime value)
            : this(new DateTimeOffset(value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Local)))
        {
        }

        /// <summary>The instant of <paramref name="value"/>.</summary>
        public TimestampSpec(DateTimeOffset value)
        {
            Time = value.UtcDateTime;
            long ticks = (Time - s_epoch).Ticks;
            long seconds = FloorDiv(ticks, TimeSpan.TicksPerSecond);
            long nanoseconds = (ticks - seconds * TimeSpan.TicksPerSecond) * 100;
            ApiValue = seconds.ToString(CultureInfo.InvariantCulture) + "." + nanoseconds.ToString("D9", CultureInfo.InvariantCulture);
            Value = value.ToString("o", CultureInfo.InvariantCulture);
        }

        /// <summary>That long before now, to the whole second (as a duration string such as 10m).</summary>
        public TimestampSpec(TimeSpan ago)
        {
            Value = ago.ToString("c", CultureInfo.InvariantCulture);
            (Time, ApiValue) = BeforeNow(Value, ago.Ticks * 100, DateTimeOffset.Now);
        }

        /// <summary>Reads <paramref name="value"/> by docker's rules, durations counted back from <paramref name="reference"/>.</summary>
        internal TimestampSpec(string value, DateTimeOffset reference)
        {
            Value = value ?? throw new ArgumentNullException(nameof(value));
            (Time, ApiValue) = Parse(value, reference);
        }

        /// <summary>The value as it was given (a DateTime as its round-trip text).</summary>
        public string Value { get; }

        /// <summary>The instant, in UTC, to 100 ns (the engine takes nanoseconds; digits past 100 ns are dropped here only).</summary>
        public DateTime Time { get; }

        /// <summary>
        /// What is sent to the engine (the since/until query value): unix seconds, with a 9-digit fraction for times
        /// that have one; unix seconds given by the user are sent as given, as docker sends them.
        /// </summary>
        public string ApiValue { get; }

        /// <inheritdoc />
        public override string ToString() => Value;

        /// <summary>A duration before <paramref name="reference"/>, to the whole second, as docker computes it.</summary>
        private static (DateTime Time, string ApiValue) BeforeNow(string value, long nanoseconds, DateTimeOffset reference)
        {
            long unix = FloorDiv((reference.UtcTicks - s_epoch.Ticks) - nanoseconds / 100, TimeSpan.TicksPerSecond);
            return (FromUnix(value, unix, 0), unix.ToString(CultureInfo.InvariantCulture));
        }

        private static (DateTime Time, string ApiValue) Parse(string value, DateTimeOffset reference)
        {
            // 1. A Go duration ("0" alone is unix time 0), before now.
            if (value != "0" && value.Length > 0 && value.IndexOf(':') < 0 && !HasWhiteSpace(value))
            {
                long? ns = null;
                try
                {
                    ns = DurationSpec.ParseNanoseconds(value);
                }
                catch (SpecException)
                {
                }

                if (ns is long nanoseconds)
                {
                    return BeforeNow(value, nanoseconds, reference);
                }
            }

            // 2. RFC 3339, whole or in part; with no zone (no Z, no +, and not three dashes), local time.
            bool local = value.IndexOfAny(new[] { 'z', 'Z', '+' }) < 0 && Count(value, '-') != 3;
            if (TryParseTime(value, local, reference.Offset, out DateTime utc, out long subTickNanoseconds, out string? why))
            {
                long ticks = utc.Ticks - s_epoch.Ticks;
                long seconds = FloorDiv(ticks, TimeSpan.TicksPerSecond);
                long nanos = (ticks - seconds * TimeSpan.TicksPerSecond) * 100 + subTickNanoseconds;
                return (utc, seconds.ToString(CultureInfo.InvariantCulture) + "." + nanos.ToString("D9", CultureInfo.InvariantCulture));
            }

            // 3. Unix seconds with an optional fraction, sent as given. A dash means a time that did not parse.
            if (value.IndexOf('-') >= 0)
            {
                throw Invalid(value, why ?? "it is not an RFC 3339 time.");
            }

            if (TryParseUnix(value, out long sec, out long nsec))
            {
                return (FromUnix(value, sec, nsec), value);
            }

            throw Invalid(value, "it is not a time or a duration.");
        }

        private static DateTime FromUnix(string value, long seconds, long nanoseconds)
        {
            const long maxSeconds = 253402300799; // 9999-12-31T23:59:59Z
            const long minSeconds = -62135596800; // 0001-01-01T00:00:00Z
            if (seconds > maxSeconds || seconds < minSeconds)
            {
                throw Invalid(value, "it is outside the years 1 to 9999.");
            }

            return s_epoch.AddTicks(seconds * TimeSpan.TicksPerSecond + nanoseconds / 100);
        }

        /// <summary>docker's parseTimestamp: seconds, then optionally "." and digits read as a fraction.</summary>
        private static bool TryParseUnix(string value, out long seconds, out long nanoseconds)
        {
            nanoseconds = 0;
            int dot = value.IndexOf('.');
            string whole = dot < 0 ? value : value.Substring(0, dot);
            if (!TryParseGoInt(whole, out seconds))
            {
                return false;
            }

            if (dot < 0)
            {
                return true;
            }

            string fraction = value.Substring(dot + 1);
            if (!TryParseGoInt(fraction, out long digits) || digits < 0)
            {
                return false;
            }

            // As docker scales it: float64(n) * 10^(9 - len(n)).
            nanoseconds = (long)(digits * Math.Pow(10, 9 - fraction.Length));
            return true;
        }

        /// <summary>Go's strconv.ParseInt(s, 10, 64): an optional sign, then at least one decimal digit.</summary>
        private static bool TryParseGoInt(string s, out long result)
        {
            result = 0;
            int i = s.Length > 0 && (s[0] == '+' || s[0] == '-') ? 1 : 0;
            if (i == s.Length)
            {
                return false;
            }

            for (int j = i; j < s.Length; j++)
            {
                if (s[j] < '0' || s[j] > '9')
                {
                    return false;
                }
            }

            return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
        }

        /// <summary>
        /// The RFC 3339 forms docker takes, with Go's time.Parse rules for each field: a 4-digit year, 2-digit month
        /// and day (a day the month has), then optionally "T", an hour of 1 or 2 digits, ":" and 2-digit minutes, ":" and
        /// 2-digit seconds, a fraction after "." or ","; then, unless <paramref name="local"/>, "Z" or "+hh:mm"/"-hh:mm".
        /// </summary>
        internal static bool TryParseTime(string s, bool local, TimeSpan localOffset, out DateTime utc, out long subTickNanoseconds, out string? why)
        {
            utc = default;
            subTickNanoseconds = 0;
            why = null;
            int i = 0;
            if (!Digits(s, ref i, 4, out int year) || !Literal(s, ref i, '-') || !Digits(s, ref i, 2, out int month) ||
                !Literal(s, ref i, '-') || !Digits(s, ref i, 2, out int day))
            {
                why = "a time starts with the date as YYYY-MM-DD.";
                return false;
            }

            if (month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year == 0 ? 2000 : year, month) || year == 0)
            {
                why = "the date does not exist.";
                return false;
            }

            int hour = 0, minute = 0, second = 0;
            long fractionNs = 0;
            if (i < s.Length && s[i] == 'T')
            {
                i++;
                if (!HourDigits(s, ref i, out hour) || hour > 23)
                {
                    why = "the hour must be 0 to 23 (1 or 2 digits after T).";
                    return false;
                }

                if (i < s.Length && s[i] == ':')
                {
                    i++;
                    if (!Digits(s, ref i, 2, out minute) || minute > 59)
                    {
                        why = "the minutes must be 2 digits, 00 to 59.";
                        return false;
                    }

                    if (i < s.Length && s[i] == ':')
                    {
                        i++;
                        if (!Digits(s, ref i, 2, out second) || second > 59)
                        {
                            why = "the seconds must be 2 digits, 00 to 59.";
                            return false;
                        }

                        if (i + 1 < s.Length && (s[i] == '.' || s[i] == ',') && IsDigit(s[i + 1]))
                        {
                            i++;
                            int start = i;
                            while (i < s.Length && IsDigit(s[i]))
                            {
                                if (i - start < 9)
                                {
                                    fractionNs = fractionNs * 10 + (s[i] - '0');
                                }

                                i++;
                            }

                            for (int k = Math.Min(i - start, 9); k < 9; k++)
                            {
                                fractionNs *= 10;
                            }
                        }
                    }
                }
            }

            TimeSpan offset = localOffset;
            if (!local)
            {
                if (i < s.Length && s[i] == 'Z')
                {
                    i++;
                    offset = TimeSpan.Zero;
                }
                else if (i + 6 <= s.Length && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':')
                {
                    int sign = s[i] == '-' ? -1 : 1;
                    i++;
                    if (!Digits(s, ref i, 2, out int oh) || !Literal(s, ref i, ':') || !Digits(s, ref i, 2, out int om) || oh > 24 || om > 60)
                    {
                        why = "the zone must be Z or +hh:mm / -hh:mm.";
                        return false;
                    }

                    offset = TimeSpan.FromMinutes(sign * (oh * 60 + om));
                }
                else
                {
                    why = "the zone must be Z or +hh:mm / -hh:mm.";
                    return false;
                }
            }

            if (i != s.Length)
            {
                why = $"'{s.Substring(i)}' is left over.";
                return false;
            }

            var wall = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionNs / 100);
            long ticks = wall.Ticks - offset.Ticks;
            if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
            {
                why = "it is outside the years 1 to 9999.";
                return false;
            }

            utc = new DateTime(ticks, DateTimeKind.Utc);
            subTickNanoseconds = fractionNs % 100;
            return true;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static bool Digits(string s, ref int i, int count, out int value)
        {
            value = 0;
            if (i + count > s.Length)
            {
                return false;
            }

            for (int k = 0; k < count; k++)
            {
                if (!IsDigit(s[i + k]))
                {
                    return false;
                }

                value = value * 10 + (s[i + k] - '0');
            }

            i += count;
            return true;
        }

        private static bool HourDigits(string s, ref int i, out int hour)
        {
            hour = 0;
            if (i >= s.Length || !IsDigit(s[i]))
            {
                return false;
            }

            hour = s[i++] - '0';
            if (i < s.Length && IsDigit(s[i]))
            {
                hour = hour * 10 + (s[i++] - '0');
            }

            return true;
        }

        private static bool Literal(string s, ref int i, char c)
        {
            if (i < s.Length && s[i] == c)
            {
                i++;
                return true;
            }

            return false;
        }

        private static int Count(string s, char c)
        {
            int n = 0;
            foreach (char x in s)
            {
                if (x == c)
                {
                    n++;
                }
            }

            return n;
        }

        private static bool HasWhiteSpace(string s)
        {
            foreach (char c in s)
            {
                if (char.IsWhiteSpace(c))
                {
                    return true;
                }
            }

            return false;
        }

        private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

        private static SpecException Invalid(string value, string reason) => new SpecException(ErrorId, value,
            $"'{value}' is not a time docker takes: {reason} Give an RFC 3339 time (2024-05-01, 2024-05-01T10:00:00Z, " +
            "2024-05-01T10:00:00.5+02:00), unix seconds (1714557600.5) or a duration before now (10m, 1h30m).");
    }
}
