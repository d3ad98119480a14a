import CacheCore

/// `put`, `get`, `entry` and `delete`: plain assignment of each kind (DESIGN §3.1, `c[key] = v`).
extension StoreContract {
    static let valueCases: [StoreContractCase] = [
        StoreContractCase("put and get each kind") { f in
            let ns = f.namespace()
            let values: [(String, CacheValue)] = [
                ("counter", .counter(42)), ("negative", .counter(-7)),
                ("max", .counter(.max)), ("min", .counter(.min)),
                ("string", .string("héllo ✓ 🌍")), ("empty string", .string("")),
                ("true", .bool(true)), ("false", .bool(false)),
                ("set", .stringSet(["a", "b", "ü"])),
            ]
            for (key, value) in values {
                try f.store.put(namespace: ns, key: key, value: value, ttl: f.ttl)
            }
            for (key, value) in values {
                try expectEqual(try f.store.get(namespace: ns, key: key), value, "get(\(key))")
                try expectEqual(
                    try f.store.entry(namespace: ns, key: key),
                    CacheEntry(key: key, value: value, expiresAt: f.expiry()), "entry(\(key))")
            }
        },

        StoreContractCase("keys are told apart by their bytes, not by Unicode equivalence") { f in
            // As in a Python dict: "é" as one code point and as "e" plus a combining accent are
            // two keys.
            let ns = f.namespace()
            try f.store.put(namespace: ns, key: "caf\u{E9}", value: .counter(1), ttl: f.ttl)
            try f.store.put(namespace: ns, key: "cafe\u{301}", value: .counter(2), ttl: f.ttl)
            try expectEqual(try f.store.get(namespace: ns, key: "caf\u{E9}"), .counter(1), "get(precomposed)")
            try expectEqual(try f.store.get(namespace: ns, key: "cafe\u{301}"), .counter(2), "get(decomposed)")
            try expectEqual(try f.store.entries(namespace: ns).count, 2, "entries")
        },

        StoreContractCase("missing key reads as nil") { f in
            let ns = f.namespace()
            try expectEqual(try f.store.get(namespace: ns, key: "nobody"), nil, "get of a missing key")
            try expectEqual(try f.store.entry(namespace: ns, key: "nobody"), nil, "entry of a missing key")
        },

        StoreContractCase("put replaces any kind") { f in
            let ns = f.namespace()
            let sequence: [CacheValue] = [.counter(1), .string("x"), .stringSet(["m"]), .bool(false), .counter(2)]
            for value in sequence {
                try f.store.put(namespace: ns, key: "k", value: value, ttl: f.ttl)
                try expectEqual(try f.store.get(namespace: ns, key: "k"), value, "get after put(\(value))")
            }
        },

        StoreContractCase("put of an empty set deletes the key") { f in
            let ns = f.namespace()
            try f.store.put(namespace: ns, key: "k", value: .stringSet(["a"]), ttl: f.ttl)
            try f.store.put(namespace: ns, key: "k", value: .stringSet([]), ttl: f.ttl)
            try expectEqual(try f.store.get(namespace: ns, key: "k"), nil, "get after putting an empty set")
            try expectEqual(try f.store.entries(namespace: ns), [], "entries after putting an empty set")
            // On a missing key it is a no-op, and on another kind it deletes too.
            try f.store.put(namespace: ns, key: "never", value: .stringSet([]), ttl: f.ttl)
            try expectEqual(try f.store.get(namespace: ns, key: "never"), nil, "get after an empty set on a missing key")
            try f.store.put(namespace: ns, key: "c", value: .counter(3), ttl: f.ttl)
            try f.store.put(namespace: ns, key: "c", value: .stringSet([]), ttl: f.ttl)
            try expectEqual(try f.store.get(namespace: ns, key: "c"), nil, "get after an empty set replaced a counter")
        },

        StoreContractCase("delete removes, and a missing key is not an error") { f in
            let ns = f.namespace()
            try f.store.put(namespace: ns, key: "k", value: .string("v"), ttl: f.ttl)
            try f.store.put(namespace: ns, key: "other", value: .string("w"), ttl: f.ttl)
            try f.store.delete(namespace: ns, key: "k")
            try expectEqual(try f.store.get(namespace: ns, key: "k"), nil, "get after delete")
            try expectEqual(try f.store.get(namespace: ns, key: "other"), .string("w"), "the other key after delete")
            try f.store.delete(namespace: ns, key: "k")
            try f.store.delete(namespace: f.namespace("never used"), key: "k")
        },

        StoreContractCase("namespaces are isolated") { f in
            let (a, b) = (f.namespace("a"), f.namespace("b"))
            try f.store.put(namespace: a, key: "k", value: .string("in a"), ttl: f.ttl)
            try expectEqual(try f.store.get(namespace: b, key: "k"), nil, "b before any write")
            try f.store.put(namespace: b, key: "k", value: .counter(1), ttl: f.ttl)
            // A counter in b does not make a's string a wrong kind, nor the other way round.
            try expectEqual(try f.store.increment(namespace: b, key: "k", by: 1, ttl: f.ttl), 2, "increment in b")
            try expectEqual(try f.store.addToStringSet(namespace: a, key: "s", members: ["x"], ttl: f.ttl), ["x"], "add in a")
            try expectEqual(try f.store.get(namespace: b, key: "s"), nil, "a's set seen from b")
            try f.store.delete(namespace: b, key: "k")
            try expectEqual(try f.store.get(namespace: a, key: "k"), .string("in a"), "a after deleting in b")
            try f.store.clear(namespace: a)
            try f.store.put(namespace: b, key: "k", value: .bool(true), ttl: f.ttl)
            try f.store.clear(namespace: a)
            try expectEqual(try f.store.get(namespace: b, key: "k"), .bool(true), "b after clearing a")
        },
    ]
}
