import CacheCore

/// `tally`: a counter that counts each member once per window, which the engine's shared
/// alerting uses so that a match seen again (a retried object) is never counted twice.
extension StoreContract {
    static let tallyCases: [StoreContractCase] = [
        StoreContractCase("tally counts each member once and reads as a counter") { f in
            let ns = f.namespace()
            try expectEqual(try f.store.tally(namespace: ns, key: "alert", member: "row-1", ttl: f.ttl),
                            Tally(added: true, count: 1), "first member")
            let expiry = f.expiry()
            f.clock.advance(by: 10)
            try expectEqual(try f.store.tally(namespace: ns, key: "alert", member: "row-2", ttl: f.ttl),
                            Tally(added: true, count: 2), "second member")
            try expectEqual(try f.store.tally(namespace: ns, key: "alert", member: "row-1", ttl: f.ttl),
                            Tally(added: false, count: 2), "first member again")
            try expectEqual(try f.store.entry(namespace: ns, key: "alert"),
                            CacheEntry(key: "alert", value: .counter(2), expiresAt: expiry),
                            "a counter whose window the first member opened")
            try expectEqual(try f.store.tally(namespace: ns, key: "other", member: "row-1", ttl: f.ttl),
                            Tally(added: true, count: 1), "the same member in another tally")
        },

        StoreContractCase("tally starts afresh after its window, forgetting its members") { f in
            let ns = f.namespace()
            _ = try f.store.tally(namespace: ns, key: "alert", member: "a", ttl: 60)
            _ = try f.store.tally(namespace: ns, key: "alert", member: "b", ttl: 60)
            f.clock.advance(by: 60)
            try expectEqual(try f.store.tally(namespace: ns, key: "alert", member: "a", ttl: 60),
                            Tally(added: true, count: 1), "a member of the expired window")
            try expectEqual(try f.store.tally(namespace: ns, key: "alert", member: "a", ttl: 60),
                            Tally(added: false, count: 1), "the member again in the new window")
        },

        StoreContractCase("tally on a value of another kind is refused, value unchanged") { f in
            let ns = f.namespace()
            try f.store.put(namespace: ns, key: "k", value: .string("text"), ttl: f.ttl)
            try f.expectRefusedUnchanged(.wrongKind(key: "k", expected: .counter, found: .string),
                                         "tally on a string", namespace: ns, key: "k") {
                _ = try f.store.tally(namespace: ns, key: "k", member: "m", ttl: f.ttl)
            }
        },

        StoreContractCase("tally continues a counter, and increments continue a tally") { f in
            let ns = f.namespace()
            _ = try f.store.increment(namespace: ns, key: "k", by: 5, ttl: f.ttl)
            try expectEqual(try f.store.tally(namespace: ns, key: "k", member: "m", ttl: f.ttl),
                            Tally(added: true, count: 6), "tally after increments")
            try expectEqual(try f.store.increment(namespace: ns, key: "k", by: 1, ttl: f.ttl), 7, "increment after tally")
            try expectEqual(try f.store.tally(namespace: ns, key: "k", member: "m", ttl: f.ttl),
                            Tally(added: false, count: 7), "the counted member after an increment")
        },

        StoreContractCase("tally members are checked: empty or longer than a key is refused") { f in
            let ns = f.namespace()
            try f.expectRefusedUnchanged(.invalidMember("a tally member must not be empty"),
                                         "empty member", namespace: ns, key: "k") {
                _ = try f.store.tally(namespace: ns, key: "k", member: "", ttl: f.ttl)
            }
            let long = String(repeating: "m", count: CacheLimits.maxKeyBytes + 1)
            try f.expectRefusedUnchanged(
                .invalidMember("a tally member is \(long.utf8.count) UTF-8 bytes; the limit is \(CacheLimits.maxKeyBytes)"),
                "long member", namespace: ns, key: "k") {
                _ = try f.store.tally(namespace: ns, key: "k", member: long, ttl: f.ttl)
            }
            try expectEqual(try f.store.namespaces().contains(ns), false, "nothing stored by refused tallies")
        },

        StoreContractCase("a tally's members never show as entries or namespaces") { f in
            let ns = f.namespace()
            _ = try f.store.tally(namespace: ns, key: "alert", member: "row-1", ttl: f.ttl)
            try expectEqual(try f.store.entries(namespace: ns).map(\.key), ["alert"], "entries of the namespace")
            try expectEqual(try f.store.namespaces().filter { $0.hasPrefix(ns) }, [ns], "namespaces")
        },
    ]
}
