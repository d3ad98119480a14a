import CacheCore
import CacheSQLite

extension CacheURL {
    /// Opens the store this URL names. `clock` is injectable for tests of expiry.
    public func open(clock: any CacheClock = SystemClock()) throws -> any CacheStore {
        switch location {
        case .memory:
            return MemoryStore(clock: clock)
        case let .sqlite(path):
            do {
                return try SQLiteStore(path: path, clock: clock)
            } catch {
                throw CacheURLError.cannotOpen(description, error.description)
            }
        case .dynamoDB:
            // Filled in by the DynamoDB store (issue: DynamoDB store).
            throw CacheURLError.cannotOpen(description, "the DynamoDB store is not built yet")
        }
    }
}
