import PythonBridge

/// The Python side of a test case: mocks put on a detection's module and undone, and what the
/// detection prints captured. Compiled once per process into `_detection_host_test`.
enum CaseSupport {
    static let source = #"""
import io as _io
import json as _json
import sys as _sys


def _locate(namespace, name):
    """(holder, attribute, in_namespace) for a mock's name; LookupError when it names nothing."""
    parts = name.split(".")
    if parts[0] not in namespace:
        raise LookupError("the module has no global '%s'" % parts[0])
    if len(parts) == 1:
        return namespace, parts[0], True
    holder = namespace[parts[0]]
    for index, part in enumerate(parts[1:-1], start=1):
        if not hasattr(holder, part):
            raise LookupError("'%s' has no attribute '%s'" % (".".join(parts[:index]), part))
        holder = getattr(holder, part)
    if not hasattr(holder, parts[-1]):
        raise LookupError("'%s' has no attribute '%s'" % (".".join(parts[:-1]), parts[-1]))
    return holder, parts[-1], False


def check_mock(function, name):
    """None when the mock names something in the detection's module, else why not."""
    try:
        _locate(function.__globals__, name)
        return None
    except LookupError as error:
        return str(error)


def _returning(value):
    def mocked(*args, **kwargs):
        return value
    return mocked


def apply_mocks(function, mocks_json):
    """Replaces each name (a callable by a function returning the value); returns the undo list.
    `mocks_json` is a JSON list of [name, value] pairs."""
    undo = []
    try:
        for name, value in _json.loads(mocks_json):
            holder, attribute, in_namespace = _locate(function.__globals__, name)
            if in_namespace:
                original = holder[attribute]
                holder[attribute] = _returning(value) if callable(original) else value
                undo.append((holder, attribute, True, original, True))
            else:
                original = getattr(holder, attribute)
                own = attribute in getattr(holder, "__dict__", {})
                setattr(holder, attribute, _returning(value) if callable(original) else value)
                undo.append((holder, attribute, False, original, own))
    except BaseException:
        undo_mocks(undo)
        raise
    return undo


def undo_mocks(undo):
    for holder, attribute, in_namespace, original, own in reversed(undo):
        if in_namespace:
            holder[attribute] = original
        elif own:
            setattr(holder, attribute, original)
        else:
            delattr(holder, attribute)


def begin_capture():
    """Sends print() and writes to stdout/stderr into one buffer, in the order they happen."""
    buffer = _io.StringIO()
    saved = (_sys.stdout, _sys.stderr)
    _sys.stdout = _sys.stderr = buffer
    return (saved, buffer)


def end_capture(state):
    saved, buffer = state
    _sys.stdout, _sys.stderr = saved
    return buffer.getvalue()
"""#

    nonisolated(unsafe) private static var module: PyObjectPointer?

    /// A new reference to a helper function (the module is made on first use; the GIL guards it).
    static func function(_ name: String, _ gil: borrowing GILToken) throws -> PyOwned {
        if let module { return try getAttr(module, name, gil) }
        let code = try compile(source, filename: "<detection-host test>", gil)
        let created = try importCode(code.pointer(gil), as: "_detection_host_test", path: nil, gil).release()
        module = created
        return try getAttr(created, name, gil)
    }
}
