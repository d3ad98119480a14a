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


def use_virtual_env():
    """Puts the active virtual environment's packages (VIRTUAL_ENV) where `python` from that
    environment would have them: after PYTHONPATH, before the system's site-packages."""
    import os
    import site
    import sys
    root = os.environ.get("VIRTUAL_ENV")
    if not root:
        return None
    packages = os.path.join(root, "lib", "python%d.%d" % sys.version_info[:2], "site-packages")
    if not os.path.isdir(packages) or packages in sys.path:
        return None
    before = list(sys.path)
    site.addsitedir(packages)
    added = [entry for entry in sys.path if entry not in before]
    system = next((index for index, entry in enumerate(before) if entry.endswith(("site-packages", "dist-packages"))), len(before))
    sys.path[:] = before[:system] + added + before[system:]
    return packages


def to_json(value):
    """JSON text for a value a detection function returned (dicts, lists, str, numbers...);
    what JSON cannot hold becomes its str()."""
    return _json.dumps(value, default=_plain, ensure_ascii=False, separators=(",", ":"))


def _plain(value):
    """What JSON holds for a value it has no type for: read-only mappings and sequences (Panther's
    event values) as objects and arrays, anything else as its str()."""
    from collections.abc import Mapping, Sequence
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray)):
        return list(value)
    return str(value)
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

    /// Makes `VIRTUAL_ENV`'s packages importable (PYTHONPATH the interpreter reads itself); a
    /// failure here only means those packages stay out of reach, which an import then names.
    static func useVirtualEnvironment(_ gil: borrowing GILToken) {
        guard let function = try? function("use_virtual_env", gil) else { return }
        _ = try? call(function.pointer(gil), [], gil)
    }

    /// A new reference to a helper function.
    static func function(_ name: String, _ gil: borrowing GILToken) throws -> PyOwned {
        try getAttr(try module(gil), name, gil)
    }
}
