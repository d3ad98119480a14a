import CacheCore
import PythonBridge

/// What a `remote_cache(namespace, ttl)` object holds: the store, the namespace and the handle's
/// own ttl (two handles on one namespace share data, not ttl).
final class RemoteCacheHandle {
    let store: any CacheStore
    let namespace: String
    let ttl: Int64

    init(store: any CacheStore, namespace: String, ttl: Int64) {
        self.store = store
        self.namespace = namespace
        self.ttl = ttl
    }

    /// Runs a store call, releasing the GIL around it when the store may block on I/O so other
    /// Python threads run meanwhile. A memory store answers in well under a microsecond, which
    /// is less than releasing and retaking the GIL costs, so it keeps the GIL.
    func perform<R>(_ gil: borrowing GILToken, _ operation: (any CacheStore, String) throws(CacheError) -> R) throws(CacheError) -> R {
        let store = store
        let namespace = namespace
        if store.mayBlock {
            return try Python.allowingThreads(gil) { () throws(CacheError) -> R in
                try operation(store, namespace)
            }
        }
        return try operation(store, namespace)
    }
}
