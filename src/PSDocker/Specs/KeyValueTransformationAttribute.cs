using System.Collections;
using System.Linq;
using System.Management.Automation;

namespace PSDocker.Specs
{
    /// <summary>
    /// Lets a string[] parameter of KEY=VALUE items take hashtables too: @{ A = 1; B = 'x' } becomes 'A=1', 'B=x'
    /// (a Hashtable in key order, an [ordered] one in its own order). Strings pass as they are.
    /// </summary>
    public sealed class KeyValueTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object? data = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (data is null || data is string)
            {
                return inputData;
            }

            if (data is IDictionary)
            {
                return KeyValueSpec.Flatten(new[] { data }).ToArray();
            }

            if (data is IEnumerable items)
            {
                return KeyValueSpec.Flatten(items.Cast<object?>()).ToArray();
            }

            return inputData;
        }
    }
}
