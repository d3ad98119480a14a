import CacheCore
import GRDB

/// Reading, assigning and removing whole entries, and listing them.
extension SQLiteStore {
    public func entry(at address: CacheAddress) throws(CacheError) -> CacheEntry? {
        let namespace = address.namespace, key = address.key
        return try read { db, now in try Self.liveEntry(db, namespace: namespace, key: key, now: now) }
    }

    public func put(_ value: CacheValue, at address: CacheAddress, ttl: Int64) throws(CacheError) {
        let namespace = address.namespace, key = address.key
        try write { db, now in
            if case let .stringSet(members) = value, members.isEmpty {
                try Self.remove(db, namespace: namespace, key: key)
            } else {
                let entry = CacheEntry(key: key, value: value, expiresAt: CacheLimits.expiry(now: now, ttl: ttl))
                try Self.save(db, namespace: namespace, entry)
                try countWrite(db, now: now)
            }
        }
    }

    public func delete(at address: CacheAddress) throws(CacheError) {
        let namespace = address.namespace, key = address.key
        try write { db, _ in try Self.remove(db, namespace: namespace, key: key) }
    }

    public func entries(in namespace: CacheNamespace) throws(CacheError) -> [CacheEntry] {
        let namespace = namespace.name
        // Sorted here rather than by SQL: Swift's string order is the one MemoryStore uses,
        // and SQLite's byte order differs from it for strings that are not in NFC.
        return try read { db, now in try Self.liveEntries(db, namespace: namespace, now: now) }
            .sorted { $0.key < $1.key }
    }

    public func namespaces() throws(CacheError) -> [String] {
        try read { db, now in
            try String.fetchAll(db, sql: "SELECT DISTINCT namespace FROM cache_entries WHERE expires_at > ?",
                                arguments: [now])
        }.sorted()
    }

    public func clear(_ namespace: CacheNamespace?) throws(CacheError) {
        let namespace = namespace?.name
        try write { db, _ in
            if let namespace {
                try db.execute(sql: "DELETE FROM cache_entries WHERE namespace = ?", arguments: [namespace])
            } else {
                try db.execute(sql: "DELETE FROM cache_entries")
            }
        }
    }
}
