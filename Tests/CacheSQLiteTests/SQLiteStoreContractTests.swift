import CacheCore
import CacheSQLite
import StoreConformance
import Testing

/// The shared store contract (DESIGN §3.1) on `SQLiteStore`.
@Suite struct SQLiteStoreContractTests {
    /// Each case on a new file.
    @Test(arguments: StoreContract.cases)
    func contract(_ check: StoreContractCase) throws {
        let directory = try TemporaryDirectory()
        try check.run(using: StoreFactory { clock in try SQLiteStore(path: directory.file("cache.sqlite"), clock: clock) })
    }

    /// Every case on one file, as several runs share a file: proves the cases keep to their
    /// namespaces and that rows of earlier cases (some expired by then) disturb nothing.
    @Test func contractOnOneSharedFile() throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock()
        let store = try SQLiteStore(path: directory.file("shared.sqlite"), clock: clock)
        for check in StoreContract.cases where !check.touchesWholeStore {
            try check.run(store, clock)
        }
    }
}
