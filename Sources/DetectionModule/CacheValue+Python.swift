import CacheCore
import PythonBridge

/// The kinds a user may store, for TypeError messages.
let supportedKinds = "int (a counter), str, bool, or a set of str"

extension CacheValue {
    /// The cache value for a Python object being assigned (`c[key] = object`).
    init(python object: PyObjectPointer, _ gil: borrowing GILToken) throws {
        if let flag = boolValue(object) {
            self = .bool(flag)
        } else if isLong(object) {
            self = .counter(try swiftInt64(object, what: "a counter value", gil))
        } else if isString(object) {
            self = .string(try swiftString(object, gil))
        } else if isAnySet(object) {
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
    let iterator = try stringsIterator(over: iterable, gil)
    var members = Set<String>()
    while let item = try iterNext(iterator, gil) {
        let member = item.pointer(gil)
        guard isString(member) else {
            throw PythonException(.typeError, "string sets hold str only, not \(typeName(of: member))")
        }
        members.insert(try swiftString(member, gil))
    }
    return members
}

/// `iter(strings)`: a new reference; TypeError naming the type when it is not iterable.
private func stringsIterator(over iterable: PyObjectPointer, _ gil: borrowing GILToken) throws -> PyOwned {
    do throws(PythonError) {
        return try getIter(iterable, gil)
    } catch {
        guard error.matches(.typeError, gil) else { throw error }
        throw PythonException(.typeError, "strings must be a str or an iterable of str, not \(typeName(of: iterable))")
    }
}

/// The key a cache call uses for any Python object: `str(key)`, as Matano does. A `str` that is
/// not valid UTF-8 (a lone surrogate) cannot be a key on any store: a ValueError naming it.
func cacheKey(_ object: PyObjectPointer, _ gil: borrowing GILToken) throws -> String {
    if let key = try pyStrIfUTF8(object, gil) { return key }
    let shown = (try? pyRepr(object, gil)) ?? "the key"
    throw CacheError.invalidKey("\(shown) is not valid UTF-8 (it holds a lone surrogate); a key must be valid UTF-8 text")
}
