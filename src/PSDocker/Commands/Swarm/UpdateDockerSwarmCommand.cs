using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Management.Automation;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Changes the swarm's settings and rotates its tokens, like docker swarm update and docker swarm join-token --rotate.</para>
    /// <para type="description">Reads the swarm's spec and version (GET /swarm), changes what is given and sends it back
    /// (POST /swarm/update), on a manager. The spec is read after the confirmation prompt; when another change went in
    /// between the read and the send (the engine's "update out of sequence"), it is read and applied again, up to 3
    /// times, then the error is SwarmUpdateConflict. -RotateWorkerToken and -RotateManagerToken replace a join token (nodes that joined
    /// stay); -RotateUnlockKey replaces the unlock key. When autolock is turned on or the unlock key rotated, the swarm is
    /// written with the new key in its UnlockKey property (a SecureString) and a warning says so; otherwise -PassThru writes
    /// the swarm.</para>
    /// </summary>
    [Cmdlet(VerbsData.Update, "DockerSwarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DockerSwarm))]
    public sealed class UpdateDockerSwarmCommand : SwarmSpecCommandBase
    {
        /// <summary>Replace the worker join token (docker swarm join-token --rotate worker; the API's rotateWorkerToken).</summary>
        [Parameter]
        public SwitchParameter RotateWorkerToken { get; set; }

        /// <summary>Replace the manager join token (docker swarm join-token --rotate manager; the API's rotateManagerToken).</summary>
        [Parameter]
        public SwitchParameter RotateManagerToken { get; set; }

        /// <summary>Replace the unlock key (docker swarm unlock-key --rotate; the API's rotateManagerUnlockKey); the new one is in the output's UnlockKey.</summary>
        [Parameter]
        public SwitchParameter RotateUnlockKey { get; set; }

        /// <summary>$true to lock the managers when their engine restarts, $false to stop (docker swarm update --autolock; Spec.EncryptionConfig.AutoLockManagers).</summary>
        [Parameter]
        public bool Autolock { get; set; }

        /// <summary>Write the swarm as it is after the change (it is written anyway when there is a new unlock key).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }


        protected override void ProcessRecord()
        {
            CheckSpecInput();
            Run(async () =>
            {
                if (!ShouldProcess(ResolveEndpoint().ToString(), "Update the swarm (docker swarm update)"))
                {
                    return;
                }

                // The spec and its version are read after the prompt, and again when another change went in first.
                bool wasLocked = await SwarmUpdates.SendAsync("The swarm", async () =>
                {
                    SwarmInspectResponse current = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Swarm.InspectSwarmAsync(token));
                    Spec spec = current.Spec ?? new Spec();
                    ApplySpec(spec);

                    bool locked = spec.EncryptionConfig?.AutoLockManagers ?? false;
                    if (Given(nameof(Autolock)) && Autolock is bool autolock)
                    {
                        (spec.EncryptionConfig ??= new EncryptionConfig()).AutoLockManagers = autolock;
                    }

                    // POST /swarm/update sent directly: the library's SwarmUpdateParameters sends the rotate flags under
                    // lower-case names the engine does not read (it reads rotateWorkerToken, ...).
                    await RequestAsync(RequestLimit.Default, (e, token) => EngineRawRequest.SendAsync(e, HttpMethod.Post, "swarm/update", Query(current.Version?.Index ?? 0), spec, token));
                    return locked;
                });
                WriteVerbose("Swarm updated.");

                bool newKey = RotateUnlockKey || (Given(nameof(Autolock)) && Autolock && !wasLocked);
                if (newKey || PassThru)
                {
                    DockerSwarm swarm = await SwarmState.ReadAsync(this, newKey);
                    SwarmState.WarnUnlockKey(this, swarm);
                    WriteObject(swarm);
                }
            }, null);
        }

        /// <summary>The query of POST /swarm/update: the version read, and the rotations asked for.</summary>
        private List<KeyValuePair<string, string>> Query(ulong version)
        {
            var query = new List<KeyValuePair<string, string>> { new("version", version.ToString(CultureInfo.InvariantCulture)) };
            if (RotateWorkerToken)
            {
                query.Add(new("rotateWorkerToken", "true"));
            }

            if (RotateManagerToken)
            {
                query.Add(new("rotateManagerToken", "true"));
            }

            if (RotateUnlockKey)
            {
                query.Add(new("rotateManagerUnlockKey", "true"));
            }

            return query;
        }
    }
}
