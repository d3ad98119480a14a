import CPython

/// Every C entry point from Python into Swift goes through one of these: it makes the GIL token
/// (Python holds the GIL when it calls us), runs the body, and turns a thrown error into a pending
/// Python exception plus the failure value the slot's signature expects.
///
/// Internal: minting a token is only right inside a C entry point, and the only C entry points
/// are the bridge's own thunks (`SlotThunks`), which call other modules' bodies with the token.
///
/// Swift traps cannot be caught, so code under a trampoline must not use `!`, `try!` or
/// `fatalError` on anything a Python caller can provoke.
enum Trampoline {
    /// For slots and methods that return a new reference (NULL on error).
    @inline(__always)
    static func object(_ body: (borrowing GILToken) throws -> PyOwned) -> PyObjectPointer? {
        let gil = GILToken()
        do {
            return try body(gil).release()
        } catch {
            raise(error, gil)
            return nil
        }
    }

    /// For slots that return 0 on success and -1 on error (`mp_ass_subscript`, `tp_init`).
    @inline(__always)
    static func status(_ body: (borrowing GILToken) throws -> Void) -> Int32 {
        let gil = GILToken()
        do {
            try body(gil)
            return 0
        } catch {
            raise(error, gil)
            return -1
        }
    }

    /// For slots that return a truth value: 1, 0, or -1 on error (`sq_contains`).
    @inline(__always)
    static func truth(_ body: (borrowing GILToken) throws -> Bool) -> Int32 {
        let gil = GILToken()
        do {
            return try body(gil) ? 1 : 0
        } catch {
            raise(error, gil)
            return -1
        }
    }

    /// For slots that return a size: -1 on error (`mp_length`).
    @inline(__always)
    static func length(_ body: (borrowing GILToken) throws -> Int) -> Py_ssize_t {
        let gil = GILToken()
        do {
            return Py_ssize_t(try body(gil))
        } catch {
            raise(error, gil)
            return -1
        }
    }

    /// Sets the pending exception for any Swift error: its own mapping if it has one, else
    /// RuntimeError with its description.
    static func raise(_ error: any Error, _ gil: borrowing GILToken) {
        if let raisable = error as? any PythonRaisable {
            raisable.raise(gil)
        } else {
            PyErr_SetString(CPy_Exc_RuntimeError(), String(describing: error))
        }
    }
}
