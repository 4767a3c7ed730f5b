using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading;

namespace PSDocker
{
    /// <summary>
    /// Settings that shape every request, read from the environment and the session: the time limit of
    /// a request that is not a stream (PSDOCKER_REQUEST_TIMEOUT, or $PSDockerRequestTimeout in the
    /// session) and a pinned API version (DOCKER_API_VERSION, as for the docker CLI). Pure: the callers
    /// read the variables and pass their values in.
    /// </summary>
    internal static class ClientSettings
    {
        /// <summary>The environment variable giving the time limit of a request, in whole seconds (0: no limit).</summary>
        internal const string RequestTimeoutVariable = "PSDOCKER_REQUEST_TIMEOUT";

        /// <summary>The PowerShell variable that gives the same per session (or scope); it wins over the environment variable.</summary>
        internal const string RequestTimeoutPreference = "PSDockerRequestTimeout";

        /// <summary>The environment variable that pins the API version, as for the docker CLI.</summary>
        internal const string ApiVersionVariable = "DOCKER_API_VERSION";

        /// <summary>The time limit of a request when neither variable is set.</summary>
        internal static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(60);

        /// <summary>The largest limit a timer can hold (about 24 days), in seconds.</summary>
        internal const int MaxRequestTimeoutSeconds = int.MaxValue / 1000;

        /// <summary>
        /// The time limit of a request: the session variable if set, else the environment variable if set
        /// and not empty, else <see cref="DefaultRequestTimeout"/>. 0 gives <see cref="Timeout.InfiniteTimeSpan"/>.
        /// A bad value is a PSDockerException with id InvalidRequestTimeout naming the variable and the value.
        /// </summary>
        internal static TimeSpan RequestTimeout(object? sessionValue, string? environmentValue)
        {
            object? value = sessionValue is PSObject pso ? pso.BaseObject : sessionValue;
            if (value is not null)
            {
                return ParseRequestTimeout(value, "$" + RequestTimeoutPreference);
            }

            if (!string.IsNullOrWhiteSpace(environmentValue))
            {
                return ParseRequestTimeout(environmentValue!, RequestTimeoutVariable);
            }

            return DefaultRequestTimeout;
        }

        /// <summary>Whole seconds (a number or its text) or a TimeSpan; 0 means no limit.</summary>
        internal static TimeSpan ParseRequestTimeout(object value, string source)
        {
            double seconds;
            string text;
            if (value is TimeSpan span)
            {
                seconds = span.TotalSeconds;
                text = span.ToString("c", CultureInfo.InvariantCulture);
            }
            else
            {
                text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                seconds = int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int whole) ? whole : double.NaN;
            }

            if (double.IsNaN(seconds) || seconds < 0 || (seconds > 0 && seconds < 1) || seconds > MaxRequestTimeoutSeconds)
            {
                throw new PSDockerException(
                    $"{source} is '{text}': give the time limit of a request to the engine in whole seconds, " +
                    $"from 1 to {MaxRequestTimeoutSeconds}, or 0 for no limit.",
                    "InvalidRequestTimeout", ErrorCategory.InvalidArgument, value);
            }

            return seconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
        }

        /// <summary>
        /// The API version DOCKER_API_VERSION pins, or null when it is not set or empty (the version is then
        /// negotiated). A value that is not MAJOR.MINOR, or is above the newest version PSDocker speaks, is a
        /// PSDockerException with id InvalidApiVersion naming the variable and the value.
        /// </summary>
        internal static Version? ApiVersionPin(string? environmentValue)
        {
            if (string.IsNullOrWhiteSpace(environmentValue))
            {
                return null;
            }

            if (!EngineClientCache.TryParseApiVersion(environmentValue, out Version version) || version.Major < 1)
            {
                throw new PSDockerException(
                    $"{ApiVersionVariable} is '{environmentValue}': give an API version as MAJOR.MINOR with MAJOR 1 or above, such as 1.41, or unset it to negotiate the version with the engine.",
                    "InvalidApiVersion", ErrorCategory.InvalidArgument, environmentValue);
            }

            if (version > EngineClientCache.LibraryMaxApiVersion)
            {
                throw new PSDockerException(
                    $"{ApiVersionVariable} is '{environmentValue}', above {EngineClientCache.LibraryMaxApiVersion.ToString(2)}, the newest API version PSDocker speaks.",
                    "InvalidApiVersion", ErrorCategory.InvalidArgument, environmentValue);
            }

            return version;
        }
    }
}
