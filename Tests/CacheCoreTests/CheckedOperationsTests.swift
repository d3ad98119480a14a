@testable import CacheCore
import Testing

/// The checked operations of `CacheStore` apply `CacheLimits` once, for every store: a store
/// that checks nothing itself never sees a refused argument.
@Suite struct CheckedOperationsTests {
    /// Counts the calls that reach it; checks nothing.
    final class CountingStore: CacheStore, @unchecked Sendable {
        var calls = 0
        var mayBlock: Bool { false }
        func entry(at address: CacheAddress) throws(CacheError) -> CacheEntry? { calls += 1; return nil }
        func put(_ value: CacheValue, at address: CacheAddress, ttl: Int64) throws(CacheError) { calls += 1 }
        func delete(at address: CacheAddress) throws(CacheError) { calls += 1 }
        func increment(at address: CacheAddress, by delta: Int64, ttl: Int64) throws(CacheError) -> Int64 { calls += 1; return delta }
        func addToStringSet(at address: CacheAddress, members: Set<String>, ttl: Int64) throws(CacheError) -> Set<String> { calls += 1; return members }
        func removeFromStringSet(at address: CacheAddress, members: Set<String>) throws(CacheError) -> Set<String> { calls += 1; return [] }
        func tally(at address: CacheAddress, member: String, ttl: Int64) throws(CacheError) -> Tally { calls += 1; return Tally(added: true, count: 1) }
        func entries(in namespace: CacheNamespace) throws(CacheError) -> [CacheEntry] { calls += 1; return [] }
        func namespaces() throws(CacheError) -> [String] { calls += 1; return [] }
        func clear(_ namespace: CacheNamespace?) throws(CacheError) { calls += 1 }
    }

    @Test func refusedArgumentsNeverReachTheStore() {
        let store = CountingStore()
        let long = String(repeating: "k", count: CacheLimits.maxKeyBytes + 1)
        let refusals: [(String, () throws(CacheError) -> Void)] = [
            ("get, empty namespace", { () throws(CacheError) in _ = try store.get(namespace: "", key: "k") }),
            ("entry, long key", { () throws(CacheError) in _ = try store.entry(namespace: "n", key: long) }),
            ("put, ttl 0", { () throws(CacheError) in try store.put(namespace: "n", key: "k", value: .bool(true), ttl: 0) }),
            ("put, too large", { () throws(CacheError) in
                try store.put(namespace: "n", key: "k", value: .string(String(repeating: "v", count: CacheLimits.maxValueBytes + 1)), ttl: 1)
            }),
            ("delete, empty key", { () throws(CacheError) in try store.delete(namespace: "n", key: "") }),
            ("increment, ttl past the limit", { () throws(CacheError) in _ = try store.increment(namespace: "n", key: "k", by: 1, ttl: CacheLimits.maxTTL + 1) }),
            ("add, empty member", { () throws(CacheError) in _ = try store.addToStringSet(namespace: "n", key: "k", members: [""], ttl: 1) }),
            ("remove, empty key", { () throws(CacheError) in _ = try store.removeFromStringSet(namespace: "n", key: "", members: ["a"]) }),
            ("tally, empty member", { () throws(CacheError) in _ = try store.tally(namespace: "n", key: "k", member: "", ttl: 1) }),
            ("tally, ttl 0", { () throws(CacheError) in _ = try store.tally(namespace: "n", key: "k", member: "m", ttl: 0) }),
            ("entries, empty namespace", { () throws(CacheError) in _ = try store.entries(namespace: "") }),
            ("clear, empty namespace", { () throws(CacheError) in try store.clear(namespace: "") }),
        ]
        for (what, operation) in refusals {
            #expect(throws: CacheError.self, "\(what)") { try operation() }
        }
        #expect(store.calls == 0)
        // Valid arguments do reach it, once per operation.
        _ = try? store.get(namespace: "n", key: "k")
        try? store.clear(namespace: nil)
        #expect(store.calls == 2)
    }
}
