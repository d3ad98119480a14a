import CacheCore

/// `addToStringSet` and `removeFromStringSet` (DESIGN §3.1, `add_to_string_set`,
/// `remove_from_string_set`).
extension StoreContract {
    static let setCases: [StoreContractCase] = [
        StoreContractCase("add creates a set and returns the whole set") { f in
            let ns = f.namespace()
            try expectEqual(try f.store.addToStringSet(namespace: ns, key: "k", members: ["a"], ttl: f.ttl), ["a"], "first add")
            try expectEqual(try f.store.addToStringSet(namespace: ns, key: "k", members: ["b", "a", "c"], ttl: f.ttl),
                            ["a", "b", "c"], "second add")
            try expectEqual(
                try f.store.entry(namespace: ns, key: "k"),
                CacheEntry(key: "k", value: .stringSet(["a", "b", "c"]), expiresAt: f.expiry()), "entry after adds")
        },

        StoreContractCase("add continues an assigned set") { f in
            let ns = f.namespace()
            try f.store.put(namespace: ns, key: "k", value: .stringSet(["x"]), ttl: f.ttl)
            try expectEqual(try f.store.addToStringSet(namespace: ns, key: "k", members: ["y"], ttl: f.ttl), ["x", "y"], "add after put")
        },

        StoreContractCase("add with no members returns the current set and changes nothing") { f in
            let ns = f.namespace()
            try expectEqual(try f.store.addToStringSet(namespace: ns, key: "missing", members: [], ttl: f.ttl), [], "empty add on a missing key")
            try expectEqual(try f.store.entry(namespace: ns, key: "missing"), nil, "a missing key after an empty add")
            try f.store.put(namespace: ns, key: "k", value: .stringSet(["a", "b"]), ttl: f.ttl)
            let before = try f.store.entry(namespace: ns, key: "k")
            f.clock.advance(by: 10)
            try expectEqual(try f.store.addToStringSet(namespace: ns, key: "k", members: [], ttl: 5), ["a", "b"], "empty add on a set")
            try expectEqual(try f.store.entry(namespace: ns, key: "k"), before, "entry after an empty add")
        },

        StoreContractCase("add to another kind is refused, value unchanged") { f in
            let ns = f.namespace()
            let others: [(String, CacheValue)] = [("counter", .counter(1)), ("string", .string("a")), ("bool", .bool(false))]
            for (key, value) in others {
                try f.store.put(namespace: ns, key: key, value: value, ttl: f.ttl)
                let refusal = CacheError.wrongKind(key: key, expected: .stringSet, found: value.kind)
                try f.expectRefusedUnchanged(refusal, "add to a \(value.kind)", namespace: ns, key: key) {
                    _ = try f.store.addToStringSet(namespace: ns, key: key, members: ["a"], ttl: f.ttl)
                }
                try f.expectRefusedUnchanged(refusal, "empty add to a \(value.kind)", namespace: ns, key: key) {
                    _ = try f.store.addToStringSet(namespace: ns, key: key, members: [], ttl: f.ttl)
                }
                try f.expectRefusedUnchanged(refusal, "remove from a \(value.kind)", namespace: ns, key: key) {
                    _ = try f.store.removeFromStringSet(namespace: ns, key: key, members: ["a"])
                }
            }
        },

        StoreContractCase("the empty string is refused as a member, value unchanged") { f in
            let ns = f.namespace()
            try f.store.put(namespace: ns, key: "k", value: .stringSet(["a"]), ttl: f.ttl)
            try f.expectRefusedUnchanged(.invalidMember(""), "add of the empty string", namespace: ns, key: "k") {
                _ = try f.store.addToStringSet(namespace: ns, key: "k", members: ["b", ""], ttl: f.ttl)
            }
            try f.expectRefusedUnchanged(.invalidMember(""), "put of a set with the empty string", namespace: ns, key: "k") {
                try f.store.put(namespace: ns, key: "k", value: .stringSet([""]), ttl: f.ttl)
            }
            try f.expectRefusedUnchanged(.invalidMember(""), "add of the empty string to a new key", namespace: ns, key: "new") {
                _ = try f.store.addToStringSet(namespace: ns, key: "new", members: [""], ttl: f.ttl)
            }
        },

        StoreContractCase("remove returns the rest; removing the last member deletes the key") { f in
            let ns = f.namespace()
            try f.store.put(namespace: ns, key: "k", value: .stringSet(["a", "b", "c"]), ttl: f.ttl)
            try expectEqual(try f.store.removeFromStringSet(namespace: ns, key: "k", members: ["a", "zzz"]), ["b", "c"], "first remove")
            try expectEqual(try f.store.removeFromStringSet(namespace: ns, key: "k", members: []), ["b", "c"], "remove of nothing")
            try expectEqual(try f.store.removeFromStringSet(namespace: ns, key: "k", members: ["not there"]), ["b", "c"], "remove of a non-member")
            try expectEqual(try f.store.get(namespace: ns, key: "k"), .stringSet(["b", "c"]), "set after removes")
            try expectEqual(try f.store.removeFromStringSet(namespace: ns, key: "k", members: ["b", "c"]), [], "remove of the rest")
            try expectEqual(try f.store.entry(namespace: ns, key: "k"), nil, "entry after removing every member")
            try expectEqual(try f.store.entries(namespace: ns), [], "entries after removing every member")
        },

        StoreContractCase("remove from a missing key returns the empty set") { f in
            let ns = f.namespace()
            try expectEqual(try f.store.removeFromStringSet(namespace: ns, key: "missing", members: ["a"]), [], "remove from a missing key")
            try expectEqual(try f.store.entry(namespace: ns, key: "missing"), nil, "a missing key after remove")
        },

        StoreContractCase("a set growing past the size limit is refused, value unchanged") { f in
            let ns = f.namespace()
            let half = String(repeating: "x", count: CacheLimits.maxValueBytes / 2)
            try f.store.put(namespace: ns, key: "k", value: .stringSet([half]), ttl: f.ttl)
            let other = String(repeating: "y", count: CacheLimits.maxValueBytes / 2)
            try expectEqual(try f.store.addToStringSet(namespace: ns, key: "k", members: [other], ttl: f.ttl),
                            [half, other], "add up to exactly the limit")
            let refusal = CacheError.valueTooLarge(key: "k", bytes: CacheLimits.maxValueBytes + 1)
            try f.expectRefusedUnchanged(refusal, "add one byte past the limit", namespace: ns, key: "k") {
                _ = try f.store.addToStringSet(namespace: ns, key: "k", members: ["z"], ttl: f.ttl)
            }
        },
    ]
}
