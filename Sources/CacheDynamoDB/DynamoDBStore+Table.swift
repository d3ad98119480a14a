import AWSCore
import CacheCore

/// Creating a table with Matano's key schema and TTL attribute, for a cache of one's own.
extension DynamoDBStore {
    /// Creates the configured table (`pk` S hash key, `sk1` S range key, on-demand billing), waits
    /// until it is active, then enables DynamoDB's TTL on `ttl` so expired items are removed.
    /// A table that already exists is a `ResourceInUseException` error.
    public func createTable(waitingUpTo timeout: Duration = .seconds(120)) throws(CacheError) {
        let table = configuration.table
        let input = CreateTableInput(
            TableName: table,
            AttributeDefinitions: [
                .init(AttributeName: MatanoLayout.partitionKey, AttributeType: "S"),
                .init(AttributeName: MatanoLayout.sortKey, AttributeType: "S"),
            ],
            KeySchema: [
                .init(AttributeName: MatanoLayout.partitionKey, KeyType: "HASH"),
                .init(AttributeName: MatanoLayout.sortKey, KeyType: "RANGE"),
            ],
            BillingMode: "PAY_PER_REQUEST"
        )
        _ = try client.send(.createTable, input, as: IgnoredOutput.self)
        try waitUntilActive(timeout: timeout)
        let ttl = UpdateTimeToLiveInput(
            TableName: table,
            TimeToLiveSpecification: .init(AttributeName: MatanoLayout.expiry, Enabled: true)
        )
        _ = try client.send(.updateTimeToLive, ttl, as: IgnoredOutput.self)
    }

    /// The table's status (`ACTIVE`, `CREATING`, …); a missing table is `ResourceNotFoundException`.
    public func tableStatus() throws(CacheError) -> String {
        let output = try client.send(.describeTable, DescribeTableInput(TableName: configuration.table), as: DescribeTableOutput.self)
        return output.Table?.TableStatus ?? "UNKNOWN"
    }

    /// Polls DescribeTable until the table is ACTIVE: TTL cannot be enabled while it is CREATING.
    private func waitUntilActive(timeout: Duration) throws(CacheError) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while try tableStatus() != "ACTIVE" {
            guard clock.now < deadline else {
                throw .store(code: "TableNotActive", message: "table '\(configuration.table)' is not ACTIVE after \(timeout)")
            }
            sleepBlocking(.milliseconds(500))
        }
    }
}

struct CreateTableInput: Encodable {
    struct AttributeDefinition: Encodable {
        var AttributeName: String
        var AttributeType: String
    }

    struct KeySchemaElement: Encodable {
        var AttributeName: String
        var KeyType: String
    }

    var TableName: String
    var AttributeDefinitions: [AttributeDefinition]
    var KeySchema: [KeySchemaElement]
    var BillingMode: String
}

struct DescribeTableInput: Encodable {
    var TableName: String
}

struct DescribeTableOutput: Decodable {
    struct Table: Decodable {
        var TableStatus: String?
    }

    var Table: Table?
}

struct UpdateTimeToLiveInput: Encodable {
    struct Specification: Encodable {
        var AttributeName: String
        var Enabled: Bool
    }

    var TableName: String
    var TimeToLiveSpecification: Specification
}
