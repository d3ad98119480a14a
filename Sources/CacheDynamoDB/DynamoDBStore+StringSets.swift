import CacheCore

/// String sets: `ADD` and `DELETE` on an `SS` attribute. DynamoDB removes the attribute when a
/// `DELETE` empties the set; the store then deletes the item, as the empty set means "no key".
extension DynamoDBStore {
    public func addToStringSet(at address: CacheAddress, members: Set<String>, ttl: Int64) throws(CacheError) -> Set<String> {
        let namespace = address.namespace, key = address.key
        guard !members.isEmpty else { return try currentSet(namespace: namespace, key: key) }
        try CacheLimits.check(value: .stringSet(members), key: key)

        return try updateStartingAfresh(
            namespace: namespace,
            key: key,
            ttl: ttl,
            kind: .stringSet,
            afresh: (.stringSet(members), members),
            attempt: { now, expiresAt throws(CacheError) in
                var parts = Conditions.parts(now: now, type: "SS")
                parts.values[":members"] = MatanoLayout.attribute(for: .stringSet(members))
                parts.values[":expires"] = .number(expiresAt)
                let updated: Item?
                do throws(CacheError) {
                    updated = try updateItem(
                        namespace: namespace, key: key, update: Conditions.add(":members"),
                        condition: Conditions.missingOrLiveOfType, parts: parts, returnValues: "UPDATED_NEW"
                    )
                } catch let error where error.isItemTooLarge {
                    let current = (try? currentSet(namespace: namespace, key: key)) ?? []
                    throw tooLarge(namespace: namespace, key: key, value: .stringSet(current.union(members)))
                }
                return try updated.map { item throws(CacheError) in try Self.members(in: item, key: key) }
            }
        )
    }

    public func removeFromStringSet(at address: CacheAddress, members: Set<String>) throws(CacheError) -> Set<String> {
        let namespace = address.namespace, key = address.key
        // DynamoDB refuses an empty set operand, and removing nothing changes nothing.
        guard !members.isEmpty else { return try currentSet(namespace: namespace, key: key) }

        let condition = Conditions.liveOfType
        for _ in 0..<Self.maxRounds {
            let now = nowSeconds
            var parts = Conditions.parts(now: now, type: "SS")
            parts.values[":members"] = MatanoLayout.attribute(for: .stringSet(members))
            if let updated = try updateItem(
                namespace: namespace, key: key, update: "DELETE #v :members", condition: condition, parts: parts,
                returnValues: "ALL_NEW"
            ) {
                let remaining = try Self.members(in: updated, key: key)
                if remaining.isEmpty {
                    // Only if still empty: a concurrent add may have refilled it meanwhile.
                    try deleteItem(namespace: namespace, key: key, condition: "attribute_not_exists(#v)", parts: parts)
                }
                return remaining
            }
            // The condition failed: a missing or dead item has nothing to remove; a live item of
            // another kind is an error; a live set means a concurrent change, so go round.
            let item = try readItem(namespace: namespace, key: key, consistent: true)
            guard let live = try item.flatMap({ item throws(CacheError) in try MatanoLayout.entry(from: item, now: now) }) else {
                return []
            }
            guard live.value.kind == .stringSet else {
                throw .wrongKind(key: key, expected: .stringSet, found: live.value.kind)
            }
        }
        throw conflict(namespace: namespace, key: key)
    }

    /// The live set at `key` (empty when missing or dead); another kind is a `wrongKind` error.
    private func currentSet(namespace: String, key: String) throws(CacheError) -> Set<String> {
        guard case let .stringSet(current)? = try liveEntry(namespace: namespace, key: key, of: .stringSet)?.value else {
            return []
        }
        return current
    }

    /// The set an update returned; none (the attribute was removed) is the empty set.
    private static func members(in item: Item, key: String) throws(CacheError) -> Set<String> {
        switch item[MatanoLayout.value] {
        case nil: return []
        case let .ss(members)?: return Set(members)
        case let other?:
            throw .store(code: "UnexpectedResponse", message: "UpdateItem returned a \(other.typeName) for the set '\(key)'")
        }
    }
}
