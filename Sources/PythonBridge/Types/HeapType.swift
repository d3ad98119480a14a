import CPython

/// Builds heap types (`PyType_FromSpecWithBases`) whose slots and methods run Swift bodies.
/// What CPython keeps pointers to (names, docs, slot and method tables) is allocated once and
/// never freed: the types live as long as the process.
public enum HeapType {
    /// What instances are made of.
    public enum Layout {
        /// A `PyObject` header and one retained Swift object (see `SwiftObject`).
        case swiftObject
        /// A subclass of `dict` with `dict`'s layout (the JSON decoder can make its instances).
        case dict
        /// A subclass of `set` with `set`'s layout.
        case set
    }

    public struct Flags: OptionSet, Sendable {
        public let rawValue: UInt
        public init(rawValue: UInt) { self.rawValue = rawValue }
        /// Python code may subclass the type (Py_TPFLAGS_BASETYPE).
        public static let subclassable = Flags(rawValue: UInt(Py_TPFLAGS_BASETYPE))
        /// Python code cannot call the type to make instances (Py_TPFLAGS_DISALLOW_INSTANTIATION).
        public static let notInstantiable = Flags(rawValue: UInt(Py_TPFLAGS_DISALLOW_INSTANTIATION))
    }

    /// A new heap type: a new reference.
    public static func make(
        name: String,
        doc: String,
        layout: Layout,
        flags: Flags = [],
        slots: [TypeSlot] = [],
        methods: [Method] = [],
        _ gil: borrowing GILToken
    ) throws -> PyOwned {
        var table: [PyType_Slot] = [PyType_Slot(slot: Py_tp_doc, pfunc: UnsafeMutableRawPointer(mutating: permanentCString(doc)))]
        let base: UnsafeMutablePointer<PyTypeObject>?
        let basicSize: Int
        switch layout {
        case .swiftObject:
            base = nil
            basicSize = SwiftObject.basicSize
            table.append(PyType_Slot(slot: Py_tp_dealloc, pfunc: pointer(to: SwiftObject.dealloc)))
        case .dict:
            base = CPy_DictType()
            basicSize = Int(CPy_DictType().pointee.tp_basicsize)
            table.append(PyType_Slot(slot: Py_tp_dealloc, pfunc: pointer(to: SubclassDealloc.dict)))
        case .set:
            base = CPy_SetType()
            basicSize = Int(CPy_SetType().pointee.tp_basicsize)
        }
        for slot in slots {
            table.append(try entry(for: slot, base: base, type: name))
        }
        if !methods.isEmpty {
            table.append(PyType_Slot(slot: Py_tp_methods, pfunc: UnsafeMutableRawPointer(try methodTable(methods, owner: name))))
        }
        table.append(PyType_Slot(slot: 0, pfunc: nil))
        let slotTable = UnsafeMutablePointer<PyType_Slot>.allocate(capacity: table.count)
        slotTable.initialize(from: table, count: table.count)
        var spec = PyType_Spec(
            name: permanentCString(name),
            basicsize: Int32(basicSize),
            itemsize: 0,
            flags: UInt32(UInt(CPy_TPFLAGS_DEFAULT()) | flags.rawValue),
            slots: slotTable
        )
        guard let base else { return try check(PyType_FromSpec(&spec), gil) }
        let bases = try check(PyTuple_New(1), gil)
        CPy_INCREF(asObject(base))
        CPy_Tuple_SET_ITEM(bases.raw, 0, asObject(base))
        return try check(PyType_FromSpecWithBases(&spec, bases.raw), gil)
    }

    /// The slot table entry running `slot`'s body through a thunk claimed for it.
    private static func entry(for slot: TypeSlot, base: UnsafeMutablePointer<PyTypeObject>?, type: String) throws -> PyType_Slot {
        typealias T = SlotThunks
        switch slot {
        case let .repr(body): return PyType_Slot(slot: Py_tp_repr, pfunc: pointer(to: T.unary[try T.unaryBodies.claim(body, for: type)]))
        case let .iter(body): return PyType_Slot(slot: Py_tp_iter, pfunc: pointer(to: T.unary[try T.unaryBodies.claim(body, for: type)]))
        case let .getItem(body): return try binary(Py_mp_subscript, body, type)
        case let .subtract(body): return try binary(Py_nb_subtract, body, type)
        case let .or(body): return try binary(Py_nb_or, body, type)
        case let .and(body): return try binary(Py_nb_and, body, type)
        case let .xor(body): return try binary(Py_nb_xor, body, type)
        case let .setItem(body):
            return PyType_Slot(slot: Py_mp_ass_subscript, pfunc: pointer(to: T.assign[try T.assignBodies.claim(body, for: type)]))
        case let .length(body):
            return PyType_Slot(slot: Py_mp_length, pfunc: pointer(to: T.length[try T.lengthBodies.claim(body, for: type)]))
        case let .contains(body):
            return PyType_Slot(slot: Py_sq_contains, pfunc: pointer(to: T.contains[try T.containsBodies.claim(body, for: type)]))
        case let .initialize(body):
            guard let baseInit = base?.pointee.tp_init else {
                throw PythonException(.runtimeError, "\(type): an initialize slot needs a base type with tp_init")
            }
            let index = try T.initializeBodies.claim(T.InitializeEntry(base: baseInit, body: body), for: type)
            return PyType_Slot(slot: Py_tp_init, pfunc: pointer(to: T.initialize[index]))
        }

        func binary(_ id: Int32, _ body: @escaping SlotBody.Binary, _ type: String) throws -> PyType_Slot {
            PyType_Slot(slot: id, pfunc: pointer(to: T.binary[try T.binaryBodies.claim(body, for: type)]))
        }
    }

    /// A NULL-terminated `PyMethodDef` table that lives for the rest of the process, each method
    /// running its body through a claimed thunk.
    static func methodTable(_ methods: [Method], owner: String) throws -> UnsafeMutablePointer<PyMethodDef> {
        let table = UnsafeMutablePointer<PyMethodDef>.allocate(capacity: methods.count + 1)
        for (index, method) in methods.enumerated() {
            let thunk = SlotThunks.method[try SlotThunks.methodBodies.claim(method, for: "\(owner).\(method.name)")]
            table[index] = PyMethodDef(
                ml_name: permanentCString(method.name),
                ml_meth: unsafeBitCast(thunk, to: PyCFunction.self),
                ml_flags: CPy_METH_FASTCALL_KEYWORDS(),
                ml_doc: permanentCString(method.doc)
            )
        }
        table[methods.count] = PyMethodDef(ml_name: nil, ml_meth: nil, ml_flags: 0, ml_doc: nil)
        return table
    }

    /// A C string that is never freed.
    static func permanentCString(_ text: String) -> UnsafePointer<CChar> {
        UnsafePointer(strdup(text)!)
    }

    /// A slot pointer from a C function.
    @inline(__always)
    static func pointer<F>(to function: F) -> UnsafeMutableRawPointer {
        unsafeBitCast(function, to: UnsafeMutableRawPointer.self)
    }
}
