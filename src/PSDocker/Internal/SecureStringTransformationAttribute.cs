using System.Management.Automation;
using System.Security;

namespace PSDocker
{
    /// <summary>
    /// Lets a SecureString parameter (a join token, an unlock key) also take a plain string, as users copy tokens from
    /// docker's output: the string is turned into a read-only SecureString. A SecureString is taken as it is; anything
    /// else is left to PowerShell's conversion (which refuses it without showing the value).
    /// </summary>
    public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <inheritdoc />
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object? data = inputData is PSObject pso ? pso.BaseObject : inputData;
            return data switch
            {
                SecureString s => s,
                string text => SwarmObjects.Secure(text.Trim()),
                _ => inputData,
            };
        }
    }
}
