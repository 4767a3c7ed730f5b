using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists docker contexts (docker context ls): the built-in "default" and those in the docker config folder.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DockerContext")]
    [OutputType(typeof(DockerContext))]
    public sealed class GetDockerContextCommand : PSCmdlet
    {
        /// <summary>Context names; wildcards allowed.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ContextNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                EndpointResolver resolver = EndpointResolver.ForCurrentProcess(LocationPaths.For(this));
                IReadOnlyList<DockerContext> contexts = DockerContextList.Read(resolver, DockerCmdlet.SessionDefault);
                WildcardPattern[]? patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
                foreach (DockerContext context in contexts)
                {
                    if (patterns is null || patterns.Any(p => p.IsMatch(context.Name)))
                    {
                        WriteObject(context);
                    }
                }

                foreach (string n in Name ?? Array.Empty<string>())
                {
                    if (!WildcardPattern.ContainsWildcardCharacters(n) &&
                        !contexts.Any(c => string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase)))
                    {
                        WriteError(new ErrorRecord(new PSDockerException($"No docker context named '{n}' exists in '{resolver.Config.Directory}'.", "ContextNotFound", ErrorCategory.ObjectNotFound, n),
                            "ContextNotFound", ErrorCategory.ObjectNotFound, n));
                    }
                }
            }
            catch (EndpointResolutionException e)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, "Context", Name));
            }
        }
    }
}
