using System.Management.Automation;

namespace PSDocker.Specs
{
    /// <summary>
    /// Reads a string given to a <see cref="TimestampSpec"/> parameter by docker's rules, so a value that is not a time
    /// docker takes is refused with error id InvalidTimestampSpec naming the parameter and the value (PowerShell reports
    /// it as ParameterArgumentTransformationError, with the PSDockerException of that id inside), rather than as
    /// PowerShell's generic conversion error. DateTimes, DateTimeOffsets and TimeSpans pass on to the usual conversion.
    /// </summary>
    public sealed class TimestampTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <param name="parameter">The parameter's name, as the error names it (Since, Until).</param>
        public TimestampTransformationAttribute(string parameter) => Parameter = parameter;

        /// <summary>The parameter's name, as the error names it.</summary>
        public string Parameter { get; }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object? data = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (data is not string value)
            {
                return inputData;
            }

            try
            {
                return new TimestampSpec(value);
            }
            catch (SpecException e)
            {
                PSDockerException error = e.ForParameter(Parameter);
                throw new ArgumentTransformationMetadataException(error.Message, error);
            }
        }
    }
}
