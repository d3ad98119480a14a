import CacheCore
import PythonBridge

// The named methods of `RemoteCache` (DESIGN §3.1), each declared once with its signature: the
// bridge binds the arguments the way Python would, then the body makes one atomic store call.
extension RemoteCacheType {
    /// Read once, when the type is made.
    static var methods: [Method] { [
        Method("get", parameters: ["key", "default"], required: 1,
               doc: "get(key, default=None): the value, or default when missing or expired.", get),
        Method("keys", doc: "keys(): the live keys.") { gil, object, _ in
            try entryList(of: handle(object, gil), gil) { entry, gil in try pyString(entry.key, gil) }
        },
        Method("items", doc: "items(): (key, value) pairs of the live entries.") { gil, object, _ in
            try entryList(of: handle(object, gil), gil) { entry, gil in
                try pyTuple(pyString(entry.key, gil), entry.value.python(gil), gil)
            }
        },
        Method("values", doc: "values(): the values of the live entries.") { gil, object, _ in
            try entryList(of: handle(object, gil), gil) { entry, gil in try entry.value.python(gil) }
        },
        Method("increment_counter", parameters: ["key", "value"], required: 1,
               doc: "increment_counter(key, value=1): atomically add; returns the new count.") { gil, object, arguments in
            try addToCounter(object, arguments, subtracting: false, gil)
        },
        Method("decrement_counter", parameters: ["key", "value"], required: 1,
               doc: "decrement_counter(key, value=1): atomically subtract; returns the new count.") { gil, object, arguments in
            try addToCounter(object, arguments, subtracting: true, gil)
        },
        Method("add_to_string_set", parameters: ["key", "strings"], required: 1,
               doc: "add_to_string_set(key, strings=None): atomically add a str or an iterable of str; returns the set after the change.") {
            gil, object, arguments in
            try changeStringSet(object, arguments, gil) { store, namespace, key, members, ttl throws(CacheError) in
                try store.addToStringSet(namespace: namespace, key: key, members: members, ttl: ttl)
            }
        },
        Method("remove_from_string_set", parameters: ["key", "strings"], required: 2,
               doc: "remove_from_string_set(key, strings): atomically remove; returns the set after the change.") {
            gil, object, arguments in
            try changeStringSet(object, arguments, gil) { store, namespace, key, members, _ throws(CacheError) in
                try store.removeFromStringSet(namespace: namespace, key: key, members: members)
            }
        },
    ] }

    private static func get(_ gil: borrowing GILToken, _ object: PyObjectPointer, _ arguments: Arguments) throws -> PyOwned {
        let handle = try handle(object, gil)
        let key = try cacheKey(arguments[0] ?? noneObject(), gil)
        let value = try handle.perform(gil) { store, namespace throws(CacheError) in
            try store.get(namespace: namespace, key: key)
        }
        if let value { return try value.python(gil) }
        return PyOwned(retaining: arguments[1] ?? noneObject(), gil)
    }

    /// `increment_counter(key, value=1)`, or `decrement_counter` when `subtracting`.
    private static func addToCounter(_ object: PyObjectPointer, _ arguments: Arguments, subtracting: Bool, _ gil: borrowing GILToken) throws -> PyOwned {
        let handle = try handle(object, gil)
        let key = try cacheKey(arguments[0] ?? noneObject(), gil)
        var delta: Int64 = 1
        if let value = arguments[1] {
            let what = subtracting ? "decrement_counter() value (the amount to subtract)" : "increment_counter() value (the amount to add)"
            delta = try swiftInt64(value, what: what, gil)
        }
        if subtracting {
            guard delta != .min else { throw CacheError.overflow(key: key) }
            delta = -delta
        }
        let ttl = handle.ttl
        let total = try handle.perform(gil) { store, namespace throws(CacheError) in
            try store.increment(namespace: namespace, key: key, by: delta, ttl: ttl)
        }
        return try pyInt(total, gil)
    }

    /// Takes `(key, strings)`, makes one store call on the set, and returns the set after it.
    private static func changeStringSet(
        _ object: PyObjectPointer, _ arguments: Arguments, _ gil: borrowing GILToken,
        _ operation: (any CacheStore, String, String, Set<String>, Int64) throws(CacheError) -> Set<String>
    ) throws -> PyOwned {
        let handle = try handle(object, gil)
        let key = try cacheKey(arguments[0] ?? noneObject(), gil)
        let members = try setArgument(arguments[1], gil)
        let ttl = handle.ttl
        let result = try handle.perform(gil) { store, namespace throws(CacheError) in
            try operation(store, namespace, key, members, ttl)
        }
        return try makeStringSet(result, gil)
    }

    /// `strings` as the docs allow it: one `str`, or an iterable of `str`; None means none.
    private static func setArgument(_ strings: PyObjectPointer?, _ gil: borrowing GILToken) throws -> Set<String> {
        guard let strings, !isNone(strings) else { return [] }
        if isString(strings) { return [try swiftString(strings, gil)] }
        return try stringMembers(of: strings, gil)
    }
}
