import CPython

// Modules built from Swift: their definition, their objects, their exception types.

/// A new module object named `name` whose functions are `functions` (a new reference; wraps
/// `PyModule_Create`). The definition lives for the rest of the process, as CPython requires.
public func makeModule(name: String, doc: String, functions: [Method], _ gil: borrowing GILToken) throws -> PyOwned {
    let definition = UnsafeMutablePointer<PyModuleDef>.allocate(capacity: 1)
    definition.initialize(to: PyModuleDef(
        m_base: CPy_ModuleDef_HEAD_INIT(),
        m_name: HeapType.permanentCString(name),
        m_doc: HeapType.permanentCString(doc),
        m_size: -1,
        m_methods: try HeapType.methodTable(functions, owner: name),
        m_slots: nil, m_traverse: nil, m_clear: nil, m_free: nil
    ))
    return try check(CPy_Module_Create(definition), gil)
}

/// `module.name = value` (wraps `PyModule_AddObjectRef`; `value` is borrowed).
public func moduleAddObjectRef(_ module: PyObjectPointer, _ name: String, _ value: PyObjectPointer, _ gil: borrowing GILToken) throws(PythonError) {
    try check(status: PyModule_AddObjectRef(module, name, value), gil)
}

/// A new exception class `name` ("module.Class") deriving from `base` (wraps
/// `PyErr_NewException`): a new reference.
public func newException(_ name: String, base: PythonException.Kind, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
    try check(PyErr_NewException(name, base.type, nil), gil)
}
