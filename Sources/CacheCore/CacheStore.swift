/// A place cache entries live: memory, SQLite, DynamoDB. Every store implements the same
/// semantics (DESIGN §3.1), checked by the shared suite in `Tests/StoreConformance`.
///
/// Rules every implementation follows:
/// - Namespaces, keys, ttls and values are checked with `CacheLimits` before anything changes.
/// - An entry is invisible once `now >= expiresAt` (`now` from the store's `CacheClock`), and an
///   operation on an expired entry starts afresh, as if the key were missing.
/// - `put` sets the expiry to now + ttl; `increment` and `addToStringSet` set it only when they
///   create the entry (a fixed window, not extended by updates).
/// - Every operation is atomic; a refused operation changes nothing.
public protocol CacheStore: AnyObject, Sendable {
    /// True when calls may wait on I/O, so the Python side should release the GIL around them.
    var mayBlock: Bool { get }

    /// The live value of `key`, or nil.
    func get(namespace: String, key: String) throws(CacheError) -> CacheValue?

    /// The live entry of `key` with its expiry, or nil.
    func entry(namespace: String, key: String) throws(CacheError) -> CacheEntry?

    /// Stores `value`, replacing any entry of any kind; an empty string set deletes the key.
    func put(namespace: String, key: String, value: CacheValue, ttl: Int64) throws(CacheError)

    /// Removes `key`; a missing key is not an error.
    func delete(namespace: String, key: String) throws(CacheError)

    /// Adds `delta` to the counter at `key` (a missing or expired key starts at 0) and returns
    /// the new count.
    func increment(namespace: String, key: String, by delta: Int64, ttl: Int64) throws(CacheError) -> Int64

    /// Adds `members` to the string set at `key` and returns the whole set after the change.
    /// With no members it returns the current set (empty when missing) and changes nothing.
    func addToStringSet(namespace: String, key: String, members: Set<String>, ttl: Int64) throws(CacheError) -> Set<String>

    /// Removes `members` from the string set at `key` and returns the set after the change;
    /// when that is empty the key is gone.
    func removeFromStringSet(namespace: String, key: String, members: Set<String>) throws(CacheError) -> Set<String>

    /// The live entries of a namespace, ordered by key.
    func entries(namespace: String) throws(CacheError) -> [CacheEntry]

    /// The namespaces that hold at least one live entry, sorted.
    func namespaces() throws(CacheError) -> [String]

    /// Removes every entry of `namespace`, or of every namespace when nil.
    func clear(namespace: String?) throws(CacheError)
}

extension CacheStore {
    public func get(namespace: String, key: String) throws(CacheError) -> CacheValue? {
        try entry(namespace: namespace, key: key)?.value
    }
}
