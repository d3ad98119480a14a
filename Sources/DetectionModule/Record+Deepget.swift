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
            let text = try swiftString(path, gil)
            for segment in text.split(separator: ".", omittingEmptySubsequences: false) {
                guard let next = try step(from: current, segment: String(segment), gil) else { return nil }
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

    /// One step of a dotted path: a dict by key, a list by the segment read as an integer.
    private static func step(from container: PyObjectPointer, segment: String, _ gil: borrowing GILToken) throws -> PyObjectPointer? {
        if CPy_Dict_Check(container) != 0 {
            let key = try pyString(segment, gil)
            return try dictValue(container, key.pointer, gil)
        }
        if CPy_List_Check(container) != 0 || CPy_Tuple_Check(container) != 0, let index = Int(segment) {
            return item(of: container, at: index)
        }
        return nil
    }

    /// One step of a key list: a dict by the key as given, a list by an int key.
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
