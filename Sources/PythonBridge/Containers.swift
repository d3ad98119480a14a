import CPython

// Lists, tuples, dicts and sets: builders that fill every item before the object is handed
// out, and accessors named after the C calls they wrap. Each says new or borrowed reference.

/// A new `list` of `count` items made by `item(index)` in order (wraps `PyList_New` and
/// `PyList_SET_ITEM`). If `item` throws, the partly filled list is released, never seen.
public func pyList(count: Int, _ gil: borrowing GILToken, _ item: (Int) throws -> PyOwned) throws -> PyOwned {
    let list = try check(PyList_New(count), gil)
    for index in 0..<count {
        CPy_List_SET_ITEM(list.raw, index, try item(index).release())
    }
    return list
}

/// A new 2-tuple that takes over both references (wraps `PyTuple_New` and `PyTuple_SET_ITEM`).
public func pyTuple(_ first: consuming PyOwned, _ second: consuming PyOwned, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    let tuple = try check(PyTuple_New(2), gil)
    CPy_Tuple_SET_ITEM(tuple.raw, 0, first.release())
    CPy_Tuple_SET_ITEM(tuple.raw, 1, second.release())
    return tuple
}

/// The items of a list or tuple: the size (wraps `PyList_GET_SIZE`/`PyTuple_GET_SIZE`).
@inlinable
public func fastSequenceSize(_ sequence: PyObjectPointer) -> Int {
    CPy_List_Check(sequence) != 0 ? CPy_List_GET_SIZE(sequence) : CPy_Tuple_GET_SIZE(sequence)
}

/// Item `index` (0..<size) of a list or tuple, borrowed: valid while the sequence is unchanged
/// (wraps `PyList_GET_ITEM`/`PyTuple_GET_ITEM`); nil outside the range.
@inlinable
public func fastSequenceItem(_ sequence: PyObjectPointer, at index: Int) -> PyObjectPointer? {
    guard index >= 0, index < fastSequenceSize(sequence) else { return nil }
    return CPy_List_Check(sequence) != 0 ? CPy_List_GET_ITEM(sequence, index) : CPy_Tuple_GET_ITEM(sequence, index)
}

/// `len(sequence)` for any sequence (wraps `PySequence_Size`).
public func sequenceSize(_ sequence: PyObjectPointer, _ gil: borrowing GILToken) throws(PythonError) -> Int {
    let size = PySequence_Size(sequence)
    if size < 0 { throw PythonError.fetch(gil) }
    return size
}

/// `sequence[index]`: a new reference (wraps `PySequence_GetItem`).
public func sequenceGetItem(_ sequence: PyObjectPointer, _ index: Int, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    try check(PySequence_GetItem(sequence, index), gil)
}

/// `iter(object)`: a new reference (wraps `PyObject_GetIter`).
public func getIter(_ object: PyObjectPointer, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    try check(PyObject_GetIter(object), gil)
}

/// `next(iterator)`: a new reference, nil when exhausted (wraps `PyIter_Next`).
public func iterNext(_ iterator: borrowing PyOwned, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned? {
    guard let item = PyIter_Next(iterator.raw) else {
        try checkPending(gil)
        return nil
    }
    return PyOwned(stealing: item)
}

/// The next item of a dict from `position` (start at 0), borrowed; nil after the last (wraps
/// `PyDict_Next`). Values may be replaced while iterating; keys may not be added or removed.
public func dictNext(_ dict: PyObjectPointer, _ position: inout Int, _ gil: borrowing GILToken) -> (key: PyObjectPointer, value: PyObjectPointer)? {
    var key: PyObjectPointer?
    var value: PyObjectPointer?
    guard PyDict_Next(dict, &position, &key, &value) != 0, let key, let value else { return nil }
    return (key, value)
}

/// `dict[key] = value` (wraps `PyDict_SetItem`; both borrowed).
public func setItem(_ dict: PyObjectPointer, key: PyObjectPointer, _ value: PyObjectPointer, _ gil: borrowing GILToken) throws(PythonError) {
    try check(status: PyDict_SetItem(dict, key, value), gil)
}

/// `len(dict)` (wraps `PyDict_Size`).
public func dictSize(_ dict: PyObjectPointer, _ gil: borrowing GILToken) -> Int {
    PyDict_Size(dict)
}

/// `dict.clear()` (wraps `PyDict_Clear`).
public func dictClear(_ dict: PyObjectPointer, _ gil: borrowing GILToken) {
    PyDict_Clear(dict)
}

/// `text.split(separator)`: a new `list` (wraps `PyUnicode_Split`).
public func unicodeSplit(_ text: PyObjectPointer, _ separator: String, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    let separatorObject = try pyString(separator, gil)
    return try check(PyUnicode_Split(text, separatorObject.raw, -1), gil)
}

/// `tuple(list)`: a new reference (wraps `PyList_AsTuple`).
public func listAsTuple(_ list: PyObjectPointer, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    try check(PyList_AsTuple(list), gil)
}

/// A new empty `frozenset` (wraps `PyFrozenSet_New(NULL)`).
public func pyFrozenSet(_ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    try check(PyFrozenSet_New(nil), gil)
}

/// `set`'s own binary operators, called directly rather than through `PyNumber_*` so that a
/// `set` subclass overriding them can build on them without calling itself.
public enum SetOperator {
    case subtract, or, and, xor
}

/// `left op right` as `set` computes it: a new reference, possibly `NotImplemented`.
public func setTypeOperation(_ operation: SetOperator, _ left: PyObjectPointer, _ right: PyObjectPointer, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    let number = CPy_SetType().pointee.tp_as_number
    let function = switch operation {
    case .subtract: number?.pointee.nb_subtract
    case .or: number?.pointee.nb_or
    case .and: number?.pointee.nb_and
    case .xor: number?.pointee.nb_xor
    }
    // `set` defines all four; a NULL here would be a CPython without them.
    return try check(function?(left, right) ?? setError(CPy_Exc_RuntimeError(), "set has no such operator"), gil)
}

/// Sets the pending exception and returns NULL, for `check` to fetch.
private func setError(_ type: PyObjectPointer, _ message: String) -> PyObjectPointer? {
    PyErr_SetString(type, message)
    return nil
}

/// The value of an `int` when it fits in 64 bits, else nil (wraps
/// `PyLong_AsLongLongAndOverflow`; `object` must be an `int`).
public func int64IfFits(_ object: PyObjectPointer, _ gil: borrowing GILToken) -> Int64? {
    var overflow: Int32 = 0
    let value = PyLong_AsLongLongAndOverflow(object, &overflow)
    if value == -1, PyErr_Occurred() != nil {
        PyErr_Clear()
        return nil
    }
    return overflow == 0 ? value : nil
}

/// Runs `body` one recursion level deeper, as CPython counts levels for RecursionError (wraps
/// `Py_EnterRecursiveCall`/`Py_LeaveRecursiveCall`); `context` ends the error message.
public func withRecursionGuard<R: ~Copyable>(_ context: String, _ gil: borrowing GILToken, _ body: () throws -> R) throws -> R {
    try check(status: Py_EnterRecursiveCall(context), gil)
    defer { Py_LeaveRecursiveCall() }
    return try body()
}
