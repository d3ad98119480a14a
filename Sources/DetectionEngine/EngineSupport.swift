import PythonBridge

/// Small Python helpers the engine calls for what Python already does well: reading a
/// traceback and serialising values. Compiled once per process into the module `_detection_host`.
enum EngineSupport {
    static let source = #"""
import json as _json
import traceback as _traceback


def error_line(exc, path):
    """The line in `path` where `exc` was raised, or 0: the deepest frame in that file, or the
    SyntaxError's own position."""
    if isinstance(exc, SyntaxError) and exc.filename == path:
        return exc.lineno or 0
    line = 0
    for frame in _traceback.extract_tb(exc.__traceback__):
        if frame.filename == path:
            line = frame.lineno or 0
    return line


def to_json(value):
    """JSON text for a value a detection function returned (dicts, lists, str, numbers...);
    what JSON cannot hold becomes its str()."""
    return _json.dumps(value, default=str, ensure_ascii=False, separators=(",", ":"))
"""#

    nonisolated(unsafe) private static var module: PyObjectPointer?

    /// The compiled helper module (made on first use; the GIL guards it).
    static func module(_ gil: borrowing GILToken) throws -> PyObjectPointer {
        if let module { return module }
        let code = try compile(source, filename: "<detection-host>", gil)
        let created = try importCode(code.pointer(gil), as: "_detection_host", path: nil, gil)
        let pointer = created.release()
        module = pointer
        return pointer
    }

    /// A new reference to a helper function.
    static func function(_ name: String, _ gil: borrowing GILToken) throws -> PyOwned {
        try getAttr(try module(gil), name, gil)
    }
}
