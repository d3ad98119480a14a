import CPython

/// Python objects that carry one Swift object: a heap type whose instances are a `PyObject`
/// header followed by a retained pointer to a Swift class instance.
///
/// The Swift object is retained into the Python object when made and released by `dealloc`,
/// which every such type installs as its `Py_tp_dealloc` slot.
public enum SwiftObject {
    /// The instance size of such a type.
    static let basicSize = MemoryLayout<PyObject>.size + MemoryLayout<UnsafeMutableRawPointer?>.size

    /// A new instance of `type` holding `value`.
    public static func make(type: PyObjectPointer, holding value: AnyObject, _ gil: borrowing GILToken) throws(PythonError) -> PyOwned {
        let typeObject = asType(type)
        let object = try check(PyType_GenericAlloc(typeObject, 0), gil)
        slot(of: object.pointer(gil)).pointee = Unmanaged.passRetained(value).toOpaque()
        return object
    }

    /// The Swift object inside `object` (borrowed), which must be an instance of a type made
    /// with the `.swiftObject` layout for `T`.
    public static func value<T: AnyObject>(of object: PyObjectPointer, as _: T.Type, _ gil: borrowing GILToken) -> T? {
        guard let raw = slot(of: object).pointee else { return nil }
        return Unmanaged<T>.fromOpaque(raw).takeUnretainedValue()
    }

    /// The `Py_tp_dealloc` slot: releases the Swift object, frees the memory, and drops the
    /// instance's reference to its heap type (heap types are reference counted by instances).
    static let dealloc: @convention(c) (PyObjectPointer?) -> Void = { object in
        guard let object else { return }
        let box = slot(of: object)
        if let raw = box.pointee {
            Unmanaged<AnyObject>.fromOpaque(raw).release()
            box.pointee = nil
        }
        let type: UnsafeMutablePointer<PyTypeObject> = CPy_TYPE(object)
        type.pointee.tp_free?(UnsafeMutableRawPointer(object))
        CPy_DECREF(UnsafeMutableRawPointer(type).assumingMemoryBound(to: PyObject.self))
    }

    private static func slot(of object: PyObjectPointer) -> UnsafeMutablePointer<UnsafeMutableRawPointer?> {
        (UnsafeMutableRawPointer(object) + MemoryLayout<PyObject>.size)
            .assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
    }
}

/// A type object pointer seen as the `PyTypeObject` it is.
@inline(__always)
func asType(_ type: PyObjectPointer) -> UnsafeMutablePointer<PyTypeObject> {
    UnsafeMutableRawPointer(type).assumingMemoryBound(to: PyTypeObject.self)
}

/// A type object seen as a plain object pointer.
@inline(__always)
func asObject(_ type: UnsafeMutablePointer<PyTypeObject>) -> PyObjectPointer {
    UnsafeMutableRawPointer(type).assumingMemoryBound(to: PyObject.self)
}
