import Synchronization

/// The in-memory store, the default: linearizable (one lock), expiry from an injectable clock.
public final class MemoryStore: CacheStore {
    fileprivate struct State {
        var namespaces: [String: [String: CacheEntry]] = [:]
        /// Writes since the last sweep of expired entries.
        var writesSinceSweep = 0
        /// Entries kept by the last sweep: the next waits for as many writes, so sweeping stays
        /// amortised O(1) per write however large the store is.
        var entriesAfterSweep = 0
    }

    fileprivate static let sweepEvery = 4096

    private let state = Mutex(State())
    private let clock: any CacheClock

    public init(clock: any CacheClock = SystemClock()) {
        self.clock = clock
    }

    public var mayBlock: Bool { false }

    public func entry(at address: CacheAddress) throws(CacheError) -> CacheEntry? {
        let namespace = address.namespace, key = address.key
        let now = clock.now()
        return state.withLock { state in
            guard let entry = state.namespaces[namespace]?[key], entry.isLive(at: now) else { return nil }
            return entry
        }
    }

    public func put(_ value: CacheValue, at address: CacheAddress, ttl: Int64) throws(CacheError) {
        let namespace = address.namespace, key = address.key
        let now = clock.now()
        let expiresAt = CacheLimits.expiry(now: now, ttl: ttl)
        state.withLock { state in
            if case let .stringSet(members) = value, members.isEmpty {
                state.namespaces[namespace]?[key] = nil
            } else {
                state.namespaces[namespace, default: [:]][key] = CacheEntry(key: key, value: value, expiresAt: expiresAt)
            }
            state.countWrite(now: now)
        }
    }

    public func delete(at address: CacheAddress) throws(CacheError) {
        let namespace = address.namespace, key = address.key
        state.withLock { state in
            state.namespaces[namespace]?[key] = nil
            if state.namespaces[namespace]?.isEmpty == true { state.namespaces[namespace] = nil }
        }
    }

    public func increment(at address: CacheAddress, by delta: Int64, ttl: Int64) throws(CacheError) -> Int64 {
        let namespace = address.namespace, key = address.key
        let now = clock.now()
        let result = try state.withLock { state throws(CacheError) -> Int64 in
            let live = state.namespaces[namespace]?[key].flatMap { $0.isLive(at: now) ? $0 : nil }
            var entry = live ?? CacheEntry(key: key, value: .counter(0), expiresAt: CacheLimits.expiry(now: now, ttl: ttl))
            guard case let .counter(count) = entry.value else {
                throw .wrongKind(key: key, expected: .counter, found: entry.value.kind)
            }
            let (sum, overflow) = count.addingReportingOverflow(delta)
            if overflow { throw .overflow(key: key) }
            entry.value = .counter(sum)
            state.namespaces[namespace, default: [:]][key] = entry
            state.countWrite(now: now)
            return sum
        }
        return result
    }

    public func addToStringSet(at address: CacheAddress, members: Set<String>, ttl: Int64) throws(CacheError) -> Set<String> {
        let namespace = address.namespace, key = address.key
        let now = clock.now()
        let result = try state.withLock { state throws(CacheError) -> Set<String> in
            let live = state.namespaces[namespace]?[key].flatMap { $0.isLive(at: now) ? $0 : nil }
            var entry = live ?? CacheEntry(key: key, value: .stringSet([]), expiresAt: CacheLimits.expiry(now: now, ttl: ttl))
            guard case let .stringSet(current) = entry.value else {
                throw .wrongKind(key: key, expected: .stringSet, found: entry.value.kind)
            }
            if members.isEmpty { return current }
            let updated = current.union(members)
            entry.value = .stringSet(updated)
            try CacheLimits.check(value: entry.value, key: key)
            state.namespaces[namespace, default: [:]][key] = entry
            state.countWrite(now: now)
            return updated
        }
        return result
    }

    public func removeFromStringSet(at address: CacheAddress, members: Set<String>) throws(CacheError) -> Set<String> {
        let namespace = address.namespace, key = address.key
        let now = clock.now()
        return try state.withLock { state throws(CacheError) -> Set<String> in
            guard let entry = state.namespaces[namespace]?[key], entry.isLive(at: now) else { return [] }
            guard case let .stringSet(current) = entry.value else {
                throw .wrongKind(key: key, expected: .stringSet, found: entry.value.kind)
            }
            let updated = current.subtracting(members)
            state.namespaces[namespace]?[key] = updated.isEmpty
                ? nil
                : CacheEntry(key: key, value: .stringSet(updated), expiresAt: entry.expiresAt)
            return updated
        }
    }

    public func entries(in namespace: CacheNamespace) throws(CacheError) -> [CacheEntry] {
        let namespace = namespace.name
        let now = clock.now()
        return state.withLock { state in
            (state.namespaces[namespace] ?? [:]).values.filter { $0.isLive(at: now) }
        }.sorted { $0.key < $1.key }
    }

    public func namespaces() throws(CacheError) -> [String] {
        let now = clock.now()
        return state.withLock { state in
            state.namespaces.compactMap { name, entries in
                entries.values.contains { $0.isLive(at: now) } ? name : nil
            }
        }.sorted()
    }

    public func clear(_ namespace: CacheNamespace?) throws(CacheError) {
        let namespace = namespace?.name
        state.withLock { state in
            if let namespace { state.namespaces[namespace] = nil } else { state.namespaces.removeAll() }
        }
    }
}

extension MemoryStore.State {
    /// Drops expired entries every `sweepEvery` writes: amortised, so that a long run with many
    /// short-lived keys does not grow without bound.
    mutating func countWrite(now: Double) {
        writesSinceSweep += 1
        guard writesSinceSweep >= max(MemoryStore.sweepEvery, entriesAfterSweep) else { return }
        writesSinceSweep = 0
        entriesAfterSweep = 0
        for (name, entries) in namespaces {
            let live = entries.filter { $0.value.isLive(at: now) }
            namespaces[name] = live.isEmpty ? nil : live
            entriesAfterSweep += live.count
        }
    }
}
