import CPython
import PythonBridge

/// `detection.StringSet`: a `set` whose `-`, `|`, `&`, `^` (and reflected forms) treat a `None`
/// operand as the empty set (DESIGN §3.3). This is what makes the published example
/// `curr_ips - prev_ips` work when `prev_ips` is `None` for a user seen for the first time.
enum StringSetType {
    static func make(_ gil: borrowing GILToken) throws -> PyOwned {
        try HeapType.make(
            name: "detection.StringSet",
            doc: "A set of str returned by the remote cache; None counts as the empty set in -, |, & and ^.",
            basicSize: Int(CPy_SetType().pointee.tp_basicsize),
            flags: CPy_TPFLAGS_DEFAULT() | UInt(Py_TPFLAGS_BASETYPE),
            slots: [
                (Py_nb_subtract, HeapType.slot(subtract)),
                (Py_nb_or, HeapType.slot(union)),
                (Py_nb_and, HeapType.slot(intersection)),
                (Py_nb_xor, HeapType.slot(symmetricDifference)),
            ],
            base: asObject(CPy_SetType()),
            gil
        )
    }

    private static let subtract: SlotFunction.Binary = { left, right in
        combine(left, right) { CPy_SetType().pointee.tp_as_number.pointee.nb_subtract?($0, $1) }
    }

    private static let union: SlotFunction.Binary = { left, right in
        combine(left, right) { CPy_SetType().pointee.tp_as_number.pointee.nb_or?($0, $1) }
    }

    private static let intersection: SlotFunction.Binary = { left, right in
        combine(left, right) { CPy_SetType().pointee.tp_as_number.pointee.nb_and?($0, $1) }
    }

    private static let symmetricDifference: SlotFunction.Binary = { left, right in
        combine(left, right) { CPy_SetType().pointee.tp_as_number.pointee.nb_xor?($0, $1) }
    }

    /// Applies `set`'s own operator with `None` replaced by an empty set, and returns the result
    /// as a `StringSet` (set's operators build plain sets). NotImplemented passes through, so
    /// Python still tries the other operand's operator.
    private static func combine(
        _ left: PyObjectPointer?, _ right: PyObjectPointer?,
        _ setOperator: (PyObjectPointer?, PyObjectPointer?) -> PyObjectPointer?
    ) -> PyObjectPointer? {
        Trampoline.object { gil in
            let empty = try check(PyFrozenSet_New(nil), gil)
            let lhs = left.flatMap { isNone($0) ? nil : $0 } ?? empty.pointer
            let rhs = right.flatMap { isNone($0) ? nil : $0 } ?? empty.pointer
            let result = try check(setOperator(lhs, rhs), gil)
            guard CPy_AnySet_Check(result.pointer) != 0, let type = ModuleState.stringSetType else { return result }
            return try check(PyObject_CallOneArg(type, result.pointer), gil)
        }
    }
}

/// A new `StringSet` holding `members`.
func makeStringSet(_ members: Set<String>, _ gil: borrowing GILToken) throws -> PyOwned {
    try pySet(members, type: ModuleState.stringSetType, gil)
}
