import CPython

/// A Python exception caught on the Swift side: the one type Python errors have in Swift.
///
/// Made only by `PythonError.fetch` (after a C API call failed) and turned back into a pending
/// Python exception only by `raise(_:)`, which the trampolines call.
public struct PythonError: Error, CustomStringConvertible {
    /// The exception instance (normalised, with its traceback attached).
    public let exception: PyShared
    /// The exception type's name, e.g. `TypeError` or `json.decoder.JSONDecodeError`.
    public let typeName: String
    /// `str(exception)`.
    public let message: String

    public var description: String {
        message.isEmpty ? typeName : "\(typeName): \(message)"
    }

    /// Takes the pending exception. Called right after a C API call signalled failure; with no
    /// exception pending that is a bug in the bridge, not in the user's code.
    public static func fetch(_ gil: borrowing GILToken) -> PythonError {
        var type: PyObjectPointer?
        var value: PyObjectPointer?
        var traceback: PyObjectPointer?
        PyErr_Fetch(&type, &value, &traceback)
        precondition(type != nil, "a C API call failed without setting an exception")
        PyErr_NormalizeException(&type, &value, &traceback)
        if let value, let traceback { PyException_SetTraceback(value, traceback) }
        CPy_XDECREF(traceback)
        CPy_XDECREF(type)
        // Normalisation gives an instance; a failure there leaves None, which still reports.
        let instance = value ?? { CPy_INCREF(CPy_None()); return CPy_None() }()
        return PythonError(instance: PyShared(stealing: instance), gil)
    }

    private init(instance: PyShared, _ gil: borrowing GILToken) {
        exception = instance
        let object = instance.pointer(gil)
        typeName = PythonBridge.typeName(of: object)
        // str() straight through the C API: going through `check` would fetch again, and an
        // exception whose str() fails (a RecursionError at the limit) would recurse forever.
        if let text = PyObject_Str(object) {
            var size: Py_ssize_t = 0
            if let bytes = PyUnicode_AsUTF8AndSize(text, &size) {
                message = String(decoding: UnsafeRawBufferPointer(start: bytes, count: size), as: UTF8.self)
            } else {
                message = "<exception str() failed>"
            }
            CPy_DECREF(text)
        } else {
            message = "<exception str() failed>"
        }
        PyErr_Clear()
    }

    /// Makes this the pending Python exception again (the trampolines' way back into Python).
    public func raise(_ gil: borrowing GILToken) {
        let object = exception.pointer(gil)
        let type = UnsafeMutableRawPointer(CPy_TYPE(object)).assumingMemoryBound(to: PyObject.self)
        CPy_INCREF(type)
        CPy_INCREF(object)
        PyErr_Restore(type, object, PyException_GetTraceback(object))
    }

    /// Whether the exception is an instance of `type` (e.g. `CPy_Exc_KeyboardInterrupt()`).
    public func matches(_ type: PyObjectPointer, _ gil: borrowing GILToken) -> Bool {
        PyErr_GivenExceptionMatches(exception.pointer(gil), type) != 0
    }

    /// Whether the exception is an instance of the builtin `kind` (or of a subclass).
    public func matches(_ kind: PythonException.Kind, _ gil: borrowing GILToken) -> Bool {
        matches(kind.type, gil)
    }

    /// Whether this is the KeyboardInterrupt that Ctrl-C raises.
    public func isKeyboardInterrupt(_ gil: borrowing GILToken) -> Bool {
        matches(CPy_Exc_KeyboardInterrupt(), gil)
    }

    /// For `SystemExit`, the process exit status it asks for, as `python` computes it: None → 0,
    /// an int → that int, anything else → printed to standard error and 1. Nil for other errors.
    public func systemExitStatus(_ gil: borrowing GILToken) -> Int32? {
        guard matches(CPy_Exc_SystemExit(), gil) else { return nil }
        guard let code = try? getAttr(exception.pointer(gil), "code", gil) else { return 1 }
        if isNone(code.raw) { return 0 }
        if CPy_Long_Check(code.raw) != 0 {
            let value = PyLong_AsLong(code.raw)
            PyErr_Clear()
            return Int32(truncatingIfNeeded: value)
        }
        if let text = try? pyStr(code.raw, gil) {
            FileHandleless.writeError(text + "\n")
        }
        return 1
    }

    /// The traceback as Python prints it, ending in `Type: message`.
    public func formattedTraceback(_ gil: borrowing GILToken) -> String {
        do {
            let traceback = try importModule("traceback", gil)
            let format = try getAttr(traceback.raw, "format_exception", gil)
            let lines = try call(format.raw, [exception.pointer(gil)], gil)
            let empty = try pyString("", gil)
            let joined = try check(PyUnicode_Join(empty.raw, lines.raw), gil)
            // Frames of the host's own embedded modules (files named "<detection-host ...>",
            // shown without source) say nothing to the author of the detection.
            return try swiftString(joined.raw, gil).split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("  File \"<detection-host") }.joined(separator: "\n")
        } catch {
            PyErr_Clear()
            return description + "\n"
        }
    }
}

/// An error that knows which Python exception it becomes when it crosses into Python.
public protocol PythonRaisable: Error {
    /// Sets the pending Python exception.
    func raise(_ gil: borrowing GILToken)
}

extension PythonError: PythonRaisable {}

/// An exception raised from Swift with a standard Python type and a message.
public struct PythonException: PythonRaisable, CustomStringConvertible {
    public enum Kind: Sendable {
        case typeError, valueError, overflowError, keyError, runtimeError, indexError, timeoutError, recursionError
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    public func raise(_ gil: borrowing GILToken) {
        PyErr_SetString(kind.type, message)
    }
}

extension PythonException.Kind {
    /// The exception type, borrowed (the builtin types live as long as the interpreter).
    var type: PyObjectPointer {
        switch self {
        case .typeError: CPy_Exc_TypeError()
        case .valueError: CPy_Exc_ValueError()
        case .overflowError: CPy_Exc_OverflowError()
        case .keyError: CPy_Exc_KeyError()
        case .runtimeError: CPy_Exc_RuntimeError()
        case .indexError: CPy_Exc_IndexError()
        case .timeoutError: CPy_Exc_TimeoutError()
        case .recursionError: CPy_Exc_RecursionError()
        }
    }
}

/// Sets the pending exception to `type(message)` (wraps `PyErr_SetString`; `type` is borrowed),
/// for exception classes of one's own such as a module's error type.
public func errSetString(_ type: PyObjectPointer, _ message: String, _ gil: borrowing GILToken) {
    PyErr_SetString(type, message)
}

/// Writes to standard error without Foundation (the bridge has no other output).
enum FileHandleless {
    static func writeError(_ text: String) {
        var text = text
        text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    }
}
