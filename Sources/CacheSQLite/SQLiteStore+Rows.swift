import CacheCore
import GRDB

/// The statements every operation is built from. Columns are read with the throwing
/// `decode(atIndex:)`, so a file damaged by another program gives an error, not a trap.
/// Each is a cached prepared statement: the host runs them on every cache call, and compiling
/// the SQL each time would cost more than the query.
extension SQLiteStore {
    /// The live entry of `key`, or nil when it is missing or expired (then the caller treats
    /// it as missing, so that an operation on an expired entry starts afresh).
    static func liveEntry(_ db: Database, namespace: String, key: String, now: Double) throws -> CacheEntry? {
        let statement = try db.cachedStatement(sql: """
            SELECT kind, value, expires_at FROM cache_entries
            WHERE namespace = ? AND key = ? AND expires_at > ?
            """)
        guard let row = try Row.fetchOne(statement, arguments: [namespace, key, now]) else { return nil }
        return try StoredValue.entry(key: key, kind: row.decode(atIndex: 0), value: row[1], expiresAt: row.decode(atIndex: 2))
    }

    /// The live entries of a namespace, in no particular order.
    static func liveEntries(_ db: Database, namespace: String, now: Double) throws -> [CacheEntry] {
        let statement = try db.cachedStatement(sql: """
            SELECT key, kind, value, expires_at FROM cache_entries
            WHERE namespace = ? AND expires_at > ?
            """)
        return try Row.fetchAll(statement, arguments: [namespace, now]).map { row in
            try StoredValue.entry(
                key: row.decode(atIndex: 0), kind: row.decode(atIndex: 1), value: row[2], expiresAt: row.decode(atIndex: 3))
        }
    }

    /// Writes `entry`, replacing whatever row (live or expired) held its key.
    static func save(_ db: Database, namespace: String, _ entry: CacheEntry) throws {
        let (kind, value) = try StoredValue.columns(for: entry.value)
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO cache_entries (namespace, key, kind, value, expires_at)
            VALUES (?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [namespace, entry.key, kind, value, entry.expiresAt])
    }

    static func remove(_ db: Database, namespace: String, key: String) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM cache_entries WHERE namespace = ? AND key = ?")
        try statement.execute(arguments: [namespace, key])
    }
}
