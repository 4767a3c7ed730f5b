using System;
using System.Globalization;

namespace PSDocker.Streams
{
    /// <summary>
    /// The timestamps the logs API puts before each log message when asked for them (timestamps=1): RFC 3339 with
    /// nanoseconds, as the engine writes them ("2024-05-01T10:00:00.123456789Z", fixed 9 digits, UTC), then a
    /// space. Read from bytes, as they arrive, without making strings.
    /// </summary>
    internal static class LogTimestamp
    {
        /// <summary>The longest timestamp read: 4+1+2+1+2+1+2+1+2+1+2 + "." + 9 digits + "+hh:mm", with room to spare.</summary>
        internal const int MaxLength = 40;

        /// <summary>
        /// Reads "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)" from <paramref name="count"/> bytes (the space after
        /// it not included). False for anything else.
        /// </summary>
        internal static bool TryParse(byte[] b, int offset, int count, out DateTime utc, out int subTickNanoseconds)
        {
            utc = default;
            subTickNanoseconds = 0;
            if (count < 20 || b[offset + 4] != '-' || b[offset + 7] != '-' || b[offset + 10] != 'T' || b[offset + 13] != ':' || b[offset + 16] != ':')
            {
                return false;
            }

            int year = Num(b, offset, 4), month = Num(b, offset + 5, 2), day = Num(b, offset + 8, 2);
            int hour = Num(b, offset + 11, 2), minute = Num(b, offset + 14, 2), second = Num(b, offset + 17, 2);
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
            {
                return false;
            }

            int i = offset + 19;
            int end = offset + count;
            long fraction = 0;
            if (b[i] == '.')
            {
                i++;
                int digits = 0;
                while (i < end && b[i] >= '0' && b[i] <= '9')
                {
                    if (digits < 9)
                    {
                        fraction = fraction * 10 + (b[i] - '0');
                        digits++;
                    }

                    i++;
                }

                if (digits == 0)
                {
                    return false;
                }

                for (; digits < 9; digits++)
                {
                    fraction *= 10;
                }
            }

            long offsetTicks = 0;
            if (i < end && b[i] == 'Z')
            {
                i++;
            }
            else if (i + 6 == end && (b[i] == '+' || b[i] == '-') && b[i + 3] == ':')
            {
                int oh = Num(b, i + 1, 2), om = Num(b, i + 4, 2);
                if (oh < 0 || om < 0)
                {
                    return false;
                }

                offsetTicks = (b[i] == '-' ? -1 : 1) * (oh * 60 + om) * TimeSpan.TicksPerMinute;
                i += 6;
            }
            else
            {
                return false;
            }

            if (i != end)
            {
                return false;
            }

            // A leap second (60) is counted as the next second's start, as .NET has none.
            long ticks = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc).Ticks +
                second * TimeSpan.TicksPerSecond + fraction / 100 - offsetTicks;
            if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
            {
                return false;
            }

            utc = new DateTime(ticks, DateTimeKind.Utc);
            subTickNanoseconds = (int)(fraction % 100);
            return true;
        }

        /// <summary>The engine's own text for a time: "2024-05-01T10:00:00.123456789Z" (UTC, 9 digits).</summary>
        internal static string Format(DateTime utc, int subTickNanoseconds) =>
            utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff", CultureInfo.InvariantCulture) +
            subTickNanoseconds.ToString("D2", CultureInfo.InvariantCulture) + "Z";

        private static int Num(byte[] b, int offset, int count)
        {
            int value = 0;
            for (int k = 0; k < count; k++)
            {
                int d = b[offset + k] - '0';
                if (d < 0 || d > 9)
                {
                    return -1000000;
                }

                value = value * 10 + d;
            }

            return value;
        }
    }
}
