import CacheCore
import GRDB

/// The read-modify-write operations. Each runs in one IMMEDIATE transaction (see `write`), so
/// no other process can change the row between the read and the write, and a refusal thrown
/// in between rolls everything back.
extension SQLiteStore {
    public func increment(at address: CacheAddress, by delta: Int64, ttl: Int64) throws(CacheError) -> Int64 {
        let namespace = address.namespace, key = address.key
        return try write { db, now in
            // A missing or expired key starts at 0 with a new window; a live one keeps its window.
            let current = try Self.liveEntry(db, namespace: namespace, key: key, now: now)
                ?? CacheEntry(key: key, value: .counter(0), expiresAt: CacheLimits.expiry(now: now, ttl: ttl))
            guard case let .counter(count) = current.value else {
                throw CacheError.wrongKind(key: key, expected: .counter, found: current.value.kind)
            }
            let (sum, overflow) = count.addingReportingOverflow(delta)
            if overflow { throw CacheError.overflow(key: key) }
            try Self.save(db, namespace: namespace, CacheEntry(key: key, value: .counter(sum), expiresAt: current.expiresAt))
            try countWrite(db, now: now)
            return sum
        }
    }

    public func addToStringSet(at address: CacheAddress, members: Set<String>, ttl: Int64) throws(CacheError) -> Set<String> {
        let namespace = address.namespace, key = address.key
        return try write { db, now in
            let current = try Self.liveEntry(db, namespace: namespace, key: key, now: now)
            let existing: Set<String>
            switch current?.value {
            case nil: existing = []
            case let .stringSet(set)?: existing = set
            case let other?: throw CacheError.wrongKind(key: key, expected: .stringSet, found: other.kind)
            }
            // Nothing to add: report the set as it is, without creating the key or a window.
            if members.isEmpty { return existing }
            let updated = existing.union(members)
            let entry = CacheEntry(key: key, value: .stringSet(updated),
                                   expiresAt: current?.expiresAt ?? CacheLimits.expiry(now: now, ttl: ttl))
            try CacheLimits.check(value: entry.value, key: key)
            try Self.save(db, namespace: namespace, entry)
            try countWrite(db, now: now)
            return updated
        }
    }

    public func tally(at address: CacheAddress, member: String, ttl: Int64) throws(CacheError) -> Tally {
        let namespace = address.namespace, key = address.key
        return try write { db, now in
            let current = try Self.liveEntry(db, namespace: namespace, key: key, now: now)
            var count: Int64 = 0
            let expiresAt = current?.expiresAt ?? CacheLimits.expiry(now: now, ttl: ttl)
            if let current {
                guard case let .counter(live) = current.value else {
                    throw CacheError.wrongKind(key: key, expected: .counter, found: current.value.kind)
                }
                count = live
            }
            // A member row stamped with this window's expiry was counted in this window.
            let counted = try db.cachedStatement(sql: """
                SELECT 1 FROM cache_tally_members
                WHERE namespace = ? AND key = ? AND member = ? AND expires_at = ?
                """)
            if current != nil, try Bool.fetchOne(counted, arguments: [namespace, key, member, expiresAt]) == true {
                return Tally(added: false, count: count)
            }
            let (sum, overflow) = count.addingReportingOverflow(1)
            if overflow { throw CacheError.overflow(key: key) }
            try Self.save(db, namespace: namespace, CacheEntry(key: key, value: .counter(sum), expiresAt: expiresAt))
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO cache_tally_members (namespace, key, member, expires_at) VALUES (?, ?, ?, ?)
                """).execute(arguments: [namespace, key, member, expiresAt])
            try countWrite(db, now: now)
            return Tally(added: true, count: sum)
        }
    }

    public func removeFromStringSet(at address: CacheAddress, members: Set<String>) throws(CacheError) -> Set<String> {
        let namespace = address.namespace, key = address.key
        return try write { db, now in
            guard let current = try Self.liveEntry(db, namespace: namespace, key: key, now: now) else { return [] }
            guard case let .stringSet(existing) = current.value else {
                throw CacheError.wrongKind(key: key, expected: .stringSet, found: current.value.kind)
            }
            let updated = existing.subtracting(members)
            if updated == existing { return existing }
            if updated.isEmpty {
                try Self.remove(db, namespace: namespace, key: key)
            } else {
                try Self.save(db, namespace: namespace, CacheEntry(key: key, value: .stringSet(updated), expiresAt: current.expiresAt))
            }
            return updated
        }
    }
}
