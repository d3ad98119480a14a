import CPython

/// What `python` is asked to run, as its command line says it.
public enum MainProgram: Sendable {
    /// A script file (`python FILE`).
    case file(String)
    /// `python -c CODE`.
    case code(String)
    /// The program read from standard input (`python -`).
    case standardInput
}

extension PythonRuntime {
    /// Runs `program` exactly as `python3` would, by CPython's own `Py_RunMain`: `sys.argv`,
    /// `sys.path[0]` and `__file__` as python sets them, `SystemExit` honoured (`sys.exit(n)`
    /// exits n, `sys.exit("msg")` prints msg and exits 1), an uncaught exception printed with its
    /// traceback (exit 1), and then the interpreter finalised: non-daemon threads joined, `atexit`
    /// handlers run, streams flushed. Returns the exit status; the interpreter is gone after it.
    ///
    /// Must be the process's first and only use of the interpreter.
    public static func runMain(_ program: MainProgram, arguments: [String], modules: [BuiltinModule]) -> Int32 {
        precondition(!isInitialized, "PythonRuntime.runMain after the interpreter started")
        let argv0: String
        switch program {
        case let .file(path): argv0 = path
        case .code: argv0 = "-c"
        case .standardInput: argv0 = "-"
        }
        startInterpreter(with: modules) { config in
            var status = setArgv(&config, [argv0] + arguments)
            guard PyStatus_Exception(status) == 0 else { return status }
            switch program {
            case let .file(path):
                status = withUnsafeMutablePointer(to: &config) { PyConfig_SetBytesString($0, &$0.pointee.run_filename, path) }
            case let .code(code):
                // As python's own -c: the command ends with a newline.
                status = withUnsafeMutablePointer(to: &config) { PyConfig_SetBytesString($0, &$0.pointee.run_command, code + "\n") }
            case .standardInput:
                break
            }
            return status
        }
        return Py_RunMain()
    }

    /// Sets `sys.argv` (decoded as python decodes its command line).
    private static func setArgv(_ config: inout PyConfig, _ arguments: [String]) -> PyStatus {
        var pointers = arguments.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeMutableBufferPointer { buffer in
            PyConfig_SetBytesArgv(&config, Py_ssize_t(buffer.count), buffer.baseAddress)
        }
    }
}

extension PythonRuntime {
    /// Finalises the interpreter if it was started and is still running, as `python3` does at
    /// the end of a program: `threading` shutdown, `atexit` handlers, flushed streams. Call it
    /// once, just before the process exits: nothing may touch Python after it.
    public static func finalize() {
        guard isInitialized, Py_IsInitialized() != 0 else { return }
        _ = PyGILState_Ensure()
        _ = Py_FinalizeEx()
    }
}
