import CPython

// The Py*_Check family (macros over tp_flags) and identity tests, on borrowed references.

/// Whether `object` is an `int` (a `bool` too: `bool` subclasses `int`; wraps `PyLong_Check`).
@inlinable
public func isLong(_ object: PyObjectPointer) -> Bool {
    CPy_Long_Check(object) != 0
}

/// Whether `object` is a `bool` (wraps `PyBool_Check`).
@inlinable
public func isBool(_ object: PyObjectPointer) -> Bool {
    CPy_Bool_Check(object) != 0
}

/// `True` or `False` for a `bool`, nil for anything else.
@inlinable
public func boolValue(_ object: PyObjectPointer) -> Bool? {
    CPy_Bool_Check(object) != 0 ? object == CPy_True() : nil
}

/// Whether `object` is a `list` (or a subclass; wraps `PyList_Check`).
@inlinable
public func isList(_ object: PyObjectPointer) -> Bool {
    CPy_List_Check(object) != 0
}

/// Whether `object` is a `tuple` (or a subclass; wraps `PyTuple_Check`).
@inlinable
public func isTuple(_ object: PyObjectPointer) -> Bool {
    CPy_Tuple_Check(object) != 0
}

/// Whether `object` is a `set` or `frozenset` (or a subclass; wraps `PyAnySet_Check`).
@inlinable
public func isAnySet(_ object: PyObjectPointer) -> Bool {
    CPy_AnySet_Check(object) != 0
}

/// Whether `object`'s type is exactly `type` (a subclass's instance is not; `Py_IS_TYPE`).
@inlinable
public func isExactInstance(_ object: PyObjectPointer, of type: PyObjectPointer) -> Bool {
    UnsafeMutableRawPointer(CPy_TYPE(object)) == UnsafeMutableRawPointer(type)
}
