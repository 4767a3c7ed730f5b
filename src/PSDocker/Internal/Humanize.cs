using System;

namespace PSDocker
{
    /// <summary>Durations the way the docker CLI prints them ("About a minute ago", "3 hours ago").</summary>
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
    }
}
