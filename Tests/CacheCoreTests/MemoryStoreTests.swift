import CacheCore
import Dispatch
import Testing

/// What the contract cannot show from one thread: `MemoryStore` under real concurrency.
@Suite struct MemoryStoreConcurrencyTests {
    @Test func eightThreadsOfIncrementsLoseNothing() throws {
        let store = MemoryStore(clock: ManualClock())
        let threads = 8, perThread = 10_000
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            for _ in 0..<perThread {
                // A refusal here would be a bug; it shows up as a short count below.
                _ = try? store.increment(namespace: "race", key: "k", by: 1, ttl: 3600)
            }
        }
        #expect(try store.get(namespace: "race", key: "k") == .counter(Int64(threads * perThread)))
    }

    @Test func concurrentAddsKeepEveryMember() throws {
        let store = MemoryStore(clock: ManualClock())
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for i in 0..<500 {
                _ = try? store.addToStringSet(namespace: "race", key: "s", members: ["\(thread)-\(i)"], ttl: 3600)
            }
        }
        guard case let .stringSet(members)? = try store.get(namespace: "race", key: "s") else {
            Issue.record("the set is missing")
            return
        }
        #expect(members.count == 8 * 500)
    }
}
