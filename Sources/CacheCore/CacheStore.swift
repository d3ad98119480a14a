/// A place cache entries live: memory, SQLite, DynamoDB. Every store implements the same
/// semantics (DESIGN §3.1), checked by the shared suite in `Tests/StoreConformance`.
///
/// Rules every implementation follows:
/// - Namespaces, keys, ttls and values are checked with `CacheLimits` before anything changes
///   (once, by the extension's operations; stores see only checked arguments).
/// - An entry is invisible once `now >= expiresAt` (`now` from the store's `CacheClock`), and an
///   operation on an expired entry starts afresh, as if the key were missing.
/// - `put` sets the expiry to now + ttl; `increment` and `addToStringSet` set it only when they
///   create the entry (a fixed window, not extended by updates).
/// - Every operation is atomic; a refused operation changes nothing.
public protocol CacheStore: AnyObject, Sendable {
    // The requirements are what a store implements; callers use the checked operations of the
    // extension below, the one place where `CacheLimits` is applied to what callers pass. A
    // store gets its namespaces and keys as `CacheAddress`/`CacheNamespace`, which only that
    // extension makes, and ttls and values already checked.

    /// True when calls may wait on I/O, so the Python side should release the GIL around them.
    var mayBlock: Bool { get }

    /// The live entry at `address` with its expiry, or nil.
    func entry(at address: CacheAddress) throws(CacheError) -> CacheEntry?

    /// Stores `value`, replacing any entry of any kind; an empty string set deletes the key.
    func put(_ value: CacheValue, at address: CacheAddress, ttl: Int64) throws(CacheError)

    /// Removes the entry; a missing key is not an error.
    func delete(at address: CacheAddress) throws(CacheError)

    /// Adds `delta` to the counter (a missing or expired key starts at 0) and returns the new
    /// count.
    func increment(at address: CacheAddress, by delta: Int64, ttl: Int64) throws(CacheError) -> Int64

    /// Adds `members` to the string set and returns the whole set after the change. With no
    /// members it returns the current set (empty when missing) and changes nothing.
    func addToStringSet(at address: CacheAddress, members: Set<String>, ttl: Int64) throws(CacheError) -> Set<String>

    /// Removes `members` from the string set and returns the set after the change; when that is
    /// empty the key is gone.
    func removeFromStringSet(at address: CacheAddress, members: Set<String>) throws(CacheError) -> Set<String>

    /// Counts `member` into the counter at `address` at most once per window: a member already
    /// counted since the counter was created changes nothing. A missing or expired counter starts
    /// at 0 with an expiry of now + ttl (a fixed window, as `increment`); the entry reads as a
    /// counter. Retrying the same member (a match seen again after a crash) never counts twice,
    /// and counting a member and raising the count are one atomic step.
    func tally(at address: CacheAddress, member: String, ttl: Int64) throws(CacheError) -> Tally

    /// The live entries of a namespace, ordered by key.
    func entries(in namespace: CacheNamespace) throws(CacheError) -> [CacheEntry]

    /// The namespaces that hold at least one live entry, sorted.
    func namespaces() throws(CacheError) -> [String]

    /// Removes every entry of `namespace`, or of every namespace when nil.
    func clear(_ namespace: CacheNamespace?) throws(CacheError)
}

/// The operations callers use: each checks its arguments against `CacheLimits` (in the order
/// namespace, key, ttl, value) before the store sees them, so a refusal changes nothing.
extension CacheStore {
    /// The live value of `key`, or nil.
    public func get(namespace: String, key: String) throws(CacheError) -> CacheValue? {
        try entry(namespace: namespace, key: key)?.value
    }

    /// The live entry of `key` with its expiry, or nil.
    public func entry(namespace: String, key: String) throws(CacheError) -> CacheEntry? {
        try entry(at: CacheAddress(checking: namespace, key: key))
    }

    /// Stores `value` with an expiry of now + `ttl`; an empty string set deletes the key.
    public func put(namespace: String, key: String, value: CacheValue, ttl: Int64) throws(CacheError) {
        let address = try CacheAddress(checking: namespace, key: key)
        try CacheLimits.check(ttl: ttl)
        try CacheLimits.check(value: value, key: key)
        try put(value, at: address, ttl: ttl)
    }

    /// Removes `key`; a missing key is not an error.
    public func delete(namespace: String, key: String) throws(CacheError) {
        try delete(at: CacheAddress(checking: namespace, key: key))
    }

    /// Adds `delta` to the counter at `key` and returns the new count.
    public func increment(namespace: String, key: String, by delta: Int64, ttl: Int64) throws(CacheError) -> Int64 {
        let address = try CacheAddress(checking: namespace, key: key)
        try CacheLimits.check(ttl: ttl)
        return try increment(at: address, by: delta, ttl: ttl)
    }

    /// Adds `members` to the string set at `key` and returns the whole set after the change.
    public func addToStringSet(namespace: String, key: String, members: Set<String>, ttl: Int64) throws(CacheError) -> Set<String> {
        let address = try CacheAddress(checking: namespace, key: key)
        try CacheLimits.check(ttl: ttl)
        try CacheLimits.check(members: members)
        return try addToStringSet(at: address, members: members, ttl: ttl)
    }

    /// Counts `member` into the counter at `key` unless it was counted in this window already.
    public func tally(namespace: String, key: String, member: String, ttl: Int64) throws(CacheError) -> Tally {
        let address = try CacheAddress(checking: namespace, key: key)
        try CacheLimits.check(ttl: ttl)
        try CacheLimits.check(tallyMember: member)
        return try tally(at: address, member: member, ttl: ttl)
    }

    /// Removes `members` from the string set at `key` and returns the set after the change.
    public func removeFromStringSet(namespace: String, key: String, members: Set<String>) throws(CacheError) -> Set<String> {
        try removeFromStringSet(at: CacheAddress(checking: namespace, key: key), members: members)
    }

    /// The live entries of a namespace, ordered by key.
    public func entries(namespace: String) throws(CacheError) -> [CacheEntry] {
        try entries(in: CacheNamespace(checking: namespace))
    }

    /// Removes every entry of `namespace`, or of every namespace when nil.
    public func clear(namespace: String?) throws(CacheError) {
        guard let namespace else { return try clear(nil) }
        try clear(CacheNamespace(checking: namespace))
    }
}

/// What `tally` did: whether the member was new to the counter, and the count after the call.
public struct Tally: Sendable, Hashable {
    public let added: Bool
    public let count: Int64

    public init(added: Bool, count: Int64) {
        self.added = added
        self.count = count
    }
}
