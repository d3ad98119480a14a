import CacheCore
import Foundation

/// The cache in a DynamoDB table with Matano's layout (`MatanoLayout`), shared by every host that
/// points at the table, Matano's own runtime included.
///
/// Expiry is strict although DynamoDB deletes expired items late: reads skip items whose `ttl`
/// has passed, and writes start them afresh through conditional writes that cannot lose a
/// concurrent update (see `DynamoDBStore+Counters.swift`). Reads are eventually consistent unless
/// the configuration asks for consistent reads; every update is atomic.
///
/// Synchronous, as `CacheStore` is: each call blocks its thread on the HTTP request.
public final class DynamoDBStore: CacheStore {
    public let configuration: DynamoDBConfiguration
    let client: DynamoDBClient
    let clock: any CacheClock

    /// How often one update may lose a race with other writers before the store gives up.
    static let maxRounds = 32

    public init(configuration: DynamoDBConfiguration, clock: any CacheClock = SystemClock()) {
        self.configuration = configuration
        self.client = DynamoDBClient(configuration: configuration)
        self.clock = clock
    }

    /// A store on `table`; `endpoint` and `region` win over the AWS environment variables
    /// (`DynamoDBConfiguration.init(table:endpoint:region:consistent:environment:)`).
    public convenience init(
        table: String,
        endpoint: String? = nil,
        region: String? = nil,
        consistent: Bool = false,
        clock: any CacheClock = SystemClock(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CacheError) {
        let configuration = try DynamoDBConfiguration(
            table: table, endpoint: endpoint, region: region, consistent: consistent, environment: environment
        )
        self.init(configuration: configuration, clock: clock)
    }

    public var mayBlock: Bool { true }

    /// The current time in whole epoch seconds, as `ttl` conditions compare it: an item with
    /// integer `ttl` is live exactly when `ttl > floor(now)`.
    var nowSeconds: Int64 { Int64(clock.now().rounded(.down)) }

    public func entry(at address: CacheAddress) throws(CacheError) -> CacheEntry? {
        let namespace = address.namespace, key = address.key
        guard let item = try readItem(namespace: namespace, key: key, consistent: configuration.consistentReads) else {
            return nil
        }
        return try MatanoLayout.entry(from: item, now: nowSeconds)
    }

    public func put(_ value: CacheValue, at address: CacheAddress, ttl: Int64) throws(CacheError) {
        let namespace = address.namespace, key = address.key
        if case let .stringSet(members) = value, members.isEmpty {
            try deleteItem(namespace: namespace, key: key)
            return
        }
        let expiresAt = CacheLimits.expiry(now: clock.now(), ttl: ttl)
        do throws(CacheError) {
            _ = try putItem(MatanoLayout.item(namespace: namespace, key: key, value: value, expiresAt: expiresAt))
        } catch let error where error.isItemTooLarge {
            throw tooLarge(namespace: namespace, key: key, value: value)
        }
    }

    public func delete(at address: CacheAddress) throws(CacheError) {
        let namespace = address.namespace, key = address.key
        try deleteItem(namespace: namespace, key: key)
    }

    public func entries(in namespace: CacheNamespace) throws(CacheError) -> [CacheEntry] {
        let namespace = namespace.name
        let now = nowSeconds
        var parts = Conditions.parts(now: now)
        parts.values[":ns"] = .s(namespace)
        let filter = "attribute_exists(#v) AND \(Conditions.live)"
        let used = parts.used(in: "#pk = :ns", filter)
        let input = PageInput(
            TableName: configuration.table,
            KeyConditionExpression: "#pk = :ns",
            FilterExpression: filter,
            ExpressionAttributeNames: used.namesIfAny,
            ExpressionAttributeValues: used.valuesIfAny,
            ConsistentRead: configuration.consistentReads ? true : nil
        )
        var found: [CacheEntry] = []
        try forEachItem(input) { item throws(CacheError) in
            if let entry = try MatanoLayout.entry(from: item, now: now) { found.append(entry) }
        }
        return found.sorted { $0.key < $1.key }
    }

    public func namespaces() throws(CacheError) -> [String] {
        let now = nowSeconds
        let filter = "attribute_exists(#v) AND \(Conditions.live)"
        let used = Conditions.parts(now: now).used(in: "#pk", filter)
        let input = PageInput(
            TableName: configuration.table,
            FilterExpression: filter,
            ProjectionExpression: "#pk",
            ExpressionAttributeNames: used.namesIfAny,
            ExpressionAttributeValues: used.valuesIfAny,
            ConsistentRead: configuration.consistentReads ? true : nil
        )
        var found: Set<String> = []
        try forEachItem(input) { item throws(CacheError) in
            if case let .s(namespace)? = item[MatanoLayout.partitionKey] { found.insert(namespace) }
        }
        return found.sorted()
    }

    /// Deletes every item of the namespace (or of the table), dead ones included. Not atomic:
    /// DynamoDB deletes in batches, and a concurrent write may land between them.
    public func clear(_ namespace: CacheNamespace?) throws(CacheError) {
        let namespace = namespace?.name
        var parts = ExpressionParts(names: ["#pk": MatanoLayout.partitionKey, "#sk": MatanoLayout.sortKey])
        let keyCondition = namespace.map { _ in "#pk = :ns" }
        if let namespace { parts.values[":ns"] = .s(namespace) }
        let input = PageInput(
            TableName: configuration.table,
            KeyConditionExpression: keyCondition,
            ProjectionExpression: "#pk, #sk",
            ExpressionAttributeNames: parts.namesIfAny,
            ExpressionAttributeValues: parts.valuesIfAny,
            ConsistentRead: true
        )
        var keys: [Item] = []
        try forEachItem(input) { item throws(CacheError) in
            if let pk = item[MatanoLayout.partitionKey], let sk = item[MatanoLayout.sortKey] {
                keys.append([MatanoLayout.partitionKey: pk, MatanoLayout.sortKey: sk])
            }
        }
        try deleteItems(keys)
    }
}

extension DynamoDBStore {
    /// The refusal of a value DynamoDB would not store. DynamoDB's 400 KB limit counts the whole
    /// item (keys, attribute names, `ttl`), so a value just under `CacheLimits.maxValueBytes` can
    /// still be refused; the size reported is then the item's, which is what went over.
    func tooLarge(namespace: String, key: String, value: CacheValue) -> CacheError {
        let valueBytes = CacheLimits.size(of: value)
        guard valueBytes <= CacheLimits.maxValueBytes else { return .valueTooLarge(key: key, bytes: valueBytes) }
        return .valueTooLarge(key: key, bytes: MatanoLayout.itemBytes(namespace: namespace, key: key, valueBytes: valueBytes))
    }
}

extension CacheError {
    /// DynamoDB's refusal of an item over its 400 KB limit (a ValidationException).
    var isItemTooLarge: Bool {
        guard case let .store(code, message) = self, code == "ValidationException" else { return false }
        return message.contains("maximum allowed size")
    }
}
