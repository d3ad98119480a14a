/// One DynamoDB attribute in the JSON protocol's tagged form: `{"S": "text"}`, `{"N": "42"}`,
/// `{"BOOL": true}`, `{"SS": ["a", "b"]}`. Numbers travel as strings, so no precision is lost.
///
/// Only the types this store reads and writes are modelled; any other (`L`, `M`, `B`, `NS`, …)
/// decodes as `.other` with its type name, so one foreign item cannot break a whole listing.
enum AttributeValue: Sendable, Equatable {
    case s(String)
    case n(String)
    case bool(Bool)
    case ss([String])
    case other(type: String)
}

/// An item or a key: attribute name to value.
typealias Item = [String: AttributeValue]

extension AttributeValue: Codable {
    private struct TypeKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        guard let tag = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "an attribute value without a type"))
        }
        switch tag.stringValue {
        case "S": self = .s(try container.decode(String.self, forKey: tag))
        case "N": self = .n(try container.decode(String.self, forKey: tag))
        case "BOOL": self = .bool(try container.decode(Bool.self, forKey: tag))
        case "SS": self = .ss(try container.decode([String].self, forKey: tag))
        default: self = .other(type: tag.stringValue)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        switch self {
        case let .s(text): try container.encode(text, forKey: TypeKey(stringValue: "S"))
        case let .n(number): try container.encode(number, forKey: TypeKey(stringValue: "N"))
        case let .bool(flag): try container.encode(flag, forKey: TypeKey(stringValue: "BOOL"))
        case let .ss(members): try container.encode(members, forKey: TypeKey(stringValue: "SS"))
        case let .other(type):
            throw EncodingError.invalidValue(type, .init(codingPath: encoder.codingPath, debugDescription: "cannot send an attribute of type \(type)"))
        }
    }
}

extension AttributeValue {
    static func number(_ value: Int64) -> AttributeValue { .n(String(value)) }

    /// The DynamoDB type name, as `attribute_type` conditions spell it.
    var typeName: String {
        switch self {
        case .s: "S"
        case .n: "N"
        case .bool: "BOOL"
        case .ss: "SS"
        case let .other(type): type
        }
    }
}
