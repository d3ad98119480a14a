import AWSCore
import CacheCore

/// The requests the store's operations are made of, one per DynamoDB operation, each on
/// Matano's layout. Conditional writes answer nil when their condition did not hold, so that
/// callers can find out why and try again.
extension DynamoDBStore {
    /// The item at `key`, dead or alive, or nil when there is none.
    func readItem(namespace: String, key: String, consistent: Bool) throws(CacheError) -> Item? {
        let input = GetItemInput(
            TableName: configuration.table,
            Key: MatanoLayout.key(namespace: namespace, key: key),
            ConsistentRead: consistent ? true : nil
        )
        return try client.send(.getItem, input, as: ItemOutput.self).Item
    }

    /// UpdateItem; the attributes asked for by `returnValues`, or nil when `condition` failed.
    func updateItem(
        namespace: String, key: String, update: String, condition: String?, parts: ExpressionParts, returnValues: String
    ) throws(CacheError) -> Item? {
        let used = parts.used(in: update, condition)
        let input = UpdateItemInput(
            TableName: configuration.table,
            Key: MatanoLayout.key(namespace: namespace, key: key),
            UpdateExpression: update,
            ConditionExpression: condition,
            ExpressionAttributeNames: used.namesIfAny,
            ExpressionAttributeValues: used.valuesIfAny,
            ReturnValues: returnValues
        )
        return try unlessConditionFails { () throws(CacheError) in
            try client.send(.updateItem, input, as: AttributesOutput.self).Attributes ?? [:]
        }
    }

    /// PutItem, replacing the whole item; false when `condition` failed.
    func putItem(_ item: Item, condition: String? = nil, parts: ExpressionParts = ExpressionParts()) throws(CacheError) -> Bool {
        let used = parts.used(in: condition)
        let input = PutItemInput(
            TableName: configuration.table,
            Item: item,
            ConditionExpression: condition,
            ExpressionAttributeNames: used.namesIfAny,
            ExpressionAttributeValues: used.valuesIfAny
        )
        return try unlessConditionFails { () throws(CacheError) in
            _ = try client.send(.putItem, input, as: IgnoredOutput.self)
        } != nil
    }

    /// DeleteItem; false when `condition` failed.
    @discardableResult
    func deleteItem(namespace: String, key: String, condition: String? = nil, parts: ExpressionParts = ExpressionParts()) throws(CacheError) -> Bool {
        let used = parts.used(in: condition)
        let input = DeleteItemInput(
            TableName: configuration.table,
            Key: MatanoLayout.key(namespace: namespace, key: key),
            ConditionExpression: condition,
            ExpressionAttributeNames: used.namesIfAny,
            ExpressionAttributeValues: used.valuesIfAny
        )
        return try unlessConditionFails { () throws(CacheError) in
            _ = try client.send(.deleteItem, input, as: IgnoredOutput.self)
        } != nil
    }

    /// Every item of a Query (`input` has a key condition) or a Scan, page after page.
    func forEachItem(_ input: PageInput, _ body: (Item) throws(CacheError) -> Void) throws(CacheError) {
        var page = input
        let operation: Operation = input.KeyConditionExpression == nil ? .scan : .query
        repeat {
            let output = try client.send(operation, page, as: PageOutput.self)
            for item in output.Items ?? [] { try body(item) }
            page.ExclusiveStartKey = output.LastEvaluatedKey
        } while page.ExclusiveStartKey != nil
    }

    /// Deletes `keys` 25 at a time (BatchWriteItem's limit), sending again what DynamoDB leaves
    /// unprocessed, with the retry policy's backoff.
    func deleteItems(_ keys: [Item]) throws(CacheError) {
        var start = keys.startIndex
        while start < keys.endIndex {
            let end = min(start + 25, keys.endIndex)
            var requests = keys[start..<end].map { WriteRequest(DeleteRequest: .init(Key: $0)) }
            var attempt = 0
            while !requests.isEmpty {
                let input = BatchWriteItemInput(RequestItems: [configuration.table: requests])
                let output = try client.send(.batchWriteItem, input, as: BatchWriteItemOutput.self)
                requests = output.UnprocessedItems?[configuration.table] ?? []
                guard !requests.isEmpty else { break }
                attempt += 1
                guard attempt < configuration.retry.maxAttempts else {
                    throw .store(code: "ProvisionedThroughputExceededException", message: "BatchWriteItem left \(requests.count) deletes unprocessed")
                }
                sleepBlocking(configuration.retry.delay(afterAttempt: attempt - 1))
            }
            start = end
        }
    }

    /// The result of `body`, or nil when DynamoDB refused it with ConditionalCheckFailedException.
    private func unlessConditionFails<T>(_ body: () throws(CacheError) -> T) throws(CacheError) -> T? {
        do {
            return try body()
        } catch let .store(code, _) where code == "ConditionalCheckFailedException" {
            return nil
        }
    }
}
