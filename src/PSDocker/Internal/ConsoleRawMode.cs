using System;
using System.IO;
using System.Management.Automation.Host;
using System.Runtime.InteropServices;
using System.Text;

namespace PSDocker
{
    /// <summary>
    /// The console of this process, for an interactive session (Enter-Container, Start-Container -Interactive
    /// -Tty): raw mode on and off, raw keyboard bytes in, raw bytes out, the window size. The one place the module
    /// touches the console directly; everywhere else output is objects.
    /// <list type="bullet">
    /// <item>Linux/macOS: the terminal attributes of standard input (fd 0) are saved with tcgetattr and set to raw
    /// with cfmakeraw/tcsetattr (no echo, no line editing, no signals from Ctrl+C/Ctrl+\/Ctrl+Z: they arrive as
    /// bytes 0x03, 0x1c, 0x1a for the container's terminal to act on; no output processing: the container's
    /// terminal already writes CR LF). Keys are read with poll + read on fd 0, never through .NET's console
    /// stream, whose terminal reader edits lines and echoes; the poll lets the session end without a read left
    /// waiting that would take the next key typed at the PowerShell prompt.</item>
    /// <item>Windows: SetConsoleMode on the input handle (no echo, no line input, no Ctrl+C processing, virtual
    /// terminal input: keys come as the VT sequences a Linux terminal sends) and on the output handle (virtual
    /// terminal processing, no automatic CR), the output code page set to UTF-8; keys are read with ReadConsoleW
    /// once the input handle is signalled and holds a key.</item>
    /// </list>
    /// <see cref="Restore"/> (also <see cref="Dispose"/>) puts back exactly the settings found, and is safe to call
    /// more than once.
    /// </summary>
    internal abstract class ConsoleRawMode : IDisposable
    {
        /// <summary>The error id when there is no interactive console to run a session in.</summary>
        internal const string NoConsoleErrorId = "NoInteractiveConsole";

        private Stream? _output;

        /// <summary>
        /// Why this PowerShell has no console an interactive session can use, or null when it has one: standard
        /// input or output redirected (a job, a pipe, pwsh -c ... &lt; /dev/null), a remote or background host
        /// (ServerRemoteHost, a job's host, a runspace without a host), or no raw UI.
        /// </summary>
        internal static string? WhyNotInteractive(PSHost? host)
        {
            string hostName = host?.Name ?? "";
            if (host is null || hostName == "ServerRemoteHost" || hostName == "Default Host")
            {
                return $"the PowerShell host '{hostName}' has no console (a remote session, a job, or a runspace without a host)";
            }

            try
            {
                if (host.UI?.RawUI is null)
                {
                    return $"the PowerShell host '{hostName}' has no raw console UI";
                }

                _ = host.UI.RawUI.WindowSize;
            }
            catch (Exception e) when (e is NotImplementedException || e is NotSupportedException || e is HostException || e is IOException || e is InvalidOperationException)
            {
                return $"the PowerShell host '{hostName}' has no console window ({e.Message})";
            }

            if (Console.IsInputRedirected)
            {
                return "standard input is redirected (a job, a pipe, or input from a file)";
            }

            if (Console.IsOutputRedirected)
            {
                return "standard output is redirected (a job, a pipe, or output to a file)";
            }

            return null;
        }

        /// <summary>The console of this platform, not yet in raw mode.</summary>
        internal static ConsoleRawMode Create() =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? new WindowsConsole() : new UnixConsole();

        /// <summary>Saves the console's settings and switches it to raw mode. Throws IOException when the console refuses.</summary>
        internal abstract void Enter();

        /// <summary>Puts back the settings <see cref="Enter"/> found; does nothing when not in raw mode.</summary>
        internal abstract void Restore();

        /// <summary>
        /// Reads the keys typed, waiting at most <paramref name="timeoutMilliseconds"/>: the number of bytes read,
        /// 0 when none came in time, -1 at the end of input (the terminal closed). <paramref name="stopped"/> is asked
        /// once keys are there and before they are taken: when it says the session has ended, they are left for
        /// PowerShell's prompt (0 is returned).
        /// </summary>
        internal abstract int Read(byte[] buffer, int timeoutMilliseconds, Func<bool> stopped);

        /// <summary>The console window's size in character cells (columns, rows); (0, 0) when unknown.</summary>
        internal virtual (int Width, int Height) Size
        {
            get
            {
                try
                {
                    return (Console.WindowWidth, Console.WindowHeight);
                }
                catch (Exception e) when (e is IOException || e is PlatformNotSupportedException || e is InvalidOperationException)
                {
                    return (0, 0);
                }
            }
        }

        /// <summary>Writes the container's terminal output to the console as it is.</summary>
        internal virtual void Write(byte[] buffer, int count)
        {
            _output ??= Console.OpenStandardOutput();
            _output.Write(buffer, 0, count);
            _output.Flush();
        }

        public void Dispose()
        {
            Restore();
            _output?.Dispose();
            _output = null;
        }

        private sealed class UnixConsole : ConsoleRawMode
        {
            private const int StdIn = 0;
            private const int TcsaNow = 0;
            private const short PollIn = 0x1;
            private const short PollErr = 0x8;
            private const short PollHup = 0x10;
            private const short PollNval = 0x20;
            private const int EIntr = 4;
            private const int EAgain = 11;

            // struct termios is 60 bytes on Linux and 72 on macOS: kept as an opaque buffer large enough for both.
            private byte[]? _saved;

            internal override void Enter()
            {
                if (_saved is not null)
                {
                    return;
                }

                byte[] saved = new byte[256];
                if (tcgetattr(StdIn, saved) != 0)
                {
                    throw new IOException($"Could not read the terminal's settings (tcgetattr: errno {Marshal.GetLastWin32Error()}).");
                }

                byte[] raw = (byte[])saved.Clone();
                cfmakeraw(raw);
                if (tcsetattr(StdIn, TcsaNow, raw) != 0)
                {
                    throw new IOException($"Could not switch the terminal to raw mode (tcsetattr: errno {Marshal.GetLastWin32Error()}).");
                }

                _saved = saved;
            }

            internal override void Restore()
            {
                if (_saved is byte[] saved)
                {
                    _ = tcsetattr(StdIn, TcsaNow, saved);
                    _saved = null;
                }
            }

            internal override int Read(byte[] buffer, int timeoutMilliseconds, Func<bool> stopped)
            {
                var fds = new PollFd { Fd = StdIn, Events = PollIn };
                int ready = poll(ref fds, 1, timeoutMilliseconds);
                if (ready < 0)
                {
                    int errno = Marshal.GetLastWin32Error();
                    return errno == EIntr || errno == EAgain ? 0 : -1;
                }

                if (ready == 0)
                {
                    return 0;
                }

                if ((fds.Revents & PollIn) == 0 && (fds.Revents & (PollErr | PollHup | PollNval)) != 0)
                {
                    return -1;
                }

                if (stopped())
                {
                    return 0;
                }

                long n = (long)read(StdIn, buffer, (IntPtr)buffer.Length);
                if (n < 0)
                {
                    int errno = Marshal.GetLastWin32Error();
                    return errno == EIntr || errno == EAgain ? 0 : -1;
                }

                return n == 0 ? -1 : (int)n;
            }

            [StructLayout(LayoutKind.Sequential)]
            private struct PollFd
            {
                public int Fd;
                public short Events;
                public short Revents;
            }

            [DllImport("libc", SetLastError = true)]
            private static extern int tcgetattr(int fd, [Out] byte[] termios);

            [DllImport("libc", SetLastError = true)]
            private static extern int tcsetattr(int fd, int optionalActions, byte[] termios);

            [DllImport("libc")]
            private static extern void cfmakeraw([In, Out] byte[] termios);

            [DllImport("libc", SetLastError = true)]
            private static extern int poll(ref PollFd fds, uint count, int timeout);

            [DllImport("libc", SetLastError = true)]
            private static extern IntPtr read(int fd, [Out] byte[] buffer, IntPtr count);
        }

        private sealed class WindowsConsole : ConsoleRawMode
        {
            private const int StdInputHandle = -10;
            private const int StdOutputHandle = -11;
            private const uint EnableProcessedInput = 0x0001;
            private const uint EnableLineInput = 0x0002;
            private const uint EnableEchoInput = 0x0004;
            private const uint EnableWindowInput = 0x0008;
            private const uint EnableMouseInput = 0x0010;
            private const uint EnableInsertMode = 0x0020;
            private const uint EnableQuickEditMode = 0x0040;
            private const uint EnableExtendedFlags = 0x0080;
            private const uint EnableVirtualTerminalInput = 0x0200;
            private const uint EnableProcessedOutput = 0x0001;
            private const uint EnableVirtualTerminalProcessing = 0x0004;
            private const uint DisableNewlineAutoReturn = 0x0008;
            private const ushort KeyEvent = 0x0001;
            private const uint WaitObject0 = 0;
            private const uint Utf8CodePage = 65001;

            private IntPtr _in;
            private IntPtr _out;
            private uint _inMode;
            private uint _outMode;
            private uint _outCodePage;
            private bool _raw;
            private readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();

            internal override void Enter()
            {
                if (_raw)
                {
                    return;
                }

                _in = GetStdHandle(StdInputHandle);
                _out = GetStdHandle(StdOutputHandle);
                if (!GetConsoleMode(_in, out _inMode) || !GetConsoleMode(_out, out _outMode))
                {
                    throw new IOException($"Could not read the console's mode (GetConsoleMode: error {Marshal.GetLastWin32Error()}).");
                }

                uint input = (_inMode & ~(EnableEchoInput | EnableLineInput | EnableProcessedInput | EnableMouseInput | EnableWindowInput))
                    | EnableExtendedFlags | EnableInsertMode | EnableQuickEditMode | EnableVirtualTerminalInput;
                if (!SetConsoleMode(_in, input))
                {
                    throw new IOException($"The console does not take virtual terminal input (SetConsoleMode: error {Marshal.GetLastWin32Error()}); Windows 10 1809 or later is needed.");
                }

                uint output = _outMode | EnableProcessedOutput | EnableVirtualTerminalProcessing | DisableNewlineAutoReturn;
                if (!SetConsoleMode(_out, output))
                {
                    _ = SetConsoleMode(_in, _inMode);
                    throw new IOException($"The console does not take virtual terminal output (SetConsoleMode: error {Marshal.GetLastWin32Error()}); Windows 10 1809 or later is needed.");
                }

                _outCodePage = GetConsoleOutputCP();
                _ = SetConsoleOutputCP(Utf8CodePage);
                _raw = true;
            }

            internal override void Restore()
            {
                if (!_raw)
                {
                    return;
                }

                _ = SetConsoleMode(_in, _inMode);
                _ = SetConsoleMode(_out, _outMode);
                if (_outCodePage != 0)
                {
                    _ = SetConsoleOutputCP(_outCodePage);
                }

                _raw = false;
            }

            internal override int Read(byte[] buffer, int timeoutMilliseconds, Func<bool> stopped)
            {
                if (WaitForSingleObject(_in, (uint)timeoutMilliseconds) != WaitObject0)
                {
                    return 0;
                }

                // Focus, mouse and key-up events signal the handle too, but ReadConsoleW would wait past them for a
                // key: take them off the queue, and read only when a key with a character is there.
                var records = new InputRecord[64];
                if (!PeekConsoleInputW(_in, records, (uint)records.Length, out uint count) || count == 0)
                {
                    return 0;
                }

                bool hasKey = false;
                for (int i = 0; i < count; i++)
                {
                    if (records[i].EventType == KeyEvent && records[i].KeyDown != 0 && records[i].UnicodeChar != '\0')
                    {
                        hasKey = true;
                        break;
                    }
                }

                if (!hasKey)
                {
                    _ = ReadConsoleInputW(_in, records, count, out _);
                    return 0;
                }

                if (stopped())
                {
                    return 0;
                }

                char[] chars = new char[Math.Max(1, buffer.Length / 4)];
                if (!ReadConsoleW(_in, chars, (uint)chars.Length, out uint read, IntPtr.Zero))
                {
                    return -1;
                }

                // A surrogate pair split between two reads is joined by the encoder, which keeps the first half.
                return _encoder.GetBytes(chars, 0, (int)read, buffer, 0, flush: false);
            }

            // INPUT_RECORD with its KEY_EVENT_RECORD: EventType (WORD, padded to 4), bKeyDown (BOOL),
            // wRepeatCount, wVirtualKeyCode, wVirtualScanCode (WORD), UnicodeChar (WCHAR), dwControlKeyState (DWORD).
            [StructLayout(LayoutKind.Explicit, Size = 20, CharSet = CharSet.Unicode)]
            private struct InputRecord
            {
                [FieldOffset(0)] public ushort EventType;
                [FieldOffset(4)] public int KeyDown;
                [FieldOffset(8)] public ushort RepeatCount;
                [FieldOffset(10)] public ushort VirtualKeyCode;
                [FieldOffset(12)] public ushort VirtualScanCode;
                [FieldOffset(14)] public char UnicodeChar;
                [FieldOffset(16)] public uint ControlKeyState;
            }

            [DllImport("kernel32.dll", SetLastError = true)]
            private static extern IntPtr GetStdHandle(int handle);

            [DllImport("kernel32.dll", SetLastError = true)]
            private static extern bool GetConsoleMode(IntPtr handle, out uint mode);

            [DllImport("kernel32.dll", SetLastError = true)]
            private static extern bool SetConsoleMode(IntPtr handle, uint mode);

            [DllImport("kernel32.dll")]
            private static extern uint GetConsoleOutputCP();

            [DllImport("kernel32.dll", SetLastError = true)]
            private static extern bool SetConsoleOutputCP(uint codePage);

            [DllImport("kernel32.dll", SetLastError = true)]
            private static extern uint WaitForSingleObject(IntPtr handle, uint milliseconds);

            [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            private static extern bool PeekConsoleInputW(IntPtr handle, [Out] InputRecord[] buffer, uint length, out uint read);

            [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            private static extern bool ReadConsoleInputW(IntPtr handle, [Out] InputRecord[] buffer, uint length, out uint read);

            [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            private static extern bool ReadConsoleW(IntPtr handle, [Out] char[] buffer, uint toRead, out uint read, IntPtr control);
        }
    }
}
