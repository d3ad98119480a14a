import CacheCore
import GRDB

/// The file's layout, versioned with `PRAGMA user_version` so that a later release can migrate
/// it and an older one refuses a file it cannot read rather than misreading it.
enum Schema {
    /// The version this build writes and reads.
    static let version = 2

    /// Version 1: one row per entry. `value` holds an INTEGER for counters and bools, TEXT for
    /// strings, and a JSON array of the members (sorted) for string sets, so that the file
    /// stays readable with the `sqlite3` shell. WITHOUT ROWID because the primary key is the
    /// only way rows are found; the expiry index makes purging cheap.
    private static let createVersion1 = """
        CREATE TABLE IF NOT EXISTS cache_entries (
            namespace TEXT NOT NULL,
            key TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('counter', 'string', 'bool', 'set')),
            value NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (namespace, key)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS cache_entries_by_expiry ON cache_entries (expires_at);
        """

    /// Version 2: the members `tally` has counted, one row each, stamped with the expiry of the
    /// counter's window they were counted in: a member counts as seen only while its stamp is the
    /// counter's current expiry, so a counter that starts afresh forgets them without a delete.
    private static let createVersion2 = """
        CREATE TABLE IF NOT EXISTS cache_tally_members (
            namespace TEXT NOT NULL,
            key TEXT NOT NULL,
            member TEXT NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (namespace, key, member)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS cache_tally_members_by_expiry ON cache_tally_members (expires_at);
        """

    /// Brings the file to `version`. Several processes may open a new file at once: the check
    /// is repeated under the write lock, so exactly one of them creates the tables.
    static func prepare(_ queue: DatabaseQueue) throws {
        if try queue.read(currentVersion) == version { return }
        try queue.inTransaction(.immediate) { db in
            let found = try currentVersion(db)
            guard found <= version else {
                throw CacheError.store(
                    code: "SCHEMA_TOO_NEW",
                    message: "the cache file has schema version \(found); this detection-host reads up to \(version)")
            }
            if found < 1 { try db.execute(sql: createVersion1) }
            if found < 2 { try db.execute(sql: createVersion2) }
            try db.execute(sql: "PRAGMA user_version = \(version)")
            return .commit
        }
    }

    private static func currentVersion(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
    }
}
