import CPython
import PythonBridge

// record.deepget(path, default=None) (DESIGN §3.2): `path` is a dotted string or a list/tuple of
// keys; mappings are walked by key, lists by integer index; a missing key, an index out of
// range, a None or a non-container on the way, or a final None give `default`.
extension RecordType {
    static let deepget: SlotFunction.FastKeywords = { object, args, count, names in
        Trampoline.object { gil in
            let arguments = try Arguments(function: "deepget", parameters: ["path", "default"], required: 1,
                                          args: args, count: count, keywordNames: names, gil)
            guard let record = object, let path = arguments[0] else {
                throw PythonException(.typeError, "deepget() missing required argument 'path'")
            }
            let fallback = arguments[1] ?? noneObject()
            let found = try walk(from: record, along: path, gil)
            return PyOwned(retaining: found ?? fallback, gil)
        }
    }

    /// The value at `path` (borrowed from the structure under `start`), or nil.
    private static func walk(from start: PyObjectPointer, along path: PyObjectPointer, _ gil: borrowing GILToken) throws -> PyObjectPointer? {
        var current = start
        if CPy_Unicode_Check(path) != 0 {
            let segments = try pathSegments(path, gil)
            for index in 0..<CPy_Tuple_GET_SIZE(segments) {
                guard let segment = CPy_Tuple_GET_ITEM(segments, index),
                      let next = try step(from: current, key: segment, gil) else { return nil }
                current = next
            }
        } else if CPy_List_Check(path) != 0 || CPy_Tuple_Check(path) != 0 {
            let keys = try check(PySequence_Fast(path, "deepget path must be a str, list or tuple"), gil)
            for index in 0..<PySequence_Size(keys.pointer) {
                guard let key = PySequence_GetItem(keys.pointer, index).map({ PyOwned(stealing: $0) }) else {
                    throw PythonError.fetch(gil)
                }
                guard let next = try step(from: current, key: key.pointer, gil) else { return nil }
                current = next
            }
        } else {
            throw PythonException(.typeError, "deepget path must be a str, list or tuple, not \(typeName(of: path))")
        }
        return isNone(current) ? nil : current
    }

    /// One step: a dict by the key as given, a list by an int key or a str of digits.
    private static func step(from container: PyObjectPointer, key: PyObjectPointer, _ gil: borrowing GILToken) throws -> PyObjectPointer? {
        if CPy_Dict_Check(container) != 0 {
            return try dictValue(container, key, gil)
        }
        if CPy_List_Check(container) != 0 || CPy_Tuple_Check(container) != 0 {
            if CPy_Long_Check(key) != 0, CPy_Bool_Check(key) == 0 {
                var overflow: Int32 = 0
                let index = PyLong_AsLongLongAndOverflow(key, &overflow)
                return overflow == 0 ? item(of: container, at: Int(index)) : nil
            }
            if CPy_Unicode_Check(key) != 0, let index = Int(try swiftString(key, gil)) {
                return item(of: container, at: index)
            }
        }
        return nil
    }

    /// The segments of a dotted path as a tuple of `str` (borrowed from the cache). Detections
    /// pass the same literal paths for every record, so each path is split once, and the
    /// segments, being `str` objects with cached hashes, make each dict lookup a plain probe.
    private static func pathSegments(_ path: PyObjectPointer, _ gil: borrowing GILToken) throws -> PyObjectPointer {
        guard let cache = ModuleState.deepgetPaths else {
            throw PythonException(.runtimeError, "the detection module is not initialised")
        }
        if let cached = PyDict_GetItemWithError(cache, path) { return cached }
        try checkPending(gil)
        let dot = try pyString(".", gil)
        let parts = try check(PyUnicode_Split(path, dot.pointer, -1), gil)
        let segments = try check(PyList_AsTuple(parts.pointer), gil)
        // Bounded: a detection building paths dynamically must not grow the cache forever.
        if PyDict_Size(cache) >= 4096 { PyDict_Clear(cache) }
        try check(status: PyDict_SetItem(cache, path, segments.pointer), gil)
        return segments.pointer
    }

    private static func dictValue(_ dict: PyObjectPointer, _ key: PyObjectPointer, _ gil: borrowing GILToken) throws -> PyObjectPointer? {
        if let value = PyDict_GetItemWithError(dict, key) { return value }
        if PyErr_Occurred() != nil {
            // An unhashable key cannot be present: that is a miss, not an error.
            guard PyErr_ExceptionMatches(CPy_Exc_TypeError()) != 0 else { throw PythonError.fetch(gil) }
            PyErr_Clear()
        }
        return nil
    }

    /// Python indexing (negative counts from the end); nil when out of range.
    private static func item(of sequence: PyObjectPointer, at index: Int) -> PyObjectPointer? {
        let count = CPy_List_Check(sequence) != 0 ? CPy_List_GET_SIZE(sequence) : CPy_Tuple_GET_SIZE(sequence)
        let position = index < 0 ? index + count : index
        guard position >= 0, position < count else { return nil }
        return CPy_List_Check(sequence) != 0 ? CPy_List_GET_ITEM(sequence, position) : CPy_Tuple_GET_ITEM(sequence, position)
    }
}
