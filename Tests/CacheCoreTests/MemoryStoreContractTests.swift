import CacheCore
import StoreConformance
import Testing

/// The shared store contract (DESIGN §3.1) on `MemoryStore`, one fresh store per case.
@Test(arguments: StoreContract.cases)
func memoryStoreContract(_ check: StoreContractCase) throws {
    try check.run(using: StoreFactory { clock in MemoryStore(clock: clock) })
}

/// The cases also hold when they share one store, as a DynamoDB table is shared: this proves
/// their namespaces are really their own.
@Test func memoryStoreContractOnOneSharedStore() throws {
    let clock = ManualClock()
    let store = MemoryStore(clock: clock)
    for check in StoreContract.cases where !check.touchesWholeStore {
        try check.run(store, clock)
    }
}
