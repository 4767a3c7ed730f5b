using System;
using System.Collections.Generic;
using Docker.DotNet.Models;

namespace PSDocker.Specs
{
    /// <summary>
    /// docker run --mount: comma-separated <c>key=value</c> fields (a field holding a comma or quote may be
    /// double-quoted, as in CSV). Keys: <c>type</c> (bind, volume, tmpfs, npipe; volume when none),
    /// <c>source</c>/<c>src</c>, <c>target</c>/<c>destination</c>/<c>dst</c> (required), <c>readonly</c>/<c>ro</c>
    /// (alone, or =true/false), <c>consistency</c>, <c>bind-propagation</c>, <c>bind-nonrecursive</c>,
    /// <c>volume-nocopy</c>, <c>volume-driver</c>, <c>volume-label</c> (k=v), <c>volume-opt</c> (k=v),
    /// <c>volume-subpath</c>, <c>tmpfs-size</c> (docker's size units), <c>tmpfs-mode</c> (octal). Key names ignore
    /// case. Options of another type than the mount's are refused, as docker does. Error id InvalidMountSpec.
    /// </summary>
    internal static class MountSpec
    {
        internal const string ErrorId = "InvalidMountSpec";

        internal static Mount Parse(string spec, Func<string, string> resolvePath)
        {
            if (spec is null || spec.Trim().Length == 0)
            {
                throw new SpecException(ErrorId, spec ?? "", "the value is empty. Give type=TYPE,source=SRC,target=DST.");
            }

            var mount = new Mount { Type = "volume" };
            BindOptions? bind = null;
            VolumeOptions? volume = null;
            TmpfsOptions? tmpfs = null;
            BindOptions Bind() => bind ??= new BindOptions();
            // As docker's --mount, volume options always carry a driver part (empty unless given).
            VolumeOptions Volume() => volume ??= new VolumeOptions { DriverConfig = new Driver() };
            TmpfsOptions Tmpfs() => tmpfs ??= new TmpfsOptions();

            foreach (string field in SplitCsv(spec))
            {
                int eq = field.IndexOf('=');
                string key = (eq < 0 ? field : field.Substring(0, eq)).Trim().ToLowerInvariant();
                if (eq < 0)
                {
                    switch (key)
                    {
                        case "readonly":
                        case "ro":
                            mount.ReadOnly = true;
                            continue;
                        case "volume-nocopy":
                            Volume().NoCopy = true;
                            continue;
                        case "bind-nonrecursive":
                            Bind().NonRecursive = true;
                            continue;
                        default:
                            throw new SpecException(ErrorId, spec, $"the field '{field}' is not key=value.");
                    }
                }

                string value = field.Substring(eq + 1);
                switch (key)
                {
                    case "type":
                        mount.Type = value.ToLowerInvariant();
                        break;
                    case "source":
                    case "src":
                        mount.Source = value;
                        break;
                    case "target":
                    case "dst":
                    case "destination":
                        mount.Target = value;
                        break;
                    case "readonly":
                    case "ro":
                        mount.ReadOnly = ParseBool(spec, key, value);
                        break;
                    case "consistency":
                        mount.Consistency = value.ToLowerInvariant();
                        break;
                    case "bind-propagation":
                        Bind().Propagation = value.ToLowerInvariant();
                        break;
                    case "bind-nonrecursive":
                        Bind().NonRecursive = ParseBool(spec, key, value);
                        break;
                    case "volume-nocopy":
                        Volume().NoCopy = ParseBool(spec, key, value);
                        break;
                    case "volume-driver":
                        Volume().DriverConfig.Name = value;
                        break;
                    case "volume-label":
                        SetPair(spec, Volume().Labels ??= new Dictionary<string, string>(), value);
                        break;
                    case "volume-opt":
                        SetPair(spec, Volume().DriverConfig.Options ??= new Dictionary<string, string>(), value);
                        break;
                    case "volume-subpath":
                        Volume().Subpath = value;
                        break;
                    case "tmpfs-size":
                        try
                        {
                            Tmpfs().SizeBytes = MemorySpec.Parse(value);
                        }
                        catch (SpecException e)
                        {
                            throw new SpecException(ErrorId, spec, "tmpfs-size: " + e.Reason);
                        }

                        break;
                    case "tmpfs-mode":
                        try
                        {
                            Tmpfs().Mode = Convert.ToUInt32(value, 8);
                        }
                        catch (Exception e) when (e is FormatException || e is OverflowException || e is ArgumentException)
                        {
                            throw new SpecException(ErrorId, spec, $"tmpfs-mode '{value}' is not an octal file mode such as 1770.");
                        }

                        break;
                    default:
                        throw new SpecException(ErrorId, spec, $"the key '{key}' in '{field}' is not a --mount key.");
                }
            }

            switch (mount.Type)
            {
                case "bind":
                case "volume":
                case "tmpfs":
                case "npipe":
                    break;
                default:
                    throw new SpecException(ErrorId, spec, $"the type '{mount.Type}' is not bind, volume, tmpfs or npipe.");
            }

            if (string.IsNullOrEmpty(mount.Target))
            {
                throw new SpecException(ErrorId, spec, "target= (the path in the container) is missing.");
            }

            if (volume is not null && mount.Type != "volume")
            {
                throw new SpecException(ErrorId, spec, $"volume-* options cannot be used with a mount of type '{mount.Type}'.");
            }

            if (bind is not null && mount.Type != "bind")
            {
                throw new SpecException(ErrorId, spec, $"bind-* options cannot be used with a mount of type '{mount.Type}'.");
            }

            if (tmpfs is not null && mount.Type != "tmpfs")
            {
                throw new SpecException(ErrorId, spec, $"tmpfs-* options cannot be used with a mount of type '{mount.Type}'.");
            }

            if (mount.Type == "bind")
            {
                if (string.IsNullOrEmpty(mount.Source))
                {
                    throw new SpecException(ErrorId, spec, "a bind mount needs source= (the host path).");
                }

                if (mount.Source!.StartsWith(".", StringComparison.Ordinal))
                {
                    mount.Source = resolvePath(mount.Source);
                }
            }

            if (mount.Type == "tmpfs" && !string.IsNullOrEmpty(mount.Source))
            {
                throw new SpecException(ErrorId, spec, "a tmpfs mount takes no source.");
            }

            mount.BindOptions = bind;
            mount.VolumeOptions = volume;
            mount.TmpfsOptions = tmpfs;
            return mount;
        }

        private static bool ParseBool(string spec, string key, string value)
        {
            // Go's strconv.ParseBool.
            switch (value)
            {
                case "1":
                case "t":
                case "T":
                case "true":
                case "TRUE":
                case "True":
                    return true;
                case "0":
                case "f":
                case "F":
                case "false":
                case "FALSE":
                case "False":
                    return false;
                default:
                    throw new SpecException(ErrorId, spec, $"{key}={value}: '{value}' is not true or false.");
            }
        }

        private static void SetPair(string spec, IDictionary<string, string> map, string pair)
        {
            int eq = pair.IndexOf('=');
            string key = eq < 0 ? pair : pair.Substring(0, eq);
            if (key.Length == 0)
            {
                throw new SpecException(ErrorId, spec, $"'{pair}' has an empty key.");
            }

            map[key] = eq < 0 ? "" : pair.Substring(eq + 1);
        }

        /// <summary>Splits on commas outside double quotes; a quoted field loses its quotes ("" is one quote).</summary>
        internal static IEnumerable<string> SplitCsv(string line)
        {
            var field = new System.Text.StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (c == '"')
                {
                    if (quoted && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = !quoted;
                    }
                }
                else if (c == ',' && !quoted)
                {
                    yield return field.ToString();
                    field.Clear();
                }
                else
                {
                    field.Append(c);
                }
            }

            yield return field.ToString();
        }
    }
}
