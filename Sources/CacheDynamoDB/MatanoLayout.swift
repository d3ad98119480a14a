import CacheCore

/// The item layout of Matano's remote cache, so that this store and Matano's Python runtime
/// share one table: partition key `pk` (S) = namespace, sort key `sk1` (S) = key, the value in
/// `val` (`N` counter, `S` string, `BOOL`, `SS` string set) and the expiry in `ttl` (N, epoch
/// seconds, the attribute DynamoDB's TTL deletes by).
///
/// DynamoDB deletes expired items up to days late, and a string set emptied by `DELETE` leaves an
/// item without `val`; both are "dead": every read skips them and every write starts them afresh.
enum MatanoLayout {
    static let partitionKey = "pk"
    static let sortKey = "sk1"
    static let value = "val"
    static let expiry = "ttl"

    static func key(namespace: String, key: String) -> Item {
        [partitionKey: .s(namespace), sortKey: .s(key)]
    }

    static func item(namespace: String, key: String, value: CacheValue, expiresAt: Int64) -> Item {
        var item = Self.key(namespace: namespace, key: key)
        item[Self.value] = attribute(for: value)
        item[expiry] = .number(expiresAt)
        return item
    }

    /// The size DynamoDB counts for an item whose value takes `valueBytes`: every attribute's
    /// name plus its value, with `ttl` at its widest (a number takes up to 21 bytes).
    static func itemBytes(namespace: String, key: String, valueBytes: Int) -> Int {
        let names = partitionKey.utf8.count + sortKey.utf8.count + value.utf8.count + expiry.utf8.count
        return names + namespace.utf8.count + key.utf8.count + valueBytes + 21
    }

    /// The attribute Matano's runtime (boto3's TypeSerializer) writes for a value.
    static func attribute(for value: CacheValue) -> AttributeValue {
        switch value {
        case let .counter(count): .number(count)
        case let .string(text): .s(text)
        case let .bool(flag): .bool(flag)
        case let .stringSet(members): .ss(members.sorted())
        }
    }

    /// The value an attribute holds; an attribute of another type, or a number that is not a
    /// 64-bit integer, is reported rather than guessed at.
    static func value(of attribute: AttributeValue, key: String) throws(CacheError) -> CacheValue {
        switch attribute {
        case let .n(text):
            guard let count = Int64(text) else {
                throw .store(code: "UnsupportedValue", message: "'\(key)' holds the number \(text), not a 64-bit integer")
            }
            return .counter(count)
        case let .s(text): return .string(text)
        case let .bool(flag): return .bool(flag)
        case let .ss(members): return .stringSet(Set(members))
        case let .other(type):
            throw .store(code: "UnsupportedValue", message: "'\(key)' holds a DynamoDB \(type) value, which the cache does not use")
        }
    }

    /// The live entry an item holds at `now` (epoch seconds), or nil when the item is dead.
    static func entry(from item: Item, now: Int64) throws(CacheError) -> CacheEntry? {
        guard case let .s(key)? = item[sortKey], let attribute = item[value] else { return nil }
        let expiresAt = self.expiresAt(of: item)
        guard expiresAt > now else { return nil }
        let value = try self.value(of: attribute, key: key)
        if case let .stringSet(members) = value, members.isEmpty { return nil }
        return CacheEntry(key: key, value: value, expiresAt: expiresAt)
    }

    /// The item's `ttl`; an item without one (or with one that is not a number) never expires.
    static func expiresAt(of item: Item) -> Int64 {
        guard case let .n(text)? = item[expiry] else { return .max }
        if let seconds = Int64(text) { return seconds }
        // Written by another tool as a decimal ("1.7E9"): whole seconds, rounded down.
        guard let seconds = Double(text), seconds.isFinite else { return .max }
        return seconds >= 9.2e18 ? .max : Int64(seconds.rounded(.down))
    }
}

/// The condition expressions the store writes with. Placeholders: `#pk`, `#sk`, `#v`, `#t` for the
/// layout's attributes, `:now` for the current epoch second.
enum Conditions {
    /// The item has a `ttl` in the future, or none (as `entry(from:now:)` judges it).
    static let live = "(attribute_not_exists(#t) OR #t > :now)"
    /// The item is missing, has no value, or has expired: a write may start it afresh.
    static let dead = "(attribute_not_exists(#pk) OR attribute_not_exists(#v) OR #t <= :now)"
    /// A live item's value has the type in `:type`.
    static let liveOfType = "(\(live) AND attribute_type(#v, :type))"

    /// Missing, or live with the type in `:type`: where an `ADD` may go straight ahead.
    static let missingOrLiveOfType = "attribute_not_exists(#pk) OR \(liveOfType)"

    /// `ADD` of `operand` to the value; the expiry `:expires` is set only on a new item, so
    /// updates do not extend the window.
    static func add(_ operand: String) -> String {
        "ADD #v \(operand) SET #t = if_not_exists(#t, :expires)"
    }

    /// The placeholders every condition above needs, for the second `now`.
    static func parts(now: Int64, type: String? = nil) -> ExpressionParts {
        var parts = ExpressionParts(
            names: ["#pk": MatanoLayout.partitionKey, "#v": MatanoLayout.value, "#t": MatanoLayout.expiry],
            values: [":now": .number(now)]
        )
        if let type { parts.values[":type"] = .s(type) }
        return parts
    }
}
