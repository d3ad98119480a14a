import CPython

// Calling, attributes, modules and code: thin checked wrappers named after the C calls they make.

/// `getattr(object, name)`: a new reference.
public func getAttr(_ object: PyObjectPointer, _ name: String, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    try check(PyObject_GetAttrString(object, name), gil)
}

/// `getattr(object, name, None)` without raising AttributeError: nil when missing.
public func getAttrIfPresent(_ object: PyObjectPointer, _ name: String, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned? {
    let key = try pyString(name, gil)
    guard let value = PyObject_GetAttr(object, key.raw) else {
        if PyErr_ExceptionMatches(CPy_Exc_AttributeError()) != 0 {
            PyErr_Clear()
            return nil
        }
        throw PythonError.fetch(gil)
    }
    return PyOwned(stealing: value)
}

/// `callable(*arguments)`: a new reference. Arguments are borrowed.
public func call(_ callable: PyObjectPointer, _ arguments: [PyObjectPointer], _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    let result = arguments.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: Optional<PyObjectPointer>.self) { optionals in
            PyObject_Vectorcall(callable, optionals.baseAddress, arguments.count, nil)
        }
    }
    return try check(result, gil)
}

/// `callable(argument)`: the common one-argument call (a detection's `detect(record)`).
@inline(__always)
public func call(_ callable: PyObjectPointer, _ argument: PyObjectPointer, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    try check(PyObject_CallOneArg(callable, argument), gil)
}

/// `import name`: a new reference to the module.
public func importModule(_ name: String, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    try check(PyImport_ImportModule(name), gil)
}

/// `bool(object)`.
public func isTruthy(_ object: PyObjectPointer, _ gil: borrowing GILToken) throws(PythonError) -> Bool {
    try check(truth: PyObject_IsTrue(object), gil)
}

/// Whether `object` is `None`.
@inlinable
public func isNone(_ object: PyObjectPointer) -> Bool {
    object == CPy_None()
}

/// Compiles `source` as a module body named `filename` (so tracebacks point at the file).
public func compile(_ source: String, filename: String, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    try check(Py_CompileStringExFlags(source, filename, Py_file_input, nil, -1), gil)
}

/// Executes compiled `code` in the namespace `globals` (a dict).
public func exec(_ code: PyObjectPointer, globals: PyObjectPointer, _ gil: borrowing GILToken) throws(PythonError) {
    _ = try check(PyEval_EvalCode(code, globals, globals), gil)
}

/// A new empty `dict`.
public func pyDict(_ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    try check(PyDict_New(), gil)
}

/// `dict[key] = value` with a string key.
public func setItem(_ dict: PyObjectPointer, _ key: String, _ value: PyObjectPointer, _ gil: borrowing GILToken) throws(PythonError) {
    try check(status: PyDict_SetItemString(dict, key, value), gil)
}

/// `mapping.get(key)` for a dict with a string key: a borrowed reference, nil when missing.
public func dictItem(_ dict: PyObjectPointer, _ key: String, _ gil: borrowing GILToken) throws(PythonError) -> PyObjectPointer? {
    let name = try pyString(key, gil)
    return try dictItem(dict, key: name.raw, gil)
}

/// `mapping.get(key)` for a dict: a borrowed reference, nil when missing.
@inlinable
public func dictItem(_ dict: PyObjectPointer, key: PyObjectPointer, _ gil: borrowing GILToken) throws(PythonError) -> PyObjectPointer? {
    guard let value = PyDict_GetItemWithError(dict, key) else {
        try checkPending(gil)
        return nil
    }
    return value
}

/// Runs compiled `code` as the body of a new module `name` (registered in `sys.modules`, with
/// `__file__` set to `path`): what `import` does once it has the code. A new reference.
public func importCode(_ code: PyObjectPointer, as name: String, path: String?, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    if let path {
        return try check(PyImport_ExecCodeModuleEx(name, code, path), gil)
    }
    return try check(PyImport_ExecCodeModule(name, code), gil)
}

/// Removes `name` from `sys.modules` (after a failed load), ignoring a missing entry.
public func forgetModule(_ name: String, _ gil: borrowing GILToken) {
    let modules = PyImport_GetModuleDict()
    if PyDict_DelItemString(modules, name) != 0 { PyErr_Clear() }
}

/// `callable(object)`.
@inline(__always)
public func isCallable(_ object: PyObjectPointer) -> Bool {
    PyCallable_Check(object) != 0
}
