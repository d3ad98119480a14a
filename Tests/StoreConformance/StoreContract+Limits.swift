import CacheCore

/// The limits of DESIGN §3.1, the same on every store: key and namespace 1...1024 UTF-8 bytes,
/// ttl > 0, one value ≤ 400 KB.
extension StoreContract {
    static let limitCases: [StoreContractCase] = [
        StoreContractCase("keys of 1 to 1024 UTF-8 bytes are accepted, others refused") { f in
            let ns = f.namespace()
            // "é" is two bytes: 512 of them are at the limit, 513 one past it.
            let accepted = ["k", String(repeating: "k", count: CacheLimits.maxKeyBytes), String(repeating: "é", count: 512)]
            for key in accepted {
                for (_, operation) in f.keyedOperations { try operation(ns, key) }
            }
            let refused = ["", String(repeating: "k", count: CacheLimits.maxKeyBytes + 1), String(repeating: "é", count: 513)]
            for key in refused {
                for (name, operation) in f.keyedOperations {
                    try expectRefusal(.invalidKey(""), "\(name) with a key of \(key.utf8.count) bytes") { try operation(ns, key) }
                }
            }
            try expectEqual(
                try f.store.entries(namespace: ns).map(\.key),
                accepted.sorted(), "entries after the refused keys")
        },

        StoreContractCase("namespaces of 1 to 1024 UTF-8 bytes are accepted, others refused") { f in
            // The limit is on the namespace as written, so this case builds its own from its token.
            let stem = f.namespace("")
            let atLimit = stem + String(repeating: "n", count: CacheLimits.maxNamespaceBytes - stem.utf8.count)
            for (_, operation) in f.keyedOperations { try operation(atLimit, "k") }
            _ = try f.store.entries(namespace: atLimit)
            try f.store.clear(namespace: atLimit)

            for namespace in ["", atLimit + "n", stem + String(repeating: "é", count: 512)] {
                let what = "a namespace of \(namespace.utf8.count) bytes"
                for (name, operation) in f.keyedOperations {
                    try expectRefusal(.invalidNamespace(""), "\(name) in \(what)") { try operation(namespace, "k") }
                }
                try expectRefusal(.invalidNamespace(""), "entries of \(what)") { _ = try f.store.entries(namespace: namespace) }
                try expectRefusal(.invalidNamespace(""), "clear of \(what)") { try f.store.clear(namespace: namespace) }
            }
        },

        StoreContractCase("ttls of 1 to CacheLimits.maxTTL are accepted, others refused") { f in
            let ns = f.namespace()
            for ttl in [1, CacheLimits.maxTTL] {
                try f.store.put(namespace: ns, key: "put", value: .bool(true), ttl: ttl)
                try expectEqual(try f.store.entry(namespace: ns, key: "put")?.expiresAt, f.expiry(ttl: ttl), "expiry with ttl \(ttl)")
                try f.store.delete(namespace: ns, key: "put")
            }
            try f.store.put(namespace: ns, key: "k", value: .counter(1), ttl: f.ttl)
            try f.store.put(namespace: ns, key: "s", value: .stringSet(["a"]), ttl: f.ttl)
            for ttl in [0, -1, Int64.min, CacheLimits.maxTTL + 1, Int64.max] {
                try f.expectRefusedUnchanged(.invalidTTL(ttl), "put with ttl \(ttl)", namespace: ns, key: "k") {
                    try f.store.put(namespace: ns, key: "k", value: .counter(9), ttl: ttl)
                }
                try f.expectRefusedUnchanged(.invalidTTL(ttl), "increment with ttl \(ttl)", namespace: ns, key: "k") {
                    _ = try f.store.increment(namespace: ns, key: "k", by: 1, ttl: ttl)
                }
                try f.expectRefusedUnchanged(.invalidTTL(ttl), "add with ttl \(ttl)", namespace: ns, key: "s") {
                    _ = try f.store.addToStringSet(namespace: ns, key: "s", members: ["b"], ttl: ttl)
                }
            }
        },

        StoreContractCase("values up to the size limit are accepted, larger ones refused") { f in
            let ns = f.namespace()
            let limit = CacheLimits.maxValueBytes
            let atLimit = String(repeating: "v", count: limit)
            try f.store.put(namespace: ns, key: "string", value: .string(atLimit), ttl: f.ttl)
            try expectEqual(try f.store.get(namespace: ns, key: "string"), .string(atLimit), "a string of exactly the limit")
            // Sizes are UTF-8 bytes: one "é" past the limit by a single byte.
            let pastLimit = String(repeating: "v", count: limit - 1) + "é"
            try f.expectRefusedUnchanged(.valueTooLarge(key: "string", bytes: limit + 1), "a string one byte too large",
                                         namespace: ns, key: "string") {
                try f.store.put(namespace: ns, key: "string", value: .string(pastLimit), ttl: f.ttl)
            }
            let members: Set<String> = [String(repeating: "a", count: limit / 2), String(repeating: "b", count: limit / 2 + 1)]
            try f.expectRefusedUnchanged(.valueTooLarge(key: "set", bytes: limit + 1), "a set one byte too large",
                                         namespace: ns, key: "set") {
                try f.store.put(namespace: ns, key: "set", value: .stringSet(members), ttl: f.ttl)
            }
            try f.expectRefusedUnchanged(.valueTooLarge(key: "set", bytes: limit + 1), "a new set added one byte too large",
                                         namespace: ns, key: "set") {
                _ = try f.store.addToStringSet(namespace: ns, key: "set", members: members, ttl: f.ttl)
            }
        },
    ]
}

extension ContractFixture {
    /// Every operation that takes a namespace and a key, in an order in which each succeeds on
    /// valid input and which leaves the key holding a string (so it can be listed afterwards).
    var keyedOperations: [(String, (String, String) throws -> Void)] {
        let store = store, ttl = ttl
        return [
            ("get", { ns, key in _ = try store.get(namespace: ns, key: key) }),
            ("entry", { ns, key in _ = try store.entry(namespace: ns, key: key) }),
            ("put", { ns, key in try store.put(namespace: ns, key: key, value: .counter(0), ttl: ttl) }),
            ("increment", { ns, key in _ = try store.increment(namespace: ns, key: key, by: 1, ttl: ttl) }),
            ("delete", { ns, key in try store.delete(namespace: ns, key: key) }),
            ("addToStringSet", { ns, key in _ = try store.addToStringSet(namespace: ns, key: key, members: ["m"], ttl: ttl) }),
            ("removeFromStringSet", { ns, key in _ = try store.removeFromStringSet(namespace: ns, key: key, members: ["m"]) }),
            ("put again", { ns, key in try store.put(namespace: ns, key: key, value: .string("v"), ttl: ttl) }),
        ]
    }
}
