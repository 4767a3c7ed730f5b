using System.Management.Automation;

namespace PSDocker.Streams
{
    /// <summary>Small helpers for the progress bars of streamed transfers (save, load).</summary>
    internal static class Progress
    {
        /// <summary>
        /// Closes a progress bar; safe in a finally block while the pipeline stops (Ctrl+C), where writing is refused.
        /// </summary>
        internal static void Complete(Cmdlet cmdlet, int activityId, string activity)
        {
            try
            {
                cmdlet.WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
            catch (PipelineStoppedException)
            {
            }
        }

        /// <summary>"1.2MB of 3.4MB" (decimal units, as docker prints sizes) and the percentage, or -1 when the total is unknown.</summary>
        internal static (string Status, int Percent) Of(long done, long total) =>
            total > 0
                ? ($"{Humanize.Size(done)} of {Humanize.Size(total)}", (int)System.Math.Min(100, done * 100 / total))
                : (Humanize.Size(done), -1);
    }
}
