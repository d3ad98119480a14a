import AWSCore
import CacheCore
@testable import CacheDynamoDB
import Foundation
import MotoSupport

extension MotoServer {
    /// A store on `table` with the fake credentials, reading consistently unless told otherwise.
    func store(table: String, clock: any CacheClock = SystemClock(), consistent: Bool = true) throws -> DynamoDBStore {
        var configuration = try DynamoDBConfiguration(table: table, consistent: consistent, environment: environment)
        configuration.retry = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(5))
        return DynamoDBStore(configuration: configuration, clock: clock)
    }

    /// A new table with Matano's layout, created through the store itself.
    func freshTable(_ purpose: String, clock: any CacheClock = SystemClock()) throws -> DynamoDBStore {
        let store = try store(table: "\(purpose)-\(UUID().uuidString.prefix(8))", clock: clock)
        try store.createTable()
        return store
    }
}

/// A boto3 script (`runBoto3`) that finds the table in `TABLE`.
func runBoto3(_ body: String, table: String, server: MotoServer) throws -> String {
    try runBoto3("TABLE = os.environ[\"CACHE_TABLE\"]\n" + body, variables: ["CACHE_TABLE": table], server: server)
}
