import CPython

public typealias PyObjectPointer = UnsafeMutablePointer<PyObject>

/// An owned (strong) reference, released exactly once when it goes out of scope.
///
/// Not copyable: ownership moves, and a C function that steals a reference gets it through
/// `release()`. Lives only while the GIL is held; for references kept across GIL sections
/// use `PyShared`.
public struct PyOwned: ~Copyable {
    public let pointer: PyObjectPointer

    /// Takes ownership of a new reference (the result of a C API call that returns one).
    public init(stealing pointer: PyObjectPointer) {
        self.pointer = pointer
    }

    /// Takes a new reference to a borrowed one.
    public init(retaining pointer: PyObjectPointer, _ gil: borrowing GILToken) {
        CPy_INCREF(pointer)
        self.pointer = pointer
    }

    /// Hands the reference to C code that steals it (or returns it to Python); no release here.
    public consuming func release() -> PyObjectPointer {
        let pointer = self.pointer
        discard self
        return pointer
    }

    /// A storable reference to the same object.
    public consuming func shared() -> PyShared {
        PyShared(stealing: release())
    }

    deinit {
        CPy_DECREF(pointer)
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
@inline(__always)
public func noneObject() -> PyObjectPointer {
    CPy_None()
}
