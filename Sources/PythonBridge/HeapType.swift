import CPython

/// One method of a type or module, as Python sees it.
public struct MethodDefinition {
    public enum Calling {
        /// `f(self)`: `(self, NULL) -> object`.
        case noArguments
        /// `f(self, arg)`: `(self, arg) -> object`.
        case oneArgument
        /// `f(self, *args, **kwargs)` via vectorcall: `(self, args, nargs, kwnames) -> object`.
        case fastKeywords
    }

    public let name: String
    public let calling: Calling
    public let function: UnsafeMutableRawPointer
    public let doc: String

    public init(name: String, calling: Calling, function: UnsafeMutableRawPointer, doc: String) {
        self.name = name
        self.calling = calling
        self.function = function
        self.doc = doc
    }

    var flags: Int32 {
        switch calling {
        case .noArguments: METH_NOARGS
        case .oneArgument: METH_O
        case .fastKeywords: CPy_METH_FASTCALL_KEYWORDS()
        }
    }
}

/// The C function shapes the slots take, so that Swift closures can be cast to slot pointers.
public enum SlotFunction {
    public typealias Unary = @convention(c) (PyObjectPointer?) -> PyObjectPointer?
    public typealias Binary = @convention(c) (PyObjectPointer?, PyObjectPointer?) -> PyObjectPointer?
    public typealias Ternary = @convention(c) (PyObjectPointer?, PyObjectPointer?, PyObjectPointer?) -> PyObjectPointer?
    public typealias Length = @convention(c) (PyObjectPointer?) -> Py_ssize_t
    public typealias ObjObjArg = @convention(c) (PyObjectPointer?, PyObjectPointer?, PyObjectPointer?) -> Int32
    public typealias ObjObj = @convention(c) (PyObjectPointer?, PyObjectPointer?) -> Int32
    public typealias Destructor = @convention(c) (PyObjectPointer?) -> Void
    public typealias FastKeywords = @convention(c) (PyObjectPointer?, UnsafePointer<PyObjectPointer?>?, Py_ssize_t, PyObjectPointer?) -> PyObjectPointer?
}

/// Builds heap types (`PyType_FromSpecWithBases`) and method tables. What CPython keeps pointers
/// to (names, docs, method tables) is allocated once and never freed: the types live as long as
/// the process.
public enum HeapType {
    public static func make(
        name: String,
        doc: String,
        basicSize: Int,
        flags: UInt,
        slots: [(Int32, UnsafeMutableRawPointer?)],
        methods: [MethodDefinition] = [],
        base: PyObjectPointer? = nil,
        _ gil: borrowing GILToken
    ) throws(PythonError) -> PyOwned {
        var allSlots = slots.map { PyType_Slot(slot: $0.0, pfunc: $0.1) }
        allSlots.append(PyType_Slot(slot: Py_tp_doc, pfunc: UnsafeMutableRawPointer(mutating: permanentCString(doc))))
        if !methods.isEmpty {
            allSlots.append(PyType_Slot(slot: Py_tp_methods, pfunc: UnsafeMutableRawPointer(methodTable(methods))))
        }
        allSlots.append(PyType_Slot(slot: 0, pfunc: nil))
        let slotTable = UnsafeMutablePointer<PyType_Slot>.allocate(capacity: allSlots.count)
        slotTable.initialize(from: allSlots, count: allSlots.count)
        var spec = PyType_Spec(
            name: permanentCString(name),
            basicsize: Int32(basicSize),
            itemsize: 0,
            flags: UInt32(flags),
            slots: slotTable
        )
        guard let base else { return try check(PyType_FromSpec(&spec), gil) }
        let bases = try check(PyTuple_New(1), gil)
        CPy_INCREF(base)
        CPy_Tuple_SET_ITEM(bases.pointer, 0, base)
        return try check(PyType_FromSpecWithBases(&spec, bases.pointer), gil)
    }

    /// A NULL-terminated `PyMethodDef` table that lives for the rest of the process.
    public static func methodTable(_ methods: [MethodDefinition]) -> UnsafeMutablePointer<PyMethodDef> {
        let table = UnsafeMutablePointer<PyMethodDef>.allocate(capacity: methods.count + 1)
        for (index, method) in methods.enumerated() {
            table[index] = PyMethodDef(
                ml_name: permanentCString(method.name),
                ml_meth: unsafeBitCast(method.function, to: PyCFunction.self),
                ml_flags: method.flags,
                ml_doc: permanentCString(method.doc)
            )
        }
        table[methods.count] = PyMethodDef(ml_name: nil, ml_meth: nil, ml_flags: 0, ml_doc: nil)
        return table
    }

    /// A C string that is never freed.
    public static func permanentCString(_ text: String) -> UnsafePointer<CChar> {
        UnsafePointer(strdup(text)!)
    }

    /// A slot pointer from a C function.
    @inline(__always)
    public static func slot<F>(_ function: F) -> UnsafeMutableRawPointer {
        unsafeBitCast(function, to: UnsafeMutableRawPointer.self)
    }
}
