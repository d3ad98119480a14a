import CPython

public typealias PyObjectPointer = UnsafeMutablePointer<PyObject>

/// An owned (strong) reference, released exactly once when it goes out of scope.
///
/// Not copyable: ownership moves, and a C function that steals a reference gets it through
/// `release()`. Lives only while the GIL is held; for references kept across GIL sections
/// use `PyShared`.
public struct PyOwned: ~Copyable {
    /// The object. Inside the bridge only: the decoder's hot paths read it without a token.
    @usableFromInline let raw: PyObjectPointer

    /// Takes ownership of a new reference (the result of a C API call that returns one).
    public init(stealing pointer: PyObjectPointer) {
        raw = pointer
    }

    /// Takes a new reference to a borrowed one.
    @inlinable
    public init(retaining pointer: PyObjectPointer, _ gil: borrowing GILToken) {
        CPy_INCREF(pointer)
        raw = pointer
    }

    /// The object, borrowed: valid while this reference is alive, and only under the GIL.
    @inlinable
    public func pointer(_ gil: borrowing GILToken) -> PyObjectPointer {
        raw
    }

    /// Hands the reference over (to C code that steals it, or back to Python); no release here.
    public consuming func release() -> PyObjectPointer {
        let pointer = raw
        discard self
        return pointer
    }

    /// A storable reference to the same object.
    public consuming func shared() -> PyShared {
        PyShared(stealing: release())
    }

    deinit {
        CPy_DECREF(raw)
    }
}

/// A new reference to `None`.
public func pyNone(_ gil: borrowing GILToken) -> PyOwned {
    PyOwned(retaining: CPy_None(), gil)
}

/// A new reference to `True` or `False`.
public func pyBool(_ value: Bool, _ gil: borrowing GILToken) -> PyOwned {
    PyOwned(retaining: value ? CPy_True() : CPy_False(), gil)
}

/// `None`, borrowed (it is immortal in practice: the interpreter holds it).
@inlinable
public func noneObject() -> PyObjectPointer {
    CPy_None()
}
