import PythonBridge

/// `detection.Record`: the `dict` subclass every decoded record (and every object nested in it)
/// is, with `deepget` (DESIGN §3.2). `Record(mapping)` turns nested dicts into records too.
enum RecordType {
    static func make(_ gil: borrowing GILToken) throws -> PyOwned {
        try HeapType.make(
            name: "detection.Record",
            doc: "A security record: a dict with deepget(path, default=None).",
            layout: .dict,
            flags: .subclassable,
            slots: [.initialize(convertNested)],
            methods: [
                Method("deepget", parameters: ["path", "default"], required: 1,
                       doc: "deepget(path, default=None): the value at a dotted path ('a.0.b') or a list of keys; default when any step is missing or None.",
                       deepget),
            ],
            gil
        )
    }

    /// Record(...) takes what dict(...) takes (the bridge runs dict's init first), then this
    /// replaces every dict value (also inside lists) by a record, in place for the values of
    /// `record` and by new lists for lists: the caller's own lists are not mutated.
    private static func convertNested(_ gil: borrowing GILToken, _ record: PyObjectPointer) throws {
        var position = 0
        while let item = dictNext(record, &position, gil) {
            guard let converted = try converted(item.value, gil) else { continue }
            try setItem(record, key: item.key, converted.pointer(gil), gil)
        }
    }

    /// A record for a dict, a new list for a list holding dicts; nil when `value` stays as it is.
    private static func converted(_ value: PyObjectPointer, _ gil: borrowing GILToken) throws -> PyOwned? {
        guard let recordType = ModuleState.recordType else { return nil }
        if isDict(value) {
            if isExactInstance(value, of: recordType) { return nil }
            return try withRecursionGuard(" while converting a nested dict to a Record", gil) {
                try call(recordType, value, gil)
            }
        }
        guard isList(value) else { return nil }
        return try withRecursionGuard(" while converting a nested list", gil) { () throws -> PyOwned? in
            let count = fastSequenceSize(value)
            var changed = false
            let list = try pyList(count: count, gil) { index in
                guard let item = fastSequenceItem(value, at: index) else { return pyNone(gil) }
                if let replacement = try converted(item, gil) {
                    changed = true
                    return replacement
                }
                return PyOwned(retaining: item, gil)
            }
            guard changed else { return nil }
            return list
        }
    }
}
