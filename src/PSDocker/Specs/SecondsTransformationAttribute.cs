using System;
using System.Globalization;
using System.Management.Automation;

namespace PSDocker.Specs
{
    /// <summary>
    /// Reads a value given to a TimeSpan parameter that also takes plain seconds (Wait-Container -Timeout, -Interval):
    /// a number (5, 0.5, '5') is that many SECONDS (PowerShell's own conversion would take an integer as ticks); a string
    /// is a Go duration as docker writes them (30s, 1m30s, 500ms) or a TimeSpan's text (00:00:30); a TimeSpan is taken as
    /// it is. Anything else is refused with InvalidDurationSpec naming the parameter and the value (PowerShell reports it as
    /// ParameterArgumentTransformationError, the InvalidDurationSpec error inside).
    /// </summary>
    public sealed class SecondsTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <param name="parameter">The parameter's name, as the error names it (Timeout, Interval).</param>
        public SecondsTransformationAttribute(string parameter) => Parameter = parameter;

        /// <summary>The parameter's name, as the error names it.</summary>
        public string Parameter { get; }

        /// <summary>
        /// The TimeSpan for <paramref name="inputData"/> (a number of seconds, a duration, a TimeSpan's text, a TimeSpan);
        /// a value of another type is returned as it is, for PowerShell's own conversion. A string that is no duration
        /// throws ArgumentTransformationMetadataException with the InvalidDurationSpec error naming the parameter.
        /// </summary>
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object? data = inputData is PSObject pso ? pso.BaseObject : inputData;
            try
            {
                return ToTimeSpan(data) ?? inputData;
            }
            catch (SpecException e)
            {
                PSDockerException error = e.ForParameter(Parameter);
                throw new ArgumentTransformationMetadataException(error.Message, error);
            }
        }

        /// <summary>The TimeSpan for a value (pure); null for a value of another type (left to PowerShell's conversion).</summary>
        internal static TimeSpan? ToTimeSpan(object? data)
        {
            switch (data)
            {
                case TimeSpan span:
                    return span;
                case int or long or short or byte or sbyte or uint or ulong or ushort:
                    return FromSeconds(Convert.ToDouble(data, CultureInfo.InvariantCulture), data.ToString()!);
                case double or float or decimal:
                    return FromSeconds(Convert.ToDouble(data, CultureInfo.InvariantCulture), Convert.ToString(data, CultureInfo.InvariantCulture)!);
                case string text:
                    string t = text.Trim();
                    if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
                    {
                        return FromSeconds(seconds, text);
                    }

                    return TimeSpan.FromTicks(DurationSpec.ParseNanoseconds(text) / 100);
                default:
                    return null;
            }
        }

        private static TimeSpan FromSeconds(double seconds, string text)
        {
            if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                throw new SpecException(DurationSpec.ErrorId, text, "it is not a number of seconds PowerShell can hold.");
            }

            return TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        }
    }
}
