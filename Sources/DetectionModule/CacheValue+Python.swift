import CacheCore
import CPython
import PythonBridge

/// The kinds a user may store, for TypeError messages.
let supportedKinds = "int (a counter), str, bool, or a set of str"

extension CacheValue {
    /// The cache value for a Python object being assigned (`c[key] = object`).
    init(python object: PyObjectPointer, _ gil: borrowing GILToken) throws {
        if CPy_Bool_Check(object) != 0 {
            self = .bool(object == CPy_True())
        } else if CPy_Long_Check(object) != 0 {
            self = .counter(try swiftInt64(object, what: "a counter value", gil))
        } else if CPy_Unicode_Check(object) != 0 {
            self = .string(try swiftString(object, gil))
        } else if CPy_AnySet_Check(object) != 0 {
            self = .stringSet(try stringMembers(of: object, gil))
        } else {
            throw PythonException(.typeError, "the remote cache stores \(supportedKinds), not \(typeName(of: object))")
        }
    }

    /// A new Python object for this value; string sets become `StringSet`s.
    func python(_ gil: borrowing GILToken) throws -> PyOwned {
        switch self {
        case let .counter(count): try pyInt(count, gil)
        case let .string(text): try pyString(text, gil)
        case let .bool(flag): pyBool(flag, gil)
        case let .stringSet(members): try makeStringSet(members, gil)
        }
    }
}

/// The members of an iterable of `str` (a set, list, tuple, generator…); TypeError, naming the
/// offending type, for anything else inside.
func stringMembers(of iterable: PyObjectPointer, _ gil: borrowing GILToken) throws -> Set<String> {
    guard let rawIterator = PyObject_GetIter(iterable) else {
        guard PyErr_ExceptionMatches(CPy_Exc_TypeError()) != 0 else { throw PythonError.fetch(gil) }
        PyErr_Clear()
        throw PythonException(.typeError, "strings must be a str or an iterable of str, not \(typeName(of: iterable))")
    }
    let iterator = PyOwned(stealing: rawIterator)
    var members = Set<String>()
    while let item = PyIter_Next(iterator.pointer) {
        let owned = PyOwned(stealing: item)
        guard CPy_Unicode_Check(owned.pointer) != 0 else {
            throw PythonException(.typeError, "string sets hold str only, not \(typeName(of: owned.pointer))")
        }
        members.insert(try swiftString(owned.pointer, gil))
    }
    try checkPending(gil)
    return members
}

/// The key a cache call uses for any Python object: `str(key)`, as Matano does.
func cacheKey(_ object: PyObjectPointer, _ gil: borrowing GILToken) throws -> String {
    try pyStr(object, gil)
}
