import CPython

// Swift values ⇄ Python objects. Each function says whether it returns a new reference.

/// A new `str` holding `text`.
public func pyString(_ text: String, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    var text = text
    let result = text.withUTF8 { bytes in
        bytes.withMemoryRebound(to: CChar.self) { chars in
            PyUnicode_FromStringAndSize(chars.baseAddress, chars.count)
        }
    }
    return try check(result, gil)
}

/// The text of a `str` (borrowed); TypeError for anything else.
public func swiftString(_ object: PyObjectPointer, _ gil: borrowing GILToken) throws(PythonError) -> String {
    var size: Py_ssize_t = 0
    guard let bytes = PyUnicode_AsUTF8AndSize(object, &size) else { throw PythonError.fetch(gil) }
    return String(decoding: UnsafeRawBufferPointer(start: bytes, count: size), as: UTF8.self)
}

/// `str(object)` as a Swift string.
public func pyStr(_ object: PyObjectPointer, _ gil: borrowing GILToken) throws(PythonError) -> String {
    if CPy_Unicode_Check(object) != 0 { return try swiftString(object, gil) }
    let text = try check(PyObject_Str(object), gil)
    return try swiftString(text.raw, gil)
}

/// `str(object)` as a Swift string, or nil when that text is not valid UTF-8 (a `str` may hold
/// lone surrogates such as `"\ud800"`, which no UTF-8 encoding has): the UnicodeEncodeError is
/// cleared, so the caller can say what was wrong with the value in its own terms.
public func pyStrIfUTF8(_ object: PyObjectPointer, _ gil: borrowing GILToken) throws(PythonError) -> String? {
    let text = isString(object) ? PyOwned(retaining: object, gil) : try check(PyObject_Str(object), gil)
    var size: Py_ssize_t = 0
    guard let bytes = PyUnicode_AsUTF8AndSize(text.raw, &size) else {
        guard PyErr_ExceptionMatches(CPy_Exc_UnicodeEncodeError()) != 0 else { throw PythonError.fetch(gil) }
        PyErr_Clear()
        return nil
    }
    return String(decoding: UnsafeRawBufferPointer(start: bytes, count: size), as: UTF8.self)
}

/// `repr(object)` as a Swift string.
public func pyRepr(_ object: PyObjectPointer, _ gil: borrowing GILToken) throws(PythonError) -> String {
    let text = try check(PyObject_Repr(object), gil)
    return try swiftString(text.raw, gil)
}

/// A new `int`.
public func pyInt(_ value: Int64, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    try check(PyLong_FromLongLong(value), gil)
}

/// The value of an `int` (not `bool`) within 64 bits; OverflowError outside, TypeError for
/// other types. `what` names the argument in the message.
public func swiftInt64(_ object: PyObjectPointer, what: String, _ gil: borrowing GILToken) throws -> Int64 {
    guard CPy_Long_Check(object) != 0, CPy_Bool_Check(object) == 0 else {
        throw PythonException(.typeError, "\(what) must be an int, not \(typeName(of: object))")
    }
    var overflow: Int32 = 0
    let value = PyLong_AsLongLongAndOverflow(object, &overflow)
    if overflow != 0 {
        throw PythonException(.overflowError, "\(what) is outside the signed 64-bit range")
    }
    if value == -1 { try checkPending(gil) }
    return value
}

/// A new `set` (or an instance of a `set` subclass `type`) of strings.
public func pySet(_ members: some Sequence<String>, type: PyObjectPointer? = nil, _ gil: borrowing GILToken) throws -> PyOwned {
    let set: PyOwned
    if let type {
        set = try check(PyObject_CallNoArgs(type), gil)
    } else {
        set = try check(PySet_New(nil), gil)
    }
    for member in members {
        let item = try pyString(member, gil)
        try check(status: PySet_Add(set.raw, item.raw), gil)
    }
    return set
}

/// The name of an object's type, for error messages (`int`, `NoneType`, `list`).
public func typeName(of object: PyObjectPointer) -> String {
    String(cString: CPy_TYPE(object).pointee.tp_name)
}

/// A float for an `int` or `float` object (not `bool`), else nil.
public func swiftNumber(_ object: PyObjectPointer, _ gil: borrowing GILToken) -> Double? {
    guard CPy_Bool_Check(object) == 0, CPy_Long_Check(object) != 0 || CPy_Float_Check(object) != 0 else { return nil }
    let value = PyFloat_AsDouble(object)
    if value == -1, PyErr_Occurred() != nil {
        PyErr_Clear()
        return nil
    }
    return value
}

/// Whether `object` is a `str`.
@inlinable
public func isString(_ object: PyObjectPointer) -> Bool {
    CPy_Unicode_Check(object) != 0
}

/// `[str(item) for item in iterable]`.
public func swiftStrings(_ iterable: PyObjectPointer, _ gil: borrowing GILToken) throws(PythonError) -> [String] {
    let iterator = try check(PyObject_GetIter(iterable), gil)
    var result: [String] = []
    while let item = PyIter_Next(iterator.raw) {
        let owned = PyOwned(stealing: item)
        result.append(try pyStr(owned.raw, gil))
    }
    try checkPending(gil)
    return result
}

/// A new `list` of `str`.
public func pyList(_ strings: [String], _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    let list = try check(PyList_New(strings.count), gil)
    for (index, string) in strings.enumerated() {
        CPy_List_SET_ITEM(list.raw, index, try pyString(string, gil).release())
    }
    return list
}

/// Whether `object` is a `dict` (or a subclass, such as `Record`).
@inlinable
public func isDict(_ object: PyObjectPointer) -> Bool {
    CPy_Dict_Check(object) != 0
}
