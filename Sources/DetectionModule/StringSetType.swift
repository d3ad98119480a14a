import PythonBridge

/// `detection.StringSet`: a `set` whose `-`, `|`, `&`, `^` (and reflected forms) treat a `None`
/// operand as the empty set (DESIGN §3.3). This is what makes the published example
/// `curr_ips - prev_ips` work when `prev_ips` is `None` for a user seen for the first time.
enum StringSetType {
    static func make(_ gil: borrowing GILToken) throws -> PyOwned {
        try HeapType.make(
            name: "detection.StringSet",
            doc: "A set of str returned by the remote cache; None counts as the empty set in -, |, & and ^.",
            layout: .set,
            flags: .subclassable,
            slots: [
                .subtract { gil, left, right in try combine(.subtract, left, right, gil) },
                .or { gil, left, right in try combine(.or, left, right, gil) },
                .and { gil, left, right in try combine(.and, left, right, gil) },
                .xor { gil, left, right in try combine(.xor, left, right, gil) },
            ],
            gil
        )
    }

    /// Applies `set`'s own operator with `None` replaced by an empty set, and returns the result
    /// as a `StringSet` (set's operators build plain sets). NotImplemented passes through, so
    /// Python still tries the other operand's operator.
    private static func combine(_ operation: SetOperator, _ left: PyObjectPointer, _ right: PyObjectPointer, _ gil: borrowing GILToken) throws -> PyOwned {
        let empty = try pyFrozenSet(gil)
        let lhs = isNone(left) ? empty.pointer(gil) : left
        let rhs = isNone(right) ? empty.pointer(gil) : right
        let result = try setTypeOperation(operation, lhs, rhs, gil)
        guard isAnySet(result.pointer(gil)), let type = ModuleState.stringSetType else { return result }
        return try call(type, result.pointer(gil), gil)
    }
}

/// A new `StringSet` holding `members`.
func makeStringSet(_ members: Set<String>, _ gil: borrowing GILToken) throws -> PyOwned {
    try pySet(members, type: ModuleState.stringSetType, gil)
}
