import CacheCore

/// `entries`, `namespaces` and `clear`: what `len(c)`, `iter(c)`, `c.items()` and the `cache`
/// command see.
extension StoreContract {
    static let listingCases: [StoreContractCase] = [
        StoreContractCase("entries are the live entries of a namespace, sorted by key") { f in
            let ns = f.namespace()
            try f.store.put(namespace: f.namespace("other"), key: "elsewhere", value: .bool(true), ttl: f.ttl)
            let written: [(String, CacheValue, Int64)] = [
                ("b", .counter(2), 50), ("a9", .string("nine"), 60), ("B", .bool(false), 70),
                ("a10", .stringSet(["x", "y"]), 80), ("ä", .counter(-1), 90),
            ]
            for (key, value, ttl) in written {
                try f.store.put(namespace: ns, key: key, value: value, ttl: ttl)
            }
            let expected = written
                .map { CacheEntry(key: $0.0, value: $0.1, expiresAt: f.expiry(ttl: $0.2)) }
                .sorted { $0.key < $1.key }
            try expectEqual(try f.store.entries(namespace: ns), expected, "entries")
            try expectEqual(try f.store.entries(namespace: f.namespace("empty")), [], "entries of an unused namespace")
        },

        StoreContractCase("namespaces lists those with live entries, sorted") { f in
            let names = ["b", "a", "c", "emptied"].map { f.namespace($0) }
            for name in names {
                try f.store.put(namespace: name, key: "k", value: .counter(1), ttl: f.ttl)
            }
            try f.store.delete(namespace: names[3], key: "k")
            let listed = try f.store.namespaces()
            try expectEqual(listed, listed.sorted(), "namespaces() order")
            try expectEqual(listed.filter { names.contains($0) }, names.dropLast().sorted(), "this case's namespaces")
        },

        StoreContractCase("clear of a namespace removes it alone") { f in
            let (a, b) = (f.namespace("a"), f.namespace("b"))
            for key in ["k1", "k2"] {
                try f.store.put(namespace: a, key: key, value: .string(key), ttl: f.ttl)
                _ = try f.store.increment(namespace: b, key: key, by: 1, ttl: f.ttl)
            }
            try f.store.clear(namespace: a)
            try expectEqual(try f.store.entries(namespace: a), [], "entries of the cleared namespace")
            try expectEqual(try f.store.entries(namespace: b).map(\.key), ["k1", "k2"], "entries of the other namespace")
            try expect(try !f.store.namespaces().contains(a), "namespaces() lists the cleared namespace")
            // The namespace is usable again afterwards, starting from nothing.
            try expectEqual(try f.store.increment(namespace: a, key: "k1", by: 1, ttl: f.ttl), 1, "increment after clear")
            try f.store.clear(namespace: f.namespace("never used"))
        },

        StoreContractCase("clear of every namespace empties the store", touchesWholeStore: true) { f in
            let (a, b) = (f.namespace("a"), f.namespace("b"))
            try f.store.put(namespace: a, key: "k", value: .string("v"), ttl: f.ttl)
            _ = try f.store.addToStringSet(namespace: b, key: "k", members: ["m"], ttl: f.ttl)
            try f.store.clear(namespace: nil)
            try expectEqual(try f.store.namespaces(), [], "namespaces after clearing everything")
            try expectEqual(try f.store.get(namespace: a, key: "k"), nil, "a's entry after clearing everything")
            try expectEqual(try f.store.get(namespace: b, key: "k"), nil, "b's entry after clearing everything")
            try expectEqual(try f.store.addToStringSet(namespace: b, key: "k", members: ["n"], ttl: f.ttl), ["n"], "add after clear")
        },
    ]
}
