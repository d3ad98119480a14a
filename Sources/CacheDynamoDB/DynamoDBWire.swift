// The request and response bodies of the DynamoDB operations this store uses, as the JSON
// protocol 1.0 spells them. Property names are the API's field names (hence PascalCase) so that
// the synthesized Codable conformances need no key mapping; absent optionals are left out.

/// An operation: its name goes into `X-Amz-Target: DynamoDB_20120810.<name>`.
enum Operation: String, Sendable {
    case getItem = "GetItem"
    case putItem = "PutItem"
    case updateItem = "UpdateItem"
    case deleteItem = "DeleteItem"
    case query = "Query"
    case scan = "Scan"
    case batchWriteItem = "BatchWriteItem"
    case transactWriteItems = "TransactWriteItems"
    case createTable = "CreateTable"
    case describeTable = "DescribeTable"
    case updateTimeToLive = "UpdateTimeToLive"

    /// Whether sending it twice has the effect of sending it once, so that it may be repeated
    /// after a lost answer. Writes that add or that start an item afresh are not.
    var isIdempotent: Bool {
        switch self {
        case .getItem, .query, .scan, .deleteItem, .batchWriteItem, .describeTable, .updateTimeToLive: true
        // A transaction carries a client request token: DynamoDB applies a repeat of it (within
        // ten minutes) once, and answers it as it answered the first.
        case .transactWriteItems: true
        case .putItem, .updateItem, .createTable: false
        }
    }
}

/// The `#name` and `:value` placeholders an expression uses.
struct ExpressionParts: Sendable {
    var names: [String: String] = [:]
    var values: Item = [:]

    var namesIfAny: [String: String]? { names.isEmpty ? nil : names }
    var valuesIfAny: Item? { values.isEmpty ? nil : values }

    /// Only the placeholders that occur in `expressions`: DynamoDB refuses a request that defines
    /// one it does not use.
    func used(in expressions: String?...) -> ExpressionParts {
        var tokens: Set<Substring> = []
        for expression in expressions.compactMap({ $0 }) {
            var rest = Substring(expression)
            while let start = rest.firstIndex(where: { $0 == "#" || $0 == ":" }) {
                let afterSigil = rest.index(after: start)
                let end = rest[afterSigil...].firstIndex { !($0.isLetter || $0.isNumber || $0 == "_") } ?? rest.endIndex
                tokens.insert(rest[start..<end])
                rest = rest[end...]
            }
        }
        return ExpressionParts(
            names: names.filter { tokens.contains(Substring($0.key)) },
            values: values.filter { tokens.contains(Substring($0.key)) }
        )
    }
}

struct GetItemInput: Encodable {
    var TableName: String
    var Key: Item
    var ConsistentRead: Bool?
}

struct PutItemInput: Encodable {
    var TableName: String
    var Item: Item
    var ConditionExpression: String?
    var ExpressionAttributeNames: [String: String]?
    var ExpressionAttributeValues: Item?
}

struct UpdateItemInput: Encodable {
    var TableName: String
    var Key: Item
    var UpdateExpression: String
    var ConditionExpression: String?
    var ExpressionAttributeNames: [String: String]?
    var ExpressionAttributeValues: Item?
    var ReturnValues: String?
}

struct DeleteItemInput: Encodable {
    var TableName: String
    var Key: Item
    var ConditionExpression: String?
    var ExpressionAttributeNames: [String: String]?
    var ExpressionAttributeValues: Item?
}

/// Query (with a key condition) or Scan (without): one page of a listing.
struct PageInput: Encodable {
    var TableName: String
    var KeyConditionExpression: String?
    var FilterExpression: String?
    var ProjectionExpression: String?
    var ExpressionAttributeNames: [String: String]?
    var ExpressionAttributeValues: Item?
    var ConsistentRead: Bool?
    var ExclusiveStartKey: Item?
}

struct WriteRequest: Codable {
    struct DeleteRequest: Codable {
        var Key: Item
    }

    var DeleteRequest: DeleteRequest?
}

struct BatchWriteItemInput: Encodable {
    var RequestItems: [String: [WriteRequest]]
}

/// Writes that succeed or fail together. `ReturnValues` of an update must stay nil here.
struct TransactWriteItemsInput: Encodable {
    struct Write: Encodable {
        var Put: PutItemInput?
        var Update: UpdateItemInput?
    }

    var TransactItems: [Write]
    /// The same for every attempt of one request (at most 36 characters).
    var ClientRequestToken: String?
}

struct ItemOutput: Decodable {
    var Item: Item?
}

struct AttributesOutput: Decodable {
    var Attributes: Item?
}

struct PageOutput: Decodable {
    var Items: [Item]?
    var LastEvaluatedKey: Item?
}

struct BatchWriteItemOutput: Decodable {
    var UnprocessedItems: [String: [WriteRequest]]?
}

/// A response whose content does not matter, only that it succeeded.
struct IgnoredOutput: Decodable {}
