import CacheCore
import GRDB

/// Keeping the file from growing forever: expired rows are invisible at once (every query
/// filters on `expires_at`), and deleted in batches as the store goes.
extension SQLiteStore {
    /// Writes of one instance between two purges. A purge is one indexed DELETE, so spreading
    /// it over this many writes keeps its cost per write negligible while a long replay of
    /// short-lived keys still cannot pile up more than a few thousand dead rows per process.
    static let purgeEvery = 1000

    /// Counts a write made in the current transaction, purging when the count comes round.
    /// The purge joins the caller's transaction, so it costs no extra commit.
    func countWrite(_ db: Database, now: Double) throws {
        let due = writesSincePurge.withLock { count in
            count += 1
            guard count >= Self.purgeEvery else { return false }
            count = 0
            return true
        }
        if due { try Self.deleteExpired(db, now: now) }
    }

    /// Purges on its own, as `init` does so that a file left by an earlier run starts clean.
    func purgeExpired() throws(CacheError) {
        try write { db, now in try Self.deleteExpired(db, now: now) }
    }

    private static func deleteExpired(_ db: Database, now: Double) throws {
        try db.cachedStatement(sql: "DELETE FROM cache_entries WHERE expires_at <= ?").execute(arguments: [now])
        try db.cachedStatement(sql: "DELETE FROM cache_tally_members WHERE expires_at <= ?").execute(arguments: [now])
    }
}
