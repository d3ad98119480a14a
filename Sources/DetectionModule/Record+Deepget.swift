import PythonBridge

// record.deepget(path, default=None) (DESIGN §3.2): `path` is a dotted string or a list/tuple of
// keys; mappings are walked by key, lists by integer index; a missing key, an index out of
// range, a None or a non-container on the way, or a final None give `default`.
extension RecordType {
    static func deepget(_ gil: borrowing GILToken, _ record: PyObjectPointer, _ arguments: Arguments) throws -> PyOwned {
        guard let path = arguments[0] else {
            throw PythonException(.typeError, "deepget() missing required argument 'path'")
        }
        let fallback = arguments[1] ?? noneObject()
        if let found = try walk(from: record, along: path, gil) { return found }
        return PyOwned(retaining: fallback, gil)
    }

    /// The value at `path` under `start` (a new reference), or nil.
    ///
    /// Every step may run Python code (a key's `__eq__`), which may change the structure or the
    /// path, or clear the path cache: so the path's keys are held by strong references while
    /// walked, and each step's container is held until the next step has its own reference.
    private static func walk(from start: PyObjectPointer, along path: PyObjectPointer, _ gil: borrowing GILToken) throws -> PyOwned? {
        var current = PyOwned(retaining: start, gil)
        if isString(path) {
            let segments = try pathSegments(path, gil)
            let tuple = segments.pointer(gil)
            for index in 0..<fastSequenceSize(tuple) {
                guard let segment = fastSequenceItem(tuple, at: index),
                      let next = try step(from: current.pointer(gil), key: segment, gil) else { return nil }
                current = next
            }
        } else if isList(path) || isTuple(path) {
            var index = 0
            while index < (try sequenceSize(path, gil)) {
                let key = try sequenceGetItem(path, index, gil)
                guard let next = try step(from: current.pointer(gil), key: key.pointer(gil), gil) else { return nil }
                current = next
                index += 1
            }
        } else {
            throw PythonException(.typeError, "deepget path must be a str, list or tuple, not \(typeName(of: path))")
        }
        if isNone(current.pointer(gil)) { return nil }
        return current
    }

    /// One step: a dict by the key as given, a list by an int key or a str of digits. A new
    /// reference to the item, or nil.
    private static func step(from container: PyObjectPointer, key: PyObjectPointer, _ gil: borrowing GILToken) throws -> PyOwned? {
        if isDict(container) {
            guard let value = try dictValue(container, key, gil) else { return nil }
            return PyOwned(retaining: value, gil)
        }
        if isList(container) || isTuple(container) {
            if isLong(key), !isBool(key) {
                guard let index = int64IfFits(key, gil) else { return nil }
                return item(of: container, at: Int(index), gil)
            }
            if isString(key), let index = Int(try swiftString(key, gil)) {
                return item(of: container, at: index, gil)
            }
        }
        return nil
    }

    /// The segments of a dotted path as a tuple of `str`: a new reference, so that the tuple
    /// outlives a clearing of the cache by Python code run during the walk. Detections pass the
    /// same literal paths for every record, so each path is split once, and the segments, being
    /// `str` objects with cached hashes, make each dict lookup a plain probe.
    private static func pathSegments(_ path: PyObjectPointer, _ gil: borrowing GILToken) throws -> PyOwned {
        guard let cache = ModuleState.deepgetPaths else {
            throw PythonException(.runtimeError, "the detection module is not initialised")
        }
        if let cached = try dictItem(cache, key: path, gil) { return PyOwned(retaining: cached, gil) }
        let parts = try unicodeSplit(path, ".", gil)
        let segments = try listAsTuple(parts.pointer(gil), gil)
        // Bounded: a detection building paths dynamically must not grow the cache forever.
        if dictSize(cache, gil) >= 4096 { dictClear(cache, gil) }
        try setItem(cache, key: path, segments.pointer(gil), gil)
        return segments
    }

    /// `dict[key]`, borrowed, or nil when missing.
    private static func dictValue(_ dict: PyObjectPointer, _ key: PyObjectPointer, _ gil: borrowing GILToken) throws -> PyObjectPointer? {
        do throws(PythonError) {
            return try dictItem(dict, key: key, gil)
        } catch {
            // An unhashable key cannot be present: that is a miss, not an error.
            guard error.matches(.typeError, gil) else { throw error }
            return nil
        }
    }

    /// Python indexing (negative counts from the end): a new reference, nil when out of range.
    private static func item(of sequence: PyObjectPointer, at index: Int, _ gil: borrowing GILToken) -> PyOwned? {
        let position = index < 0 ? index + fastSequenceSize(sequence) : index
        guard let found = fastSequenceItem(sequence, at: position) else { return nil }
        return PyOwned(retaining: found, gil)
    }
}
