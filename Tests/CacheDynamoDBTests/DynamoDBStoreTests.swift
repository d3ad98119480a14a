import CacheCore
@testable import CacheDynamoDB
import MotoSupport
import Testing

/// The store's semantics against moto, on a manual clock (moto never deletes expired items, so
/// expiry here is entirely the store's own doing).
@Suite struct DynamoDBStoreTests {
    let clock = ManualClock(now: 1_700_000_000.5)
    let store: DynamoDBStore

    init() throws {
        store = try MotoServer.shared().freshTable("basics", clock: clock)
    }

    @Test func putAndGetEachKind() throws {
        let values: [String: CacheValue] = [
            "c": .counter(-42), "s": .string("héllo"), "e": .string(""), "b": .bool(false), "set": .stringSet(["a", "ü"]),
        ]
        for (key, value) in values { try store.put(namespace: "ns", key: key, value: value, ttl: 60) }
        for (key, value) in values {
            #expect(try store.entry(namespace: "ns", key: key) == CacheEntry(key: key, value: value, expiresAt: 1_700_000_060))
        }
        #expect(try store.get(namespace: "ns", key: "missing") == nil)
        try store.put(namespace: "ns", key: "set", value: .stringSet([]), ttl: 60)
        #expect(try store.get(namespace: "ns", key: "set") == nil)
        try store.delete(namespace: "ns", key: "s")
        try store.delete(namespace: "ns", key: "s")
        #expect(try store.get(namespace: "ns", key: "s") == nil)
    }

    @Test func countersKeepTheirWindowAndRange() throws {
        #expect(try store.increment(namespace: "ns", key: "n", by: 5, ttl: 10) == 5)
        clock.advance(by: 5)
        #expect(try store.increment(namespace: "ns", key: "n", by: -7, ttl: 10) == -2)
        #expect(try store.entry(namespace: "ns", key: "n")?.expiresAt == 1_700_000_010)
        clock.advance(by: 5)
        #expect(try store.increment(namespace: "ns", key: "n", by: 1, ttl: 10) == 1, "expired: starts afresh")
        #expect(try store.entry(namespace: "ns", key: "n")?.expiresAt == 1_700_000_020)

        try store.put(namespace: "ns", key: "big", value: .counter(.max - 1), ttl: 60)
        #expect(try store.increment(namespace: "ns", key: "big", by: 1, ttl: 60) == .max)
        #expect(throws: CacheError.overflow(key: "big")) { try store.increment(namespace: "ns", key: "big", by: 1, ttl: 60) }
        try store.put(namespace: "ns", key: "small", value: .counter(.min + 2), ttl: 60)
        #expect(throws: CacheError.overflow(key: "small")) { try store.increment(namespace: "ns", key: "small", by: -3, ttl: 60) }
        #expect(try store.get(namespace: "ns", key: "big") == .counter(.max))
        #expect(try store.get(namespace: "ns", key: "small") == .counter(.min + 2))
    }

    @Test func wrongKindsChangeNothing() throws {
        try store.put(namespace: "ns", key: "s", value: .string("x"), ttl: 60)
        try store.put(namespace: "ns", key: "n", value: .counter(1), ttl: 60)
        #expect(throws: CacheError.wrongKind(key: "s", expected: .counter, found: .string)) {
            try store.increment(namespace: "ns", key: "s", by: 1, ttl: 60)
        }
        #expect(throws: CacheError.wrongKind(key: "n", expected: .stringSet, found: .counter)) {
            try store.addToStringSet(namespace: "ns", key: "n", members: ["a"], ttl: 60)
        }
        #expect(throws: CacheError.wrongKind(key: "n", expected: .stringSet, found: .counter)) {
            try store.removeFromStringSet(namespace: "ns", key: "n", members: ["a"])
        }
        #expect(throws: CacheError.wrongKind(key: "s", expected: .stringSet, found: .string)) {
            try store.addToStringSet(namespace: "ns", key: "s", members: [], ttl: 60)
        }
        #expect(try store.get(namespace: "ns", key: "s") == .string("x"))
        #expect(try store.get(namespace: "ns", key: "n") == .counter(1))
    }

    @Test func stringSetsAddAndRemove() throws {
        #expect(try store.addToStringSet(namespace: "ns", key: "k", members: [], ttl: 60) == [])
        #expect(try store.addToStringSet(namespace: "ns", key: "k", members: ["a", "b"], ttl: 60) == ["a", "b"])
        clock.advance(by: 30)
        #expect(try store.addToStringSet(namespace: "ns", key: "k", members: ["c"], ttl: 60) == ["a", "b", "c"])
        #expect(try store.entry(namespace: "ns", key: "k")?.expiresAt == 1_700_000_060)
        #expect(try store.removeFromStringSet(namespace: "ns", key: "k", members: ["a", "zz"]) == ["b", "c"])
        #expect(try store.removeFromStringSet(namespace: "ns", key: "k", members: ["b", "c"]) == [])
        #expect(try store.entry(namespace: "ns", key: "k") == nil)
        #expect(try store.entries(namespace: "ns").isEmpty, "the emptied item is gone, not left without a value")
        #expect(try store.removeFromStringSet(namespace: "ns", key: "missing", members: ["a"]) == [])
        #expect(try store.increment(namespace: "ns", key: "k", by: 2, ttl: 60) == 2, "the key is free for another kind")
    }

    @Test func listingsShowLiveEntriesOnly() throws {
        try store.put(namespace: "b", key: "short", value: .bool(true), ttl: 5)
        try store.put(namespace: "b", key: "long", value: .bool(true), ttl: 50)
        try store.put(namespace: "a", key: "z", value: .counter(1), ttl: 50)
        try store.put(namespace: "a", key: "y", value: .counter(2), ttl: 50)
        try store.put(namespace: "c", key: "gone", value: .counter(2), ttl: 5)
        #expect(try store.namespaces() == ["a", "b", "c"])
        clock.advance(by: 5)
        #expect(try store.namespaces() == ["a", "b"])
        #expect(try store.entries(namespace: "a").map(\.key) == ["y", "z"])
        #expect(try store.entries(namespace: "b").map(\.key) == ["long"])
        try store.clear(namespace: "a")
        #expect(try store.namespaces() == ["b"])
        try store.clear(namespace: nil)
        #expect(try store.namespaces() == [])
    }

    @Test func manyEntriesArePagedAndCleared() throws {
        let keys = (0..<60).map { "key-\($0)" }
        let big = String(repeating: "x", count: 40_000)
        for key in keys { try store.put(namespace: "many", key: key, value: .string(big), ttl: 60) }
        #expect(try store.entries(namespace: "many").map(\.key) == keys.sorted())
        try store.clear(namespace: "many")
        #expect(try store.entries(namespace: "many").isEmpty)
    }

    @Test func limitsAreCheckedBeforeAnyRequest() throws {
        let unreachable = try DynamoDBStore(
            table: "t", endpoint: "http://127.0.0.1:9", region: "us-east-1",
            environment: ["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"]
        )
        #expect(throws: CacheError.self) { try unreachable.put(namespace: "", key: "k", value: .bool(true), ttl: 1) }
        #expect(throws: CacheError.invalidTTL(0)) { try unreachable.increment(namespace: "n", key: "k", by: 1, ttl: 0) }
        #expect(throws: CacheError.self) { try unreachable.addToStringSet(namespace: "n", key: "k", members: [""], ttl: 1) }
    }
}
