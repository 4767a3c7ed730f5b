using System;
using System.Management.Automation;

namespace PSDocker.Specs
{
    /// <summary>
    /// A docker option string that does not parse. <see cref="ErrorId"/> names the kind of spec
    /// (InvalidPublishSpec, InvalidVolumeSpec, ...); the cmdlet reports it as a terminating InvalidArgument
    /// error naming its parameter and <see cref="Value"/>, before anything is sent to the engine.
    /// </summary>
    internal sealed class SpecException : FormatException
    {
        internal SpecException(string errorId, string value, string reason)
            : base(reason)
        {
            ErrorId = errorId;
            Value = value;
            Reason = reason;
        }

        /// <summary>The error id: Invalid&lt;Kind&gt;Spec.</summary>
        internal string ErrorId { get; }

        /// <summary>The whole value as the user gave it.</summary>
        internal string Value { get; }

        /// <summary>Why it is refused, without the parameter name.</summary>
        internal string Reason { get; }

        /// <summary>The message a cmdlet shows: the parameter, the value, and why.</summary>
        internal string MessageFor(string parameter) => $"-{parameter} '{Value}' is not valid: {Reason}";

        /// <summary>This error as a cmdlet reports it for <paramref name="parameter"/>: InvalidArgument, the value as target.</summary>
        internal PSDockerException ForParameter(string parameter) =>
            new PSDockerException(MessageFor(parameter), ErrorId, ErrorCategory.InvalidArgument, Value, this);

        /// <summary>Runs a parser for the value of <paramref name="parameter"/>, reporting its error as <see cref="ForParameter"/>.</summary>
        internal static T Check<T>(string parameter, Func<T> parse)
        {
            try
            {
                return parse();
            }
            catch (SpecException e)
            {
                throw e.ForParameter(parameter);
            }
        }

        /// <summary>A refusal that is not a parser's (two parameters that conflict), for <paramref name="parameter"/>.</summary>
        internal static PSDockerException Refuse(string errorId, string parameter, string value, string reason) =>
            new SpecException(errorId, value, reason).ForParameter(parameter);
    }
}
