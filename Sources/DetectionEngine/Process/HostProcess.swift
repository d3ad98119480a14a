import Foundation
import PythonBridge

/// The one owner of the process around a command: the signal state it starts in, how a closed
/// pipe is met (`DescriptorWriter`, `OutputSink`), the exit statuses (`RunStatus`), a call's time
/// limit (`CallWatchdog`), and how it ends — the interpreter finalised as `python3` does, so that
/// detections' `atexit` handlers run and their buffered output is flushed, then `exit`.
public enum HostProcess {
    /// Call first thing. A parent (a test runner's worker thread, a service manager) may hand
    /// down a mask that blocks SIGINT and SIGTERM, and Ctrl-C must stop a run cleanly.
    public static func prepare() {
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        sigprocmask(SIG_SETMASK, &unblocked, nil)
    }

    /// Ends the process with `status`: the interpreter, if one was started, is finalised first
    /// (non-daemon threads joined, `atexit` handlers run, `sys.stdout`/`sys.stderr` flushed).
    public static func exit(_ status: Int32) -> Never {
        PythonRuntime.finalize()
        fflush(nil)
        Foundation.exit(status)
    }

    /// A message for a person on standard error (a closed standard error is no crash).
    public static func printError(_ message: String) {
        Diagnostics.print(message)
    }

    /// The status a usage error exits with (DESIGN §5), whatever the argument parser says.
    public static let usageErrorStatus: Int32 = 2
}
