import AWSCore
import CacheCore
import Foundation
import Crypto

/// `tally` on DynamoDB: the counter is an ordinary item of Matano's layout, and each member
/// counted gets a marker item of its own, stamped with the expiry of the counter's window.
/// Raising the count and writing the marker are one `TransactWriteItems`, so a member is never
/// counted twice (its marker's condition fails) and never marked without being counted.
///
/// Markers live under the partition `<namespace>␟tally` with a hash of key and member as sort
/// key (DynamoDB's sort keys stop at 1,024 bytes), and without a `val`: listings skip them, and
/// the table's TTL deletes them with the counter's window.
extension DynamoDBStore {
    public func tally(at address: CacheAddress, member: String, ttl: Int64) throws(CacheError) -> Tally {
        let namespace = address.namespace, key = address.key
        let markerKey = Self.markerKey(namespace: namespace, key: key, member: member)
        for _ in 0..<Self.maxRounds {
            let now = nowSeconds
            let item = try readItem(namespace: namespace, key: key, consistent: true)
            let live = try item.flatMap { item throws(CacheError) in try MatanoLayout.entry(from: item, now: now) }
            var count: Int64 = 0
            let expiresAt: Int64
            var counterWrite = TransactWriteItemsInput.Write()
            var parts = Conditions.parts(now: now, type: "N")
            if let live {
                guard case let .counter(current) = live.value else {
                    throw .wrongKind(key: key, expected: .counter, found: live.value.kind)
                }
                if current == .max { throw .overflow(key: key) }
                count = current
                expiresAt = live.expiresAt
                // The same window and the count this round read: any other writer in between
                // makes the transaction fail, and the round starts again.
                parts.values[":count"] = .number(current)
                parts.values[":one"] = .number(1)
                parts.values[":window"] = .number(expiresAt)
                let update = "ADD #v :one"
                // (An item another tool wrote without a `ttl` never expires: its window has no end.)
                let condition = expiresAt == .max ? "#v = :count AND attribute_not_exists(#t)" : "#v = :count AND #t = :window"
                let used = parts.used(in: update, condition)
                counterWrite.Update = UpdateItemInput(
                    TableName: configuration.table, Key: MatanoLayout.key(namespace: namespace, key: key),
                    UpdateExpression: update, ConditionExpression: condition,
                    ExpressionAttributeNames: used.namesIfAny, ExpressionAttributeValues: used.valuesIfAny)
            } else {
                expiresAt = CacheLimits.expiry(now: clock.now(), ttl: ttl)
                let used = parts.used(in: Conditions.dead)
                counterWrite.Put = PutItemInput(
                    TableName: configuration.table,
                    Item: MatanoLayout.item(namespace: namespace, key: key, value: .counter(1), expiresAt: expiresAt),
                    ConditionExpression: Conditions.dead,
                    ExpressionAttributeNames: used.namesIfAny, ExpressionAttributeValues: used.valuesIfAny)
            }
            // Not counted in this window: no marker, or one left from an earlier window.
            let markerCondition = "attribute_not_exists(#pk) OR #t <> :window"
            var markerParts = Conditions.parts(now: now)
            markerParts.values[":window"] = .number(expiresAt)
            let markerUsed = markerParts.used(in: markerCondition)
            var marker = markerKey
            marker[MatanoLayout.expiry] = .number(expiresAt)
            let markerWrite = TransactWriteItemsInput.Write(Put: PutItemInput(
                TableName: configuration.table, Item: marker, ConditionExpression: markerCondition,
                ExpressionAttributeNames: markerUsed.namesIfAny, ExpressionAttributeValues: markerUsed.valuesIfAny))
            do throws(CacheError) {
                // Retried after a lost answer under the same token, the transaction is applied
                // once; a server that ignores tokens cancels the repeat on the marker's
                // condition, and the member reads as counted: never counted twice either way.
                let request = TransactWriteItemsInput(TransactItems: [counterWrite, markerWrite],
                                                      ClientRequestToken: UUID().uuidString)
                _ = try client.send(.transactWriteItems, request,
                                    as: IgnoredOutput.self)
                return Tally(added: true, count: count + 1)
            } catch let .store(code, _) where code == "TransactionCanceledException" {
                // Either the counter changed under this round, or the member is counted already.
                if live != nil, try isMarked(markerKey, window: expiresAt) { return Tally(added: false, count: count) }
            }
        }
        throw conflict(namespace: namespace, key: key)
    }

    /// Whether the marker exists stamped with the window ending at `window`.
    private func isMarked(_ markerKey: Item, window: Int64) throws(CacheError) -> Bool {
        let input = GetItemInput(TableName: configuration.table, Key: markerKey, ConsistentRead: true)
        guard let item = try client.send(.getItem, input, as: ItemOutput.self).Item else { return false }
        return item[MatanoLayout.expiry] == .number(window)
    }

    /// The key of the marker for `member` of the tally at `key` in `namespace`.
    static func markerKey(namespace: String, key: String, member: String) -> Item {
        var hash = SHA256()
        hash.update(data: Array(key.utf8))
        hash.update(data: [0])
        hash.update(data: Array(member.utf8))
        return MatanoLayout.key(namespace: namespace + "\u{1F}tally", key: SigV4Signer.hex(hash.finalize()))
    }
}
