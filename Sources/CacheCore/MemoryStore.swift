import Synchronization

/// The in-memory store, the default: linearizable (one lock), expiry from an injectable clock.
public final class MemoryStore: CacheStore {
    /// An entry as the store keeps it.
    fileprivate struct Slot {
        var entry: CacheEntry
        /// For a string set, its members' UTF-8 bytes: an add checks the size limit from the
        /// members it adds, not by summing the whole set again.
        var setBytes: Int
        /// For a counter made by `tally`, the members counted in its window (a new slot, made
        /// when the counter is replaced or starts afresh, forgets them).
        var tallied: Set<String> = []

        init(_ entry: CacheEntry) {
            self.entry = entry
            setBytes = if case .stringSet = entry.value { CacheLimits.size(of: entry.value) } else { 0 }
        }
    }

    fileprivate struct State {
        /// Every namespace's entries in one table: an operation hashes its address once and
        /// probes once; listing a namespace walks the whole table, which is the rare case.
        var slots: [CacheAddress: Slot] = [:]
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
        let now = clock.now()
        return state.withLock { state in
            guard let slot = state.slots[address], slot.entry.isLive(at: now) else { return nil }
            return slot.entry
        }
    }

    public func put(_ value: CacheValue, at address: CacheAddress, ttl: Int64) throws(CacheError) {
        let now = clock.now()
        let expiresAt = CacheLimits.expiry(now: now, ttl: ttl)
        state.withLock { state in
            if case let .stringSet(members) = value, members.isEmpty {
                state.slots[address] = nil
            } else {
                state.slots[address] = Slot(CacheEntry(key: address.key, value: value, expiresAt: expiresAt))
            }
            state.countWrite(now: now)
        }
    }

    public func delete(at address: CacheAddress) throws(CacheError) {
        state.withLock { state in
            state.slots[address] = nil
        }
    }

    public func increment(at address: CacheAddress, by delta: Int64, ttl: Int64) throws(CacheError) -> Int64 {
        let key = address.key
        let now = clock.now()
        return try state.withLock { state throws(CacheError) -> Int64 in
            let sum = try state.withSlot(at: address) { slot throws(CacheError) -> Int64 in
                guard slot?.entry.isLive(at: now) == true, let value = slot?.entry.value else {
                    // A new counter starts at 0: adding can not overflow.
                    slot = Slot(CacheEntry(key: key, value: .counter(delta), expiresAt: CacheLimits.expiry(now: now, ttl: ttl)))
                    return delta
                }
                guard case let .counter(count) = value else {
                    throw .wrongKind(key: key, expected: .counter, found: value.kind)
                }
                let (sum, overflow) = count.addingReportingOverflow(delta)
                if overflow { throw .overflow(key: key) }
                slot?.entry.value = .counter(sum)
                return sum
            }
            state.countWrite(now: now)
            return sum
        }
    }

    public func addToStringSet(at address: CacheAddress, members: Set<String>, ttl: Int64) throws(CacheError) -> Set<String> {
        let key = address.key
        let now = clock.now()
        return try state.withLock { state throws(CacheError) -> Set<String> in
            var wrote = false
            let result = try state.withSlot(at: address) { slot throws(CacheError) -> Set<String> in
                guard slot?.entry.isLive(at: now) == true else {
                    if members.isEmpty { return [] }
                    let bytes = CacheLimits.size(of: .stringSet(members))
                    guard bytes <= CacheLimits.maxValueBytes else { throw .valueTooLarge(key: key, bytes: bytes) }
                    slot = Slot(CacheEntry(key: key, value: .stringSet(members), expiresAt: CacheLimits.expiry(now: now, ttl: ttl)))
                    wrote = true
                    return members
                }
                // Bound without copying the slot: the set has one reference in the store and
                // this one, and the store's is dropped before the union, which then happens in place.
                guard case var .stringSet(current)? = slot?.entry.value else {
                    throw .wrongKind(key: key, expected: .stringSet, found: slot?.entry.value.kind ?? .stringSet)
                }
                if members.isEmpty { return current }
                var added = 0
                for member in members where !current.contains(member) { added += member.utf8.count }
                let bytes = (slot?.setBytes ?? 0) + added
                guard bytes <= CacheLimits.maxValueBytes else { throw .valueTooLarge(key: key, bytes: bytes) }
                wrote = true
                guard added > 0 else { return current }
                slot?.entry.value = .counter(0)
                current.formUnion(members)
                slot?.entry.value = .stringSet(current)
                slot?.setBytes = bytes
                return current
            }
            if wrote { state.countWrite(now: now) }
            return result
        }
    }

    public func tally(at address: CacheAddress, member: String, ttl: Int64) throws(CacheError) -> Tally {
        let key = address.key
        let now = clock.now()
        return try state.withLock { state throws(CacheError) -> Tally in
            let result = try state.withSlot(at: address) { slot throws(CacheError) -> Tally in
                guard slot?.entry.isLive(at: now) == true, let value = slot?.entry.value else {
                    var fresh = Slot(CacheEntry(key: key, value: .counter(1), expiresAt: CacheLimits.expiry(now: now, ttl: ttl)))
                    fresh.tallied = [member]
                    slot = fresh
                    return Tally(added: true, count: 1)
                }
                guard case let .counter(count) = value else {
                    throw .wrongKind(key: key, expected: .counter, found: value.kind)
                }
                if slot?.tallied.contains(member) == true { return Tally(added: false, count: count) }
                let (sum, overflow) = count.addingReportingOverflow(1)
                if overflow { throw .overflow(key: key) }
                slot?.entry.value = .counter(sum)
                slot?.tallied.insert(member)
                return Tally(added: true, count: sum)
            }
            if result.added { state.countWrite(now: now) }
            return result
        }
    }

    public func removeFromStringSet(at address: CacheAddress, members: Set<String>) throws(CacheError) -> Set<String> {
        let key = address.key
        let now = clock.now()
        return try state.withLock { state throws(CacheError) -> Set<String> in
            guard let entry = state.slots[address]?.entry, entry.isLive(at: now) else { return [] }
            guard case let .stringSet(current) = entry.value else {
                throw .wrongKind(key: key, expected: .stringSet, found: entry.value.kind)
            }
            let updated = current.subtracting(members)
            state.slots[address] = updated.isEmpty
                ? nil
                : Slot(CacheEntry(key: key, value: .stringSet(updated), expiresAt: entry.expiresAt))
            return updated
        }
    }

    public func entries(in namespace: CacheNamespace) throws(CacheError) -> [CacheEntry] {
        let namespace = namespace.name
        let now = clock.now()
        return state.withLock { state in
            state.slots.compactMap { address, slot in
                address.namespace == namespace && slot.entry.isLive(at: now) ? slot.entry : nil
            }
        }.sorted { $0.key < $1.key }
    }

    public func namespaces() throws(CacheError) -> [String] {
        let now = clock.now()
        return state.withLock { state in
            Set(state.slots.compactMap { address, slot in slot.entry.isLive(at: now) ? address.namespace : nil })
        }.sorted()
    }

    public func clear(_ namespace: CacheNamespace?) throws(CacheError) {
        let namespace = namespace?.name
        state.withLock { state in
            if let namespace {
                state.slots = state.slots.filter { address, _ in address.namespace != namespace }
            } else {
                state.slots.removeAll()
            }
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
        slots = slots.filter { $0.value.entry.isLive(at: now) }
        entriesAfterSweep = slots.count
    }

    /// Runs `body` on the slot at `address` in place: one hash lookup, and a value in it that
    /// `body` takes out is uniquely referenced (so a set grows without being copied).
    fileprivate mutating func withSlot<R>(at address: CacheAddress,
                                          _ body: (inout MemoryStore.Slot?) throws(CacheError) -> R) throws(CacheError) -> R {
        try body(&slots[address])
    }
}
