using System;
using System.Globalization;

namespace PSDocker
{
    /// <summary>Durations and sizes the way the docker CLI prints them ("About a minute ago", "1.99MB").</summary>
    internal static class Humanize
    {
        internal static string Since(DateTime then, DateTime now)
        {
            if (then == default)
            {
                return "";
            }

            return Duration(now - then) + " ago";
        }

        internal static string Duration(TimeSpan d)
        {
            double seconds = Math.Max(0, d.TotalSeconds);
            if (seconds < 1) return "Less than a second";
            if (seconds < 2) return "1 second";
            if (seconds < 60) return $"{(int)seconds} seconds";
            double minutes = d.TotalMinutes;
            if (minutes < 2) return "About a minute";
            if (minutes < 60) return $"{(int)minutes} minutes";
            // As docker's go-units: round to whole hours, half up, and work on that number from here on.
            int hours = (int)(d.TotalHours + 0.5);
            if (hours == 1) return "About an hour";
            if (hours < 48) return $"{hours} hours";
            if (hours < 24 * 7 * 2) return $"{hours / 24} days";
            if (hours < 24 * 30 * 2) return $"{hours / 24 / 7} weeks";
            if (hours < 24 * 365 * 2) return $"{hours / 24 / 30} months";
            return $"{(int)d.TotalHours / 24 / 365} years";
        }

        private static readonly string[] s_decimalUnits = { "B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB" };

        /// <summary>
        /// A size in bytes as docker prints it (go-units HumanSizeWithPrecision, precision 3): decimal
        /// units (1 kB = 1000 B), three significant digits, no trailing zeros: "0B", "999B", "1.99MB", "12.3kB".
        /// </summary>
        internal static string Size(double bytes) => Size(bytes, 3);

        /// <summary>
        /// A size in bytes as docker system df and the prunes print it (go-units HumanSize, precision 4): decimal units,
        /// four significant digits, no trailing zeros: "0B", "1.986MB", "36B".
        /// </summary>
        internal static string DiskSize(double bytes) => Size(bytes, 4);

        /// <summary>A size in bytes in decimal units with <paramref name="digits"/> significant digits (go-units HumanSizeWithPrecision).</summary>
        private static string Size(double bytes, int digits)
        {
            int unit = 0;
            while (bytes >= 1000 && unit < s_decimalUnits.Length - 1)
            {
                bytes /= 1000;
                unit++;
            }

            return GoG(bytes, digits) + s_decimalUnits[unit];
        }

        private static readonly string[] s_binaryUnits = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB" };

        /// <summary>
        /// A size in bytes as docker stats prints memory (go-units BytesSize): binary units (1 KiB = 1024 B), four
        /// significant digits, no trailing zeros: "0B", "1.125MiB", "23.54GiB".
        /// </summary>
        internal static string BinarySize(double bytes)
        {
            int unit = 0;
            while (bytes >= 1024 && unit < s_binaryUnits.Length - 1)
            {
                bytes /= 1024;
                unit++;
            }

            return GoG(bytes, 4) + s_binaryUnits[unit];
        }

        /// <summary>A percentage as docker stats prints it (%.2f%%): "0.00%", "101.25%".</summary>
        internal static string Percent(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + "%";

        /// <summary>The text docker ps prints in its SIZE column: "0B (virtual 1.99MB)", or just the writable size.</summary>
        internal static string ContainerSize(long sizeRw, long sizeRootFs) =>
            sizeRootFs > 0 ? $"{Size(sizeRw)} (virtual {Size(sizeRootFs)})" : Size(sizeRw);

        /// <summary>Go's %.Ng for N = <paramref name="digits"/>: N significant digits, trailing zeros dropped, exponent form when the exponent is &lt; -4 or &gt;= N.</summary>
        private static string GoG(double value, int digits)
        {
            if (value == 0)
            {
                return "0";
            }

            string e = value.ToString("E" + (digits - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);   // d.ddE+xxx, rounded to N digits
            int exponent = int.Parse(e.Substring(e.IndexOf('E') + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            if (exponent < -4 || exponent >= digits)
            {
                string mantissa = e.Substring(0, e.IndexOf('E'));
                if (mantissa.IndexOf('.') >= 0)
                {
                    mantissa = mantissa.TrimEnd('0').TrimEnd('.');
                }

                return string.Format(CultureInfo.InvariantCulture, "{0}e{1}{2:00}", mantissa, exponent < 0 ? "-" : "+", Math.Abs(exponent));
            }

            string fixedText = value.ToString("F" + (digits - 1 - exponent).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (fixedText.IndexOf('.') >= 0)
            {
                fixedText = fixedText.TrimEnd('0').TrimEnd('.');
            }

            return fixedText;
        }
    }
}
