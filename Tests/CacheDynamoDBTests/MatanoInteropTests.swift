import CacheCore
@testable import CacheDynamoDB
import MotoSupport
import Foundation
import Synchronization
import Testing

/// The same table read and written by this store and by boto3 as Matano's runtime uses it:
/// `pk` = namespace, `sk1` = key, `val` (N, S, BOOL, SS), `ttl` (N, epoch seconds).
@Suite struct MatanoInteropTests {
    let server: MotoServer
    let store: DynamoDBStore

    init() throws {
        server = try MotoServer.shared()
        store = try server.freshTable("interop")
    }

    @Test func createdTableHasMatanosKeysAndTTL() throws {
        let printed = try runBoto3("""
            table = ddb.describe_table(TableName=TABLE)["Table"]
            ttl = ddb.describe_time_to_live(TableName=TABLE)["TimeToLiveDescription"]
            print(json.dumps([sorted((k["AttributeName"], k["KeyType"]) for k in table["KeySchema"]),
                              sorted((a["AttributeName"], a["AttributeType"]) for a in table["AttributeDefinitions"]),
                              table["BillingModeSummary"]["BillingMode"], ttl["AttributeName"], ttl["TimeToLiveStatus"]]))
            """, table: store.configuration.table, server: server)
        #expect(printed.trimmingCharacters(in: .whitespacesAndNewlines)
            == #"[[["pk", "HASH"], ["sk1", "RANGE"]], [["pk", "S"], ["sk1", "S"]], "PAY_PER_REQUEST", "ttl", "ENABLED"]"#)
    }

    @Test func itemsPutByBoto3AreReadByTheStore() throws {
        let expires = Int64(Date().timeIntervalSince1970) + 3600
        _ = try runBoto3("""
            from boto3.dynamodb.types import TypeSerializer
            ser = TypeSerializer()
            for key, value in [("count", 7), ("name", "alice"), ("flag", True), ("ips", {"10.0.0.1", "10.0.0.2"})]:
                ddb.put_item(TableName=TABLE, Item={"pk": {"S": "users"}, "sk1": {"S": key},
                                                    "val": ser.serialize(value), "ttl": {"N": str(\(expires))}})
            # An increment the way Matano's remote cache makes one.
            ddb.update_item(TableName=TABLE, Key={"pk": {"S": "users"}, "sk1": {"S": "logins"}},
                            UpdateExpression="ADD #val :value SET #ttl = if_not_exists(#ttl, :ttl)",
                            ExpressionAttributeNames={"#val": "val", "#ttl": "ttl"},
                            ExpressionAttributeValues={":value": {"N": "3"}, ":ttl": {"N": str(\(expires))}})
            """, table: store.configuration.table, server: server)

        #expect(try store.entries(namespace: "users") == [
            CacheEntry(key: "count", value: .counter(7), expiresAt: expires),
            CacheEntry(key: "flag", value: .bool(true), expiresAt: expires),
            CacheEntry(key: "ips", value: .stringSet(["10.0.0.1", "10.0.0.2"]), expiresAt: expires),
            CacheEntry(key: "logins", value: .counter(3), expiresAt: expires),
            CacheEntry(key: "name", value: .string("alice"), expiresAt: expires),
        ])
        #expect(try store.increment(namespace: "users", key: "logins", by: 1, ttl: 60) == 4)
        #expect(try store.addToStringSet(namespace: "users", key: "ips", members: ["10.0.0.3"], ttl: 60).count == 3)
    }

    @Test func itemsTheStoreWritesAreReadByBoto3() throws {
        try store.put(namespace: "hosts", key: "name", value: .string("web-1"), ttl: 600)
        try store.put(namespace: "hosts", key: "up", value: .bool(true), ttl: 600)
        _ = try store.increment(namespace: "hosts", key: "hits", by: 41, ttl: 600)
        _ = try store.increment(namespace: "hosts", key: "hits", by: 1, ttl: 600)
        _ = try store.addToStringSet(namespace: "hosts", key: "ports", members: ["22", "443"], ttl: 600)
        let expires = try #require(try store.entry(namespace: "hosts", key: "hits")?.expiresAt)

        let printed = try runBoto3("""
            from boto3.dynamodb.types import TypeDeserializer
            de = TypeDeserializer()
            items = ddb.query(TableName=TABLE, KeyConditionExpression="pk = :ns",
                              ExpressionAttributeValues={":ns": {"S": "hosts"}})["Items"]
            out = {}
            for item in items:
                kind = next(iter(item["val"]))
                value = de.deserialize(item["val"])
                out[item["sk1"]["S"]] = {"type": kind, "value": sorted(value) if isinstance(value, set) else str(value),
                                         "ttlType": next(iter(item["ttl"])), "ttl": int(item["ttl"]["N"])}
            print(json.dumps(out))
            """, table: store.configuration.table, server: server)

        struct Seen: Decodable, Equatable {
            enum Value: Decodable, Equatable {
                case text(String), list([String])
                init(from decoder: any Decoder) throws {
                    let container = try decoder.singleValueContainer()
                    if let text = try? container.decode(String.self) {
                        self = .text(text)
                    } else {
                        self = .list(try container.decode([String].self))
                    }
                }
            }
            var type: String
            var value: Value
            var ttlType: String
            var ttl: Int64
        }
        let seen = try decodeJSON([String: Seen].self, printed)
        #expect(seen["name"] == Seen(type: "S", value: .text("web-1"), ttlType: "N", ttl: seen["name"]?.ttl ?? 0))
        #expect(seen["up"]?.type == "BOOL")
        #expect(seen["up"]?.value == .text("True"))
        #expect(seen["hits"] == Seen(type: "N", value: .text("42"), ttlType: "N", ttl: expires))
        #expect(seen["ports"]?.type == "SS")
        #expect(seen["ports"]?.value == .list(["22", "443"]))
        #expect(seen.values.allSatisfy { $0.ttlType == "N" && $0.ttl > Int64(Date().timeIntervalSince1970) })
    }

    /// DynamoDB deletes expired items up to days late: such an item must be invisible, and
    /// an update must start it afresh rather than continue it.
    @Test func anItemPastItsTTLIsInvisibleAndRestarts() throws {
        let past = Int64(Date().timeIntervalSince1970) - 10
        _ = try runBoto3("""
            for key, val in [("count", {"N": "1000"}), ("ips", {"SS": ["old"]}), ("name", {"S": "old"})]:
                ddb.put_item(TableName=TABLE, Item={"pk": {"S": "stale"}, "sk1": {"S": key}, "val": val, "ttl": {"N": "\(past)"}})
            """, table: store.configuration.table, server: server)

        #expect(try store.get(namespace: "stale", key: "count") == nil)
        #expect(try store.entries(namespace: "stale").isEmpty)
        #expect(try !store.namespaces().contains("stale"))
        #expect(try store.removeFromStringSet(namespace: "stale", key: "ips", members: ["old"]) == [])

        #expect(try store.increment(namespace: "stale", key: "count", by: 1, ttl: 60) == 1)
        #expect(try store.addToStringSet(namespace: "stale", key: "ips", members: ["new"], ttl: 60) == ["new"])
        #expect(try store.increment(namespace: "stale", key: "name", by: 5, ttl: 60) == 5, "an expired string is no obstacle")
        let entry = try #require(try store.entry(namespace: "stale", key: "count"))
        #expect(entry.expiresAt > past + 60)

        let stillThere = try runBoto3("""
            item = ddb.get_item(TableName=TABLE, Key={"pk": {"S": "stale"}, "sk1": {"S": "count"}}, ConsistentRead=True)["Item"]
            print(item["val"]["N"], item["ttl"]["N"])
            """, table: store.configuration.table, server: server)
        #expect(stillThere.split(separator: " ").first == "1")
    }

    /// 4 writers × 200 increments of one key give exactly 800, starting from an expired item so
    /// that the restart path races too.
    @Test func concurrentIncrementsAreNeverLost() throws {
        let past = Int64(Date().timeIntervalSince1970) - 10
        _ = try runBoto3("""
            ddb.put_item(TableName=TABLE, Item={"pk": {"S": "race"}, "sk1": {"S": "n"}, "val": {"N": "12345"}, "ttl": {"N": "\(past)"}})
            """, table: store.configuration.table, server: server)
        let table = store.configuration.table
        let failures = ConcurrentFailures()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                let writer = try server.store(table: table)
                for _ in 0..<200 { _ = try writer.increment(namespace: "race", key: "n", by: 1, ttl: 600) }
            } catch {
                failures.record(error)
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        #expect(try store.get(namespace: "race", key: "n") == .counter(800))
    }
}

/// Errors collected from worker threads.
final class ConcurrentFailures: Sendable {
    private let errors = Mutex<[String]>([])

    func record(_ error: any Error) { errors.withLock { $0.append("\(error)") } }
    var all: [String] { errors.withLock { $0 } }
}
