import CPython

// The one place where a C API failure signal (NULL or -1) becomes a thrown Swift error.

/// A new reference from a C API call, or the pending exception as `PythonError`.
@inline(__always)
public func check(_ result: PyObjectPointer?, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    guard let result else { throw PythonError.fetch(gil) }
    return PyOwned(stealing: result)
}

/// A status result from a C API call: -1 means an exception is pending.
@inline(__always)
public func check(status: Int32, _ gil: borrowing GILToken) throws(PythonError) {
    if status == -1 { throw PythonError.fetch(gil) }
}

/// A boolean-like result (1, 0, or -1 with an exception pending).
@inline(__always)
public func check(truth: Int32, _ gil: borrowing GILToken) throws(PythonError) -> Bool {
    if truth == -1 { throw PythonError.fetch(gil) }
    return truth == 1
}

/// Throws if an exception is pending (for C calls whose return value cannot signal failure,
/// such as `PyLong_AsLongLong` returning -1).
@inline(__always)
public func checkPending(_ gil: borrowing GILToken) throws(PythonError) {
    if PyErr_Occurred() != nil { throw PythonError.fetch(gil) }
}
