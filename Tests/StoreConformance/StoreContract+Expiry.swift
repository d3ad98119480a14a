import CacheCore

/// Expiry (DESIGN §3.1): a fixed window set on creation or assignment, not extended by
/// increments or adds; expired entries invisible to every call; operations on them start afresh.
extension StoreContract {
    static let expiryCases: [StoreContractCase] = [
        StoreContractCase("an entry lives until now reaches its expiry") { f in
            let ns = f.namespace()
            try f.store.put(namespace: ns, key: "k", value: .string("v"), ttl: 10)
            f.clock.advance(by: 9.5)
            try expectEqual(try f.store.get(namespace: ns, key: "k"), .string("v"), "get half a second before expiry")
            f.clock.advance(by: 0.5)
            try expectEqual(try f.store.get(namespace: ns, key: "k"), nil, "get at the expiry")
        },

        StoreContractCase("increments do not extend the window") { f in
            let ns = f.namespace()
            let expiresAt = f.expiry(ttl: 100)
            _ = try f.store.increment(namespace: ns, key: "k", by: 1, ttl: 100)
            f.clock.advance(by: 60)
            try expectEqual(try f.store.increment(namespace: ns, key: "k", by: 1, ttl: 100), 2, "increment inside the window")
            try expectEqual(try f.store.entry(namespace: ns, key: "k")?.expiresAt, expiresAt, "expiry after an increment")
            f.clock.advance(by: 40)
            try expectEqual(try f.store.get(namespace: ns, key: "k"), nil, "counter at the end of the first window")
        },

        StoreContractCase("adds and removes do not extend the window") { f in
            let ns = f.namespace()
            let expiresAt = f.expiry(ttl: 100)
            _ = try f.store.addToStringSet(namespace: ns, key: "k", members: ["a", "b"], ttl: 100)
            f.clock.advance(by: 60)
            _ = try f.store.addToStringSet(namespace: ns, key: "k", members: ["c"], ttl: 100)
            _ = try f.store.removeFromStringSet(namespace: ns, key: "k", members: ["a"])
            try expectEqual(try f.store.entry(namespace: ns, key: "k"),
                            CacheEntry(key: "k", value: .stringSet(["b", "c"]), expiresAt: expiresAt), "entry after add and remove")
            f.clock.advance(by: 40)
            try expectEqual(try f.store.get(namespace: ns, key: "k"), nil, "set at the end of the first window")
        },

        StoreContractCase("assignment resets the window") { f in
            let ns = f.namespace()
            _ = try f.store.increment(namespace: ns, key: "k", by: 1, ttl: 100)
            f.clock.advance(by: 60)
            try f.store.put(namespace: ns, key: "k", value: .counter(5), ttl: 100)
            try expectEqual(try f.store.entry(namespace: ns, key: "k")?.expiresAt, f.expiry(ttl: 100), "expiry after put")
            f.clock.advance(by: 99)
            try expectEqual(try f.store.get(namespace: ns, key: "k"), .counter(5), "counter inside the new window")
            f.clock.advance(by: 1)
            try expectEqual(try f.store.get(namespace: ns, key: "k"), nil, "counter at the end of the new window")
        },

        StoreContractCase("expired entries are invisible to every read") { f in
            let (ns, live) = (f.namespace("expiring"), f.namespace("live"))
            try f.store.put(namespace: ns, key: "short", value: .string("s"), ttl: 10)
            try f.store.put(namespace: ns, key: "long", value: .string("l"), ttl: 20)
            try f.store.put(namespace: live, key: "k", value: .bool(true), ttl: 1000)
            f.clock.advance(by: 10)
            try expectEqual(try f.store.get(namespace: ns, key: "short"), nil, "get of an expired entry")
            try expectEqual(try f.store.entry(namespace: ns, key: "short"), nil, "entry of an expired entry")
            try expectEqual(try f.store.entries(namespace: ns).map(\.key), ["long"], "entries with one expired")
            try expect(try f.store.namespaces().contains(ns), "namespaces() dropped a namespace that still has a live entry")
            f.clock.advance(by: 10)
            try expectEqual(try f.store.entries(namespace: ns), [], "entries with all expired")
            let names = try f.store.namespaces()
            try expect(!names.contains(ns), "namespaces() lists \(ns), whose entries have all expired")
            try expect(names.contains(live), "namespaces() dropped \(live)")
            // Deleting an expired entry is as quiet as deleting a missing one.
            try f.store.delete(namespace: ns, key: "short")
        },

        StoreContractCase("an increment of an expired entry starts afresh with a new window") { f in
            let ns = f.namespace()
            _ = try f.store.increment(namespace: ns, key: "k", by: 41, ttl: 10)
            f.clock.advance(by: 15)
            try expectEqual(try f.store.increment(namespace: ns, key: "k", by: 1, ttl: 10), 1, "increment after expiry")
            try expectEqual(try f.store.entry(namespace: ns, key: "k")?.expiresAt, f.expiry(ttl: 10), "new window")
            // An expired entry of another kind is no obstacle: it is gone.
            try f.store.put(namespace: ns, key: "s", value: .string("old"), ttl: 10)
            f.clock.advance(by: 10)
            try expectEqual(try f.store.increment(namespace: ns, key: "s", by: 2, ttl: 10), 2, "increment over an expired string")
        },

        StoreContractCase("an add to an expired entry starts afresh with a new window") { f in
            let ns = f.namespace()
            _ = try f.store.addToStringSet(namespace: ns, key: "k", members: ["old"], ttl: 10)
            f.clock.advance(by: 10)
            try expectEqual(try f.store.addToStringSet(namespace: ns, key: "k", members: [], ttl: 10), [], "empty add after expiry")
            try expectEqual(try f.store.addToStringSet(namespace: ns, key: "k", members: ["new"], ttl: 10), ["new"], "add after expiry")
            try expectEqual(try f.store.entry(namespace: ns, key: "k")?.expiresAt, f.expiry(ttl: 10), "new window")
            try f.store.put(namespace: ns, key: "c", value: .counter(3), ttl: 10)
            f.clock.advance(by: 10)
            try expectEqual(try f.store.addToStringSet(namespace: ns, key: "c", members: ["x"], ttl: 10), ["x"], "add over an expired counter")
        },

        StoreContractCase("a remove from an expired entry finds nothing") { f in
            let ns = f.namespace()
            _ = try f.store.addToStringSet(namespace: ns, key: "k", members: ["a", "b"], ttl: 10)
            try f.store.put(namespace: ns, key: "c", value: .counter(3), ttl: 10)
            f.clock.advance(by: 10)
            try expectEqual(try f.store.removeFromStringSet(namespace: ns, key: "k", members: ["a"]), [], "remove after expiry")
            try expectEqual(try f.store.removeFromStringSet(namespace: ns, key: "c", members: ["a"]), [], "remove from an expired counter")
            try expectEqual(try f.store.get(namespace: ns, key: "k"), nil, "get after a remove from an expired set")
        },
    ]
}
