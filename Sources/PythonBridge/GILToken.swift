import CPython

/// Proof that the calling thread holds the GIL. Every function that touches Python objects takes
/// one as `borrowing GILToken`.
///
/// It is zero-size, cannot be copied, cannot cross threads (not `Sendable`), and can only be made
/// inside this module: by `Python.withGIL`, or by a `Trampoline` when Python calls into Swift.
public struct GILToken: ~Copyable {
    init() {
        assert(PyGILState_Check() == 1, "GILToken made on a thread that does not hold the GIL")
    }
}

@available(*, unavailable)
extension GILToken: Sendable {}

public enum Python {
    /// Runs `body` with the GIL held by this thread (re-entrant: nesting is fine).
    public static func withGIL<R, E: Error>(_ body: (borrowing GILToken) throws(E) -> R) throws(E) -> R {
        precondition(PythonRuntime.isInitialized, "Python.withGIL before PythonRuntime.initialize")
        let state = PyGILState_Ensure()
        defer { PyGILState_Release(state) }
        return try body(GILToken())
    }

    /// Runs `body` with the GIL released, so other threads can run Python while this one waits
    /// on I/O. `body` must not touch Python objects (it gets no token).
    public static func allowingThreads<R, E: Error>(_ gil: borrowing GILToken, _ body: () throws(E) -> R) throws(E) -> R {
        let saved = PyEval_SaveThread()
        defer { PyEval_RestoreThread(saved) }
        return try body()
    }
}

extension Python {
    /// The calling thread's Python thread id (for `interrupt(thread:with:_:)`).
    public static func currentThreadID() -> UInt {
        UInt(PyThread_get_thread_ident())
    }

    /// Makes `TimeoutError` pending in another thread: it is raised there at the next bytecode
    /// boundary. Used to stop a detection call that runs past its time limit.
    public static func interruptWithTimeout(thread: UInt, _ gil: borrowing GILToken) {
        _ = PyThreadState_SetAsyncExc(thread, CPy_Exc_TimeoutError())
    }

    /// Withdraws a `TimeoutError` made pending in the calling thread that has not gone off yet
    /// (the call it was meant for ended first), so that it cannot hit whatever runs next.
    public static func cancelPendingTimeout(_ gil: borrowing GILToken) {
        _ = PyThreadState_SetAsyncExc(PyThread_get_thread_ident(), nil)
    }

    /// Runs pending signal handlers; throws the exception one raised (Ctrl-C: KeyboardInterrupt).
    public static func checkSignals(_ gil: borrowing GILToken) throws(PythonError) {
        if PyErr_CheckSignals() != 0 { throw PythonError.fetch(gil) }
    }
}
