using System;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using PSDocker.Streams;
#if NET8_0_OR_GREATER
using System.Runtime.InteropServices;
#endif

namespace PSDocker
{
    /// <summary>How an interactive session ended.</summary>
    internal enum TtySessionEnd
    {
        /// <summary>The container's side ended the stream: the command (or the container) exited.</summary>
        Exited,

        /// <summary>The user typed the detach keys (Ctrl+P Ctrl+Q by default); the command goes on running.</summary>
        Detached,
    }

    /// <summary>
    /// An interactive terminal session in this console, over a hijacked engine stream with a TTY (docker exec -it,
    /// docker attach, docker run -it): the console in raw mode, every key typed sent to the container as bytes
    /// (Ctrl+C and Ctrl+D too: the container's terminal turns them into SIGINT and end-of-input), the container's
    /// terminal output written to the console as it is, the window size sent at the start and whenever it changes.
    /// <list type="bullet">
    /// <item>Keys are read on a thread of their own (<see cref="ConsoleRawMode.Read"/> waits at most 100 ms at a time,
    /// so the thread ends soon after the session and never takes a key typed at the PowerShell prompt); they pass
    /// through a <see cref="DetachKeyFilter"/>. The end of input (the terminal closed) closes the container's input.</item>
    /// <item>Output is read and written, and the size followed, on the caller's thread (the pipeline thread, under
    /// the cmdlet's pump). The size is checked every 200 ms, and at once on SIGWINCH where .NET reports it.</item>
    /// <item>The console's settings are put back when the session ends, however it ends (the stream's end, the
    /// detach keys, Ctrl+C from the pipeline's stop, an error).</item>
    /// </list>
    /// </summary>
    internal sealed class TtySession
    {
        private const int KeyWaitMilliseconds = 100;
        private static readonly TimeSpan s_sizeCheck = TimeSpan.FromMilliseconds(200);
        private static readonly byte[] s_newLine = { (byte)'\r', (byte)'\n' };

        private readonly ConsoleRawMode _console;
        private readonly byte[] _detachKeys;
        private readonly Func<int, int, Task> _resize;
        private readonly Action<string> _verbose;
        private readonly SemaphoreSlim _wake = new SemaphoreSlim(0);
        private volatile bool _stop;
        private volatile bool _detached;

        /// <param name="console">The console (not yet in raw mode; the session switches it and puts it back).</param>
        /// <param name="detachKeys">The detach sequence's bytes; empty for none.</param>
        /// <param name="resize">Sends a window size (width, height in cells) to the container's terminal.</param>
        /// <param name="verbose">Status text: WriteVerbose (called on the caller's thread only).</param>
        internal TtySession(ConsoleRawMode console, byte[] detachKeys, Func<int, int, Task> resize, Action<string>? verbose = null)
        {
            _console = console ?? throw new ArgumentNullException(nameof(console));
            _detachKeys = detachKeys ?? Array.Empty<byte>();
            _resize = resize ?? throw new ArgumentNullException(nameof(resize));
            _verbose = verbose ?? (_ => { });
        }

        /// <summary>
        /// Runs the session on <paramref name="stream"/> until it ends or the user detaches. Cancelling
        /// <paramref name="cancel"/> ends it at once (OperationCanceledException). The console is restored before this returns or throws.
        /// </summary>
        internal async Task<TtySessionEnd> RunAsync(MultiplexedStream stream, CancellationToken cancel)
        {
            if (stream is null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            _stop = false;
            _detached = false;
            Thread? keys = null;
            IDisposable? winch = null;
            Task<MultiplexedStream.ReadResult>? read = null;
            try
            {
                _console.Enter();
                (int Width, int Height) size = _console.Size;
                await SendInitialSizeAsync(size, cancel);

                keys = new Thread(() => PumpKeys(stream)) { IsBackground = true, Name = "PSDocker TTY input" };
                keys.Start();
                winch = WatchWindowSignal();

                byte[] buffer = new byte[16 * 1024];
                read = stream.ReadOutputAsync(buffer, 0, buffer.Length, cancel);
                Task wake = _wake.WaitAsync(s_sizeCheck, cancel);
                while (true)
                {
                    Task first = await Task.WhenAny(read, wake);
                    cancel.ThrowIfCancellationRequested();
                    if (first == read)
                    {
                        MultiplexedStream.ReadResult result = await read;
                        if (result.EOF)
                        {
                            return _detached ? TtySessionEnd.Detached : TtySessionEnd.Exited;
                        }

                        _console.Write(buffer, result.Count);
                        read = stream.ReadOutputAsync(buffer, 0, buffer.Length, cancel);
                        continue;
                    }

                    wake = _wake.WaitAsync(s_sizeCheck, cancel);
                    if (_detached)
                    {
                        // The container's prompt is left as it was: what PowerShell writes next starts on a line of its own.
                        _console.Write(s_newLine, s_newLine.Length);
                        return TtySessionEnd.Detached;
                    }

                    (int Width, int Height) now = _console.Size;
                    if (now != size && now.Width > 0 && now.Height > 0)
                    {
                        size = now;
                        try
                        {
                            await _resize(now.Width, now.Height);
                        }
                        catch (Exception e) when (!cancel.IsCancellationRequested && !(e is OperationCanceledException))
                        {
                            // The process may be ending: a size that could not be sent is not worth ending the session for.
                            _verbose($"Could not send the window size {now.Width}x{now.Height}: {ErrorMapper.Unwrap(e).Message}");
                        }
                    }
                }
            }
            finally
            {
                // After the detach keys or a cancel a read is still pending, and it fails once the caller disposes the
                // stream: its exception is observed here, so it is not reported later as an unobserved task exception.
                if (read is { IsCompleted: false })
                {
                    _ = read.ContinueWith(t => _ = t.Exception, CancellationToken.None,
                        TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }

                _stop = true;
                winch?.Dispose();
                keys?.Join(TimeSpan.FromSeconds(2));
                _console.Restore();
            }
        }

        /// <summary>
        /// The first size, right after the start: the process may not have its terminal yet, so a refusal is tried
        /// again a few times, as docker's client does.
        /// </summary>
        private async Task SendInitialSizeAsync((int Width, int Height) size, CancellationToken cancel)
        {
            if (size.Width <= 0 || size.Height <= 0)
            {
                return;
            }

            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    await _resize(size.Width, size.Height);
                    return;
                }
                catch (Exception e) when (!cancel.IsCancellationRequested && !(e is OperationCanceledException))
                {
                    if (attempt == 5)
                    {
                        _verbose($"Could not send the window size {size.Width}x{size.Height}: {ErrorMapper.Unwrap(e).Message}");
                        return;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancel);
                }
            }
        }

        /// <summary>The key thread: console bytes, through the detach filter, to the container's input.</summary>
        private void PumpKeys(MultiplexedStream stream)
        {
            var filter = new DetachKeyFilter(_detachKeys);
            byte[] buffer = new byte[4096];
            try
            {
                while (!_stop)
                {
                    int n = _console.Read(buffer, KeyWaitMilliseconds, () => _stop);
                    if (n == 0)
                    {
                        continue;
                    }

                    if (n < 0)
                    {
                        stream.CloseWrite();
                        return;
                    }

                    byte[] send = filter.Filter(buffer, n);
                    if (send.Length > 0)
                    {
                        stream.WriteAsync(send, 0, send.Length, CancellationToken.None).GetAwaiter().GetResult();
                    }

                    if (filter.Detached)
                    {
                        _detached = true;
                        _wake.Release();
                        return;
                    }
                }
            }
            catch (Exception)
            {
                // The connection closed under the write: the output side sees the end and ends the session.
            }
        }

        private IDisposable? WatchWindowSignal()
        {
#if NET8_0_OR_GREATER
            if (!OperatingSystem.IsWindows())
            {
                try
                {
                    return PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => _wake.Release());
                }
                catch (Exception e) when (e is PlatformNotSupportedException || e is System.IO.IOException)
                {
                    return null;
                }
            }
#endif
            return null;
        }
    }
}
