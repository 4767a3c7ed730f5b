using System;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace PSDocker.Specs
{
    /// <summary>
    /// docker run --cpus: a number of CPUs as a decimal (1.5, 0.25, 2e-1) or a fraction (3/2), turned into
    /// HostConfig.NanoCpus (CPUs x 10^9), which must come out whole. 0 means no limit. Negative values are refused
    /// (the engine would refuse them too). Error id InvalidCpusSpec.
    /// </summary>
    internal static class CpusSpec
    {
        internal const string ErrorId = "InvalidCpusSpec";

        private static readonly Regex s_decimal = new Regex(@"^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$", RegexOptions.CultureInvariant);
        private static readonly Regex s_fraction = new Regex(@"^([+-]?\d+)/(\d+)$", RegexOptions.CultureInvariant);
        private static readonly BigInteger s_nano = new BigInteger(1_000_000_000);

        /// <summary>The NanoCpus value for a --cpus value.</summary>
        internal static long ParseNanoCpus(string text)
        {
            string spec = (text ?? "").Trim();
            BigInteger numerator, denominator;
            Match f = s_fraction.Match(spec);
            Match d = s_decimal.Match(spec);
            if (f.Success)
            {
                numerator = BigInteger.Parse(f.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                denominator = BigInteger.Parse(f.Groups[2].Value, CultureInfo.InvariantCulture);
                if (denominator.IsZero)
                {
                    throw new SpecException(ErrorId, text ?? "", "a fraction cannot divide by 0.");
                }
            }
            else if (d.Success && (d.Groups[2].Length + d.Groups[3].Length) > 0 && d.Groups[4].Value.Length <= 6)
            {
                string digits = d.Groups[2].Value + d.Groups[3].Value;
                numerator = BigInteger.Parse(digits, CultureInfo.InvariantCulture);
                if (d.Groups[1].Value == "-")
                {
                    numerator = -numerator;
                }

                int exponent = (d.Groups[4].Success && d.Groups[4].Length > 0 ? int.Parse(d.Groups[4].Value, CultureInfo.InvariantCulture) : 0)
                    - d.Groups[3].Length;
                denominator = BigInteger.One;
                if (exponent >= 0)
                {
                    numerator *= BigInteger.Pow(10, exponent);
                }
                else
                {
                    denominator = BigInteger.Pow(10, -exponent);
                }
            }
            else
            {
                throw new SpecException(ErrorId, text ?? "", "it is not a number of CPUs, such as 1.5 or 0.25.");
            }

            if (numerator.Sign < 0)
            {
                throw new SpecException(ErrorId, text ?? "", "the number of CPUs cannot be negative.");
            }

            BigInteger nano = BigInteger.DivRem(numerator * s_nano, denominator, out BigInteger rest);
            if (!rest.IsZero)
            {
                throw new SpecException(ErrorId, text ?? "", "it is too precise: CPUs are counted in billionths.");
            }

            if (nano > long.MaxValue)
            {
                throw new SpecException(ErrorId, text ?? "", "the number of CPUs is too large.");
            }

            return (long)nano;
        }
    }
}
