import CacheCore

/// Counters: `ADD` on an `N` attribute, with the 64-bit range enforced by the condition because
/// DynamoDB's numbers (38 digits) would silently go past it.
extension DynamoDBStore {
    public func increment(at address: CacheAddress, by delta: Int64, ttl: Int64) throws(CacheError) -> Int64 {
        let namespace = address.namespace, key = address.key

        // Room for `delta`: the current count must be at most max − delta (adding) or at least
        // min − delta (subtracting); neither bound overflows for a delta of that sign.
        var room = ""
        var limit: AttributeValue?
        if delta > 0 {
            room = " AND #v <= :limit"
            limit = .number(Int64.max - delta)
        } else if delta < 0 {
            room = " AND #v >= :limit"
            limit = .number(Int64.min - delta)
        }
        // DynamoDB refuses redundant parentheses, so `room` is added only inside its own pair.
        let condition = room.isEmpty
            ? Conditions.missingOrLiveOfType
            : "attribute_not_exists(#pk) OR (\(Conditions.liveOfType)\(room))"

        return try updateStartingAfresh(
            namespace: namespace,
            key: key,
            ttl: ttl,
            kind: .counter,
            afresh: (.counter(delta), delta),
            checkLive: { live throws(CacheError) in
                if case let .counter(count) = live.value, count.addingReportingOverflow(delta).overflow {
                    throw .overflow(key: key)
                }
            },
            attempt: { now, expiresAt throws(CacheError) in
                var parts = Conditions.parts(now: now, type: "N")
                parts.values[":delta"] = .number(delta)
                parts.values[":expires"] = .number(expiresAt)
                parts.values[":limit"] = limit
                let updated = try updateItem(
                    namespace: namespace, key: key, update: Conditions.add(":delta"), condition: condition, parts: parts,
                    returnValues: "UPDATED_NEW"
                )
                guard let updated else { return nil }
                guard case let .n(text)? = updated[MatanoLayout.value], let count = Int64(text) else {
                    throw .store(code: "UnexpectedResponse", message: "UpdateItem did not return the new count of '\(key)'")
                }
                return count
            }
        )
    }
}
