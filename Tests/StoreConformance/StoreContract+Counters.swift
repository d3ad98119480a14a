import CacheCore

/// `increment`: `increment_counter` and `decrement_counter` (DESIGN §3.1).
extension StoreContract {
    static let counterCases: [StoreContractCase] = [
        StoreContractCase("increment of a missing key starts from zero") { f in
            let ns = f.namespace()
            try expectEqual(try f.store.increment(namespace: ns, key: "k", by: 1, ttl: f.ttl), 1, "first increment")
            try expectEqual(try f.store.increment(namespace: ns, key: "k", by: 5, ttl: f.ttl), 6, "second increment")
            try expectEqual(try f.store.increment(namespace: ns, key: "k", by: -10, ttl: f.ttl), -4, "decrement")
            try expectEqual(
                try f.store.entry(namespace: ns, key: "k"),
                CacheEntry(key: "k", value: .counter(-4), expiresAt: f.expiry()), "entry after increments")
            try expectEqual(try f.store.increment(namespace: ns, key: "down", by: -3, ttl: f.ttl), -3, "decrement of a missing key")
            // An increment by zero still creates the counter, as `increment_counter(k, 0)` does.
            try expectEqual(try f.store.increment(namespace: ns, key: "zero", by: 0, ttl: f.ttl), 0, "increment by 0")
            try expectEqual(try f.store.get(namespace: ns, key: "zero"), .counter(0), "counter created by 0")
        },

        StoreContractCase("increment continues an assigned counter") { f in
            let ns = f.namespace()
            try f.store.put(namespace: ns, key: "k", value: .counter(100), ttl: f.ttl)
            try expectEqual(try f.store.increment(namespace: ns, key: "k", by: 1, ttl: f.ttl), 101, "increment after put")
        },

        StoreContractCase("increment past Int64.max is refused, value unchanged") { f in
            let ns = f.namespace()
            try f.store.put(namespace: ns, key: "k", value: .counter(.max - 1), ttl: f.ttl)
            try expectEqual(try f.store.increment(namespace: ns, key: "k", by: 1, ttl: f.ttl), .max, "increment to max")
            try f.expectRefusedUnchanged(.overflow(key: "k"), "increment past max", namespace: ns, key: "k") {
                _ = try f.store.increment(namespace: ns, key: "k", by: 1, ttl: f.ttl)
            }
            try f.expectRefusedUnchanged(.overflow(key: "k"), "large increment past max", namespace: ns, key: "k") {
                _ = try f.store.increment(namespace: ns, key: "k", by: .max, ttl: f.ttl)
            }
            try expectEqual(try f.store.get(namespace: ns, key: "k"), .counter(.max), "value after overflow")
        },

        StoreContractCase("decrement past Int64.min is refused, value unchanged") { f in
            let ns = f.namespace()
            try f.store.put(namespace: ns, key: "k", value: .counter(.min + 1), ttl: f.ttl)
            try expectEqual(try f.store.increment(namespace: ns, key: "k", by: -1, ttl: f.ttl), .min, "decrement to min")
            try f.expectRefusedUnchanged(.overflow(key: "k"), "decrement past min", namespace: ns, key: "k") {
                _ = try f.store.increment(namespace: ns, key: "k", by: -1, ttl: f.ttl)
            }
            try f.expectRefusedUnchanged(.overflow(key: "k"), "decrement by min past min", namespace: ns, key: "k") {
                _ = try f.store.increment(namespace: ns, key: "k", by: .min, ttl: f.ttl)
            }
            try expectEqual(try f.store.get(namespace: ns, key: "k"), .counter(.min), "value after overflow")
        },

        StoreContractCase("increment of another kind is refused, value unchanged") { f in
            let ns = f.namespace()
            let others: [(String, CacheValue)] = [
                ("string", .string("7")), ("bool", .bool(true)), ("set", .stringSet(["1"])),
            ]
            for (key, value) in others {
                try f.store.put(namespace: ns, key: key, value: value, ttl: f.ttl)
                let refusal = CacheError.wrongKind(key: key, expected: .counter, found: value.kind)
                try f.expectRefusedUnchanged(refusal, "increment of a \(value.kind)", namespace: ns, key: key) {
                    _ = try f.store.increment(namespace: ns, key: key, by: 1, ttl: f.ttl)
                }
            }
        },
    ]
}
