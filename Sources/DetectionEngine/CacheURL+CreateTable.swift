import CacheDynamoDB

extension CacheURL {
    /// Creates the DynamoDB table a `dynamodb:TABLE` URL names, with Matano's key schema (`pk`,
    /// `sk1`), on-demand billing and TTL on `ttl`, and returns the table's name. Other URLs have
    /// no table to create.
    public func createTable() throws -> String {
        guard case let .dynamoDB(table, options) = location else {
            throw CacheURLError.cannotOpen(description, "only a dynamodb:TABLE cache has a table to create")
        }
        do {
            try DynamoDBStore(table: table, endpoint: options["endpoint"], region: options["region"]).createTable()
        } catch {
            throw CacheURLError.cannotOpen(description, error.description)
        }
        return table
    }
}
