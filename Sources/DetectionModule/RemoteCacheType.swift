import CacheCore
import PythonBridge

/// `detection.RemoteCache`: the dict-like object `remote_cache(...)` returns (DESIGN §3.1).
/// This file holds the type and its mapping slots; the named methods are in `+Methods`.
enum RemoteCacheType {
    static func make(_ gil: borrowing GILToken) throws -> PyOwned {
        try HeapType.make(
            name: "detection.RemoteCache",
            doc: "A namespace of the remote cache with a ttl; made by remote_cache(namespace, ttl=3600).",
            layout: .swiftObject,
            flags: .notInstantiable,
            slots: [
                .repr(repr),
                .iter(iterate),
                .getItem(getItem),
                .setItem(assign),
                .length(length),
                .contains(contains),
            ],
            methods: methods,
            gil
        )
    }

    /// A new handle object for `namespace` on `store`.
    static func instance(store: any CacheStore, namespace: String, ttl: Int64, _ gil: borrowing GILToken) throws -> PyOwned {
        guard let type = ModuleState.remoteCacheType else {
            throw PythonException(.runtimeError, "the detection module is not initialised")
        }
        return try SwiftObject.make(type: type, holding: RemoteCacheHandle(store: store, namespace: namespace, ttl: ttl), gil)
    }

    /// The handle inside `object` (the `self` of a slot or method).
    static func handle(_ object: PyObjectPointer, _ gil: borrowing GILToken) throws -> RemoteCacheHandle {
        guard let handle = SwiftObject.value(of: object, as: RemoteCacheHandle.self, gil) else {
            throw PythonException(.typeError, "not a RemoteCache")
        }
        return handle
    }

    // c[key]: the value, or None when missing or expired (never KeyError, as in Matano).
    private static func getItem(_ gil: borrowing GILToken, _ object: PyObjectPointer, _ key: PyObjectPointer) throws -> PyOwned {
        let handle = try handle(object, gil)
        let name = try cacheKey(key, gil)
        let value = try handle.perform(gil) { store, namespace throws(CacheError) in
            try store.get(namespace: namespace, key: name)
        }
        return try value?.python(gil) ?? pyNone(gil)
    }

    // c[key] = value, and del c[key] (value nil).
    private static func assign(_ gil: borrowing GILToken, _ object: PyObjectPointer, _ key: PyObjectPointer, _ value: PyObjectPointer?) throws {
        let handle = try handle(object, gil)
        let name = try cacheKey(key, gil)
        guard let value else {
            try handle.perform(gil) { store, namespace throws(CacheError) in
                try store.delete(namespace: namespace, key: name)
            }
            return
        }
        let cacheValue = try CacheValue(python: value, gil)
        let ttl = handle.ttl
        try handle.perform(gil) { store, namespace throws(CacheError) in
            try store.put(namespace: namespace, key: name, value: cacheValue, ttl: ttl)
        }
    }

    private static func length(_ gil: borrowing GILToken, _ object: PyObjectPointer) throws -> Int {
        try liveEntries(of: handle(object, gil), gil).count
    }

    private static func contains(_ gil: borrowing GILToken, _ object: PyObjectPointer, _ key: PyObjectPointer) throws -> Bool {
        let handle = try handle(object, gil)
        let name = try cacheKey(key, gil)
        return try handle.perform(gil) { store, namespace throws(CacheError) in
            try store.get(namespace: namespace, key: name) != nil
        }
    }

    // iter(c): the live keys at the time of the call.
    private static func iterate(_ gil: borrowing GILToken, _ object: PyObjectPointer) throws -> PyOwned {
        let keys = try entryList(of: handle(object, gil), gil) { entry, gil in try pyString(entry.key, gil) }
        return try getIter(keys.pointer(gil), gil)
    }

    private static func repr(_ gil: borrowing GILToken, _ object: PyObjectPointer) throws -> PyOwned {
        let handle = try handle(object, gil)
        let name = try pyString(handle.namespace, gil)
        let namespace = try pyRepr(name.pointer(gil), gil)
        return try pyString("RemoteCache(\(namespace), ttl=\(handle.ttl))", gil)
    }

    /// The live entries, ordered by key.
    static func liveEntries(of handle: RemoteCacheHandle, _ gil: borrowing GILToken) throws -> [CacheEntry] {
        try handle.perform(gil) { store, namespace throws(CacheError) in
            try store.entries(namespace: namespace)
        }
    }

    /// A new list with one item per live entry, made by `item`: `keys()`, `values()`, `items()`
    /// and `iter(c)` all list through this.
    static func entryList(
        of handle: RemoteCacheHandle, _ gil: borrowing GILToken,
        _ item: (CacheEntry, borrowing GILToken) throws -> PyOwned
    ) throws -> PyOwned {
        let entries = try liveEntries(of: handle, gil)
        return try pyList(count: entries.count, gil) { index in try item(entries[index], gil) }
    }
}
