import CacheCore

extension CacheURL {
    /// Opens the store this URL names. `clock` is injectable for tests of expiry.
    public func open(clock: any CacheClock = SystemClock()) throws -> any CacheStore {
        switch location {
        case .memory:
            return MemoryStore(clock: clock)
        case .sqlite:
            // Filled in by the SQLite store (issue: durable SQLite store).
            throw CacheURLError.cannotOpen(description, "the SQLite store is not built yet")
        case .dynamoDB:
            // Filled in by the DynamoDB store (issue: DynamoDB store).
            throw CacheURLError.cannotOpen(description, "the DynamoDB store is not built yet")
        }
    }
}
