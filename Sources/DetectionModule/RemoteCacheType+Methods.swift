import CacheCore
import CPython
import PythonBridge

// The named methods of `RemoteCache` (DESIGN §3.1). Each binds its arguments the way Python
// would, then makes one atomic store call.
extension RemoteCacheType {
    static var methods: [MethodDefinition] {
        [
            method("get", get, "get(key, default=None): the value, or default when missing or expired."),
            method("keys", keys, "keys(): the live keys."),
            method("items", items, "items(): (key, value) pairs of the live entries."),
            method("values", values, "values(): the values of the live entries."),
            method("increment_counter", increment, "increment_counter(key, value=1): atomically add; returns the new count."),
            method("decrement_counter", decrement, "decrement_counter(key, value=1): atomically subtract; returns the new count."),
            method("add_to_string_set", addToSet, "add_to_string_set(key, strings=None): atomically add a str or an iterable of str; returns the set after the change."),
            method("remove_from_string_set", removeFromSet, "remove_from_string_set(key, strings): atomically remove; returns the set after the change."),
        ]
    }

    private static func method(_ name: String, _ function: SlotFunction.FastKeywords, _ doc: String) -> MethodDefinition {
        MethodDefinition(name: name, calling: .fastKeywords, function: HeapType.slot(function), doc: doc)
    }

    private static let get: SlotFunction.FastKeywords = { object, args, count, names in
        Trampoline.object { gil in
            let arguments = try Arguments(function: "get", parameters: ["key", "default"], required: 1,
                                          args: args, count: count, keywordNames: names, gil)
            let handle = try handle(object)
            let key = try cacheKey(arguments[0] ?? noneObject(), gil)
            let value = try handle.perform(gil) { store, namespace throws(CacheError) in
                try store.get(namespace: namespace, key: key)
            }
            if let value { return try value.python(gil) }
            return PyOwned(retaining: arguments[1] ?? noneObject(), gil)
        }
    }

    private static let keys: SlotFunction.FastKeywords = { object, args, count, names in
        Trampoline.object { gil in
            _ = try Arguments(function: "keys", parameters: [], required: 0, args: args, count: count, keywordNames: names, gil)
            return try keyList(of: try handle(object), gil)
        }
    }

    private static let items: SlotFunction.FastKeywords = { object, args, count, names in
        Trampoline.object { gil in
            _ = try Arguments(function: "items", parameters: [], required: 0, args: args, count: count, keywordNames: names, gil)
            return try entryList(of: try handle(object), gil) { entry, gil in
                let pair = try check(PyTuple_New(2), gil)
                CPy_Tuple_SET_ITEM(pair.pointer, 0, try pyString(entry.key, gil).release())
                CPy_Tuple_SET_ITEM(pair.pointer, 1, try entry.value.python(gil).release())
                return pair
            }
        }
    }

    private static let values: SlotFunction.FastKeywords = { object, args, count, names in
        Trampoline.object { gil in
            _ = try Arguments(function: "values", parameters: [], required: 0, args: args, count: count, keywordNames: names, gil)
            return try entryList(of: try handle(object), gil) { entry, gil in try entry.value.python(gil) }
        }
    }

    private static let increment: SlotFunction.FastKeywords = { object, args, count, names in
        Trampoline.object { gil in try addToCounter(object, args, count, names, sign: 1, name: "increment_counter", gil) }
    }

    private static let decrement: SlotFunction.FastKeywords = { object, args, count, names in
        Trampoline.object { gil in try addToCounter(object, args, count, names, sign: -1, name: "decrement_counter", gil) }
    }

    private static func addToCounter(
        _ object: PyObjectPointer?, _ args: UnsafePointer<PyObjectPointer?>?, _ count: Int, _ names: PyObjectPointer?,
        sign: Int64, name: String, _ gil: borrowing GILToken
    ) throws -> PyOwned {
        let arguments = try Arguments(function: name, parameters: ["key", "value"], required: 1,
                                      args: args, count: count, keywordNames: names, gil)
        let handle = try handle(object)
        let key = try cacheKey(arguments[0] ?? noneObject(), gil)
        var delta: Int64 = 1
        if let value = arguments[1] { delta = try swiftInt64(value, what: "the value to add", gil) }
        if sign < 0 {
            guard delta != .min else { throw CacheError.overflow(key: key) }
            delta = -delta
        }
        let ttl = handle.ttl
        let total = try handle.perform(gil) { store, namespace throws(CacheError) in
            try store.increment(namespace: namespace, key: key, by: delta, ttl: ttl)
        }
        return try pyInt(total, gil)
    }

    private static let addToSet: SlotFunction.FastKeywords = { object, args, count, names in
        Trampoline.object { gil in
            try changeStringSet(object, args, count, names, function: "add_to_string_set", required: 1, gil) {
                store, namespace, key, members, ttl throws(CacheError) in
                try store.addToStringSet(namespace: namespace, key: key, members: members, ttl: ttl)
            }
        }
    }

    private static let removeFromSet: SlotFunction.FastKeywords = { object, args, count, names in
        Trampoline.object { gil in
            try changeStringSet(object, args, count, names, function: "remove_from_string_set", required: 2, gil) {
                store, namespace, key, members, _ throws(CacheError) in
                try store.removeFromStringSet(namespace: namespace, key: key, members: members)
            }
        }
    }

    /// Binds `(key, strings)`, makes one store call on the set, and returns the set after it.
    private static func changeStringSet(
        _ object: PyObjectPointer?, _ args: UnsafePointer<PyObjectPointer?>?, _ count: Int, _ names: PyObjectPointer?,
        function: String, required: Int, _ gil: borrowing GILToken,
        _ operation: (any CacheStore, String, String, Set<String>, Int64) throws(CacheError) -> Set<String>
    ) throws -> PyOwned {
        let arguments = try Arguments(function: function, parameters: ["key", "strings"], required: required,
                                      args: args, count: count, keywordNames: names, gil)
        let handle = try handle(object)
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
        if CPy_Unicode_Check(strings) != 0 { return [try swiftString(strings, gil)] }
        return try stringMembers(of: strings, gil)
    }

    /// A new list with one item per live entry, made by `item`.
    private static func entryList(
        of handle: RemoteCacheHandle, _ gil: borrowing GILToken,
        _ item: (CacheEntry, borrowing GILToken) throws -> PyOwned
    ) throws -> PyOwned {
        let entries = try handle.perform(gil) { store, namespace throws(CacheError) in
            try store.entries(namespace: namespace)
        }
        let list = try check(PyList_New(entries.count), gil)
        for (index, entry) in entries.enumerated() {
            CPy_List_SET_ITEM(list.pointer, index, try item(entry, gil).release())
        }
        return list
    }
}
