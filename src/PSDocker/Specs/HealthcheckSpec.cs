using System;
using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;

namespace PSDocker.Specs
{
    /// <summary>
    /// The health check options containers and services share (docker run/service create --health-cmd,
    /// --health-interval, --health-timeout, --health-start-period, --health-retries, --no-healthcheck), applied to a
    /// HealthcheckConfig. Durations as <see cref="DurationSpec.ParseHealthDuration"/> reads them (InvalidDurationSpec);
    /// -NoHealthcheck with any other health option is NoHealthcheckConflict.
    /// </summary>
    internal static class HealthcheckSpec
    {
        /// <summary>
        /// <paramref name="current"/> (null for none) with the options given: a null option is left as it is;
        /// <paramref name="retries"/> is set only when given. Returns null when nothing is given and there was none.
        /// </summary>
        internal static HealthcheckConfig? Apply(HealthcheckConfig? current, string? command, string? interval, string? timeout,
            string? startPeriod, int? retries, bool noHealthcheck)
        {
            TimeSpan? i = interval is null ? null : SpecException.Check("HealthInterval", () => DurationSpec.ParseHealthDuration(interval));
            TimeSpan? t = timeout is null ? null : SpecException.Check("HealthTimeout", () => DurationSpec.ParseHealthDuration(timeout));
            TimeSpan? s = startPeriod is null ? null : SpecException.Check("HealthStartPeriod", () => DurationSpec.ParseHealthDuration(startPeriod));
            if (noHealthcheck)
            {
                var given = new List<string>();
                if (command is not null) given.Add("HealthCommand");
                if (interval is not null) given.Add("HealthInterval");
                if (timeout is not null) given.Add("HealthTimeout");
                if (startPeriod is not null) given.Add("HealthStartPeriod");
                if (retries is not null) given.Add("HealthRetries");
                if (given.Count > 0)
                {
                    throw SpecException.Refuse("NoHealthcheckConflict", "NoHealthcheck", "-" + string.Join(", -", given),
                        "-NoHealthcheck turns the health check off, so it cannot be combined with -" + string.Join(", -", given) + ".");
                }

                return new HealthcheckConfig { Test = new List<string> { "NONE" } };
            }

            bool any = command is not null || i > TimeSpan.Zero || t > TimeSpan.Zero || s > TimeSpan.Zero || (retries ?? 0) != 0;
            if (!any)
            {
                return current;
            }

            HealthcheckConfig h = current ?? new HealthcheckConfig();
            if (command is not null)
            {
                h.Test = new List<string> { "CMD-SHELL", command };
            }

            h.Interval = i ?? h.Interval;
            h.Timeout = t ?? h.Timeout;
            h.StartPeriod = s ?? h.StartPeriod;
            if (retries is int r)
            {
                h.Retries = r;
            }

            return h;
        }
    }
}
