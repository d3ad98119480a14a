import CPython

/// An owned reference that can be stored anywhere (arrays, closures, errors) and outlive a GIL
/// section. Its `deinit` takes the GIL to release it, so it may be dropped on any thread.
///
/// A class costs an allocation and ARC, so it is for long-lived holders (callables, types,
/// exceptions), never for temporaries in a hot loop: those are `PyOwned`.
public final class PyShared: @unchecked Sendable {
    // @unchecked: the pointer is only dereferenced under the GIL (every accessor takes a token).
    private let object: PyObjectPointer

    public init(stealing pointer: PyObjectPointer) {
        object = pointer
    }

    public convenience init(retaining pointer: PyObjectPointer, _ gil: borrowing GILToken) {
        CPy_INCREF(pointer)
        self.init(stealing: pointer)
    }

    /// The object, borrowed: valid while this holder is alive.
    public func pointer(_ gil: borrowing GILToken) -> PyObjectPointer {
        object
    }

    /// A new reference to the object.
    public func owned(_ gil: borrowing GILToken) -> PyOwned {
        PyOwned(retaining: object, gil)
    }

    deinit {
        guard PythonRuntime.isInitialized, Py_IsInitialized() != 0 else { return }
        let state = PyGILState_Ensure()
        CPy_DECREF(object)
        PyGILState_Release(state)
    }
}
