import CacheCore
import CacheDynamoDB
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
        case let .dynamoDB(table, options):
            let consistent = options["consistent"].map { $0.lowercased() }
            guard consistent == nil || consistent == "true" || consistent == "false" else {
                throw CacheURLError.malformed(description, "consistent must be true or false")
            }
            do {
                return try DynamoDBStore(
                    table: table, endpoint: options["endpoint"], region: options["region"],
                    consistent: consistent == "true", clock: clock
                )
            } catch {
                throw CacheURLError.cannotOpen(description, error.description)
            }
        }
    }
}
