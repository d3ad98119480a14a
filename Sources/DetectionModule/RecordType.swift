import CPython
import PythonBridge

/// `detection.Record`: the `dict` subclass every decoded record (and every object nested in it)
/// is, with `deepget` (DESIGN §3.2). `Record(mapping)` turns nested dicts into records too.
enum RecordType {
    static func make(_ gil: borrowing GILToken) throws -> PyOwned {
        try HeapType.make(
            name: "detection.Record",
            doc: "A security record: a dict with deepget(path, default=None).",
            basicSize: Int(CPy_DictType().pointee.tp_basicsize),
            flags: CPy_TPFLAGS_DEFAULT() | UInt(Py_TPFLAGS_BASETYPE),
            slots: [
                (Py_tp_init, HeapType.slot(initialize)),
                (Py_tp_dealloc, HeapType.slot(dealloc)),
            ],
            methods: [
                MethodDefinition(name: "deepget", calling: .fastKeywords, function: HeapType.slot(deepget),
                                 doc: "deepget(path, default=None): the value at a dotted path ('a.0.b') or a list of keys; default when any step is missing or None."),
            ],
            base: asObject(CPy_DictType()),
            gil
        )
    }

    private typealias Initializer = @convention(c) (PyObjectPointer?, PyObjectPointer?, PyObjectPointer?) -> Int32

    // Record(...) takes what dict(...) takes, then makes nested dicts records.
    private static let initialize: Initializer = { object, args, keywords in
        guard let object, let dictInit = CPy_DictType().pointee.tp_init else { return -1 }
        guard dictInit(object, args, keywords) == 0 else { return -1 }
        return Trampoline.status { gil in try convertNested(in: object, gil) }
    }

    // dict's dealloc frees the memory but, unlike a Python subclass's, does not drop the
    // instance's reference to its heap type; this slot adds that.
    private static let dealloc: SlotFunction.Destructor = { object in
        guard let object else { return }
        let type: UnsafeMutablePointer<PyTypeObject> = CPy_TYPE(object)
        CPy_DictType().pointee.tp_dealloc?(object)
        CPy_DECREF(asObject(type))
    }

    /// Replaces every dict value (also inside lists) by a record, in place for the values of
    /// `record` and by new lists for lists: the caller's own lists are not mutated.
    private static func convertNested(in record: PyObjectPointer, _ gil: borrowing GILToken) throws {
        var position: Py_ssize_t = 0
        var key: PyObjectPointer?
        var value: PyObjectPointer?
        while PyDict_Next(record, &position, &key, &value) != 0 {
            guard let key, let value, let converted = try converted(value, gil) else { continue }
            try check(status: PyDict_SetItem(record, key, converted.pointer), gil)
        }
    }

    /// A record for a dict, a new list for a list holding dicts; nil when `value` stays as it is.
    private static func converted(_ value: PyObjectPointer, _ gil: borrowing GILToken) throws -> PyOwned? {
        guard let recordType = ModuleState.recordType else { return nil }
        if CPy_Dict_Check(value) != 0 {
            if CPy_TYPE(value) == asType(recordType) { return nil }
            try check(status: Py_EnterRecursiveCall(" while converting a nested dict to a Record"), gil)
            defer { Py_LeaveRecursiveCall() }
            return try check(PyObject_CallOneArg(recordType, value), gil)
        }
        guard CPy_List_Check(value) != 0 else { return nil }
        try check(status: Py_EnterRecursiveCall(" while converting a nested list"), gil)
        defer { Py_LeaveRecursiveCall() }
        let count = CPy_List_GET_SIZE(value)
        let list = try check(PyList_New(count), gil)
        var changed = false
        for index in 0..<count {
            guard let item = CPy_List_GET_ITEM(value, index) else { continue }
            if let replacement = try converted(item, gil) {
                changed = true
                CPy_List_SET_ITEM(list.pointer, index, replacement.release())
            } else {
                CPy_List_SET_ITEM(list.pointer, index, PyOwned(retaining: item, gil).release())
            }
        }
        guard changed else { return nil }
        return list
    }

    /// A new, empty record (the decoder's way to make one without calling the type).
    public static func newRecord(_ gil: borrowing GILToken) throws -> PyOwned {
        guard let recordType = ModuleState.recordType, let new = CPy_DictType().pointee.tp_new else {
            throw PythonException(.runtimeError, "the detection module is not initialised")
        }
        let args = try check(PyTuple_New(0), gil)
        return try check(new(asType(recordType), args.pointer, nil), gil)
    }
}
