import CacheCore

/// Where the cache lives, as the user writes it after `--cache` (DESIGN §5):
/// `memory:` (the default), `sqlite:PATH`, `dynamodb:TABLE?endpoint=URL&region=R&consistent=true`.
public struct CacheURL: Sendable, Equatable, CustomStringConvertible {
    public enum Location: Sendable, Equatable {
        case memory
        case sqlite(path: String)
        case dynamoDB(table: String, options: [String: String])
    }

    public let location: Location
    public let description: String

    public static let memory = CacheURL(location: .memory, description: "memory:")

    private init(location: Location, description: String) {
        self.location = location
        self.description = description
    }

    /// Parses a cache URL; the error says what forms are accepted.
    public init(parsing text: String) throws(CacheURLError) {
        guard let colon = text.firstIndex(of: ":") else { throw .unknownScheme(text) }
        let scheme = text[..<colon]
        let rest = String(text[text.index(after: colon)...])
        switch scheme {
        case "memory":
            guard rest.isEmpty else { throw .malformed(text, "memory: takes nothing after the colon") }
            self.init(location: .memory, description: text)
        case "sqlite":
            guard !rest.isEmpty else { throw .malformed(text, "sqlite: needs a file path, as in sqlite:cache.db") }
            self.init(location: .sqlite(path: rest), description: text)
        case "dynamodb":
            let parts = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            let table = String(parts[0])
            guard !table.isEmpty else { throw .malformed(text, "dynamodb: needs a table name, as in dynamodb:detections") }
            var options: [String: String] = [:]
            if parts.count == 2 {
                for pair in parts[1].split(separator: "&") {
                    let kv = pair.split(separator: "=", maxSplits: 1)
                    guard kv.count == 2 else { throw .malformed(text, "query part '\(pair)' is not NAME=VALUE") }
                    let name = String(kv[0])
                    guard ["endpoint", "region", "consistent"].contains(name) else {
                        throw .malformed(text, "unknown option '\(name)' (known: endpoint, region, consistent)")
                    }
                    options[name] = String(kv[1]).removingPercentEncoding()
                }
            }
            self.init(location: .dynamoDB(table: table, options: options), description: text)
        default:
            throw .unknownScheme(text)
        }
    }
}

public enum CacheURLError: Error, Equatable, CustomStringConvertible {
    case unknownScheme(String)
    case malformed(String, String)
    case cannotOpen(String, String)

    public var description: String {
        switch self {
        case let .unknownScheme(text):
            "unknown cache URL '\(text)': use memory:, sqlite:PATH or dynamodb:TABLE[?endpoint=URL&region=R&consistent=true]"
        case let .malformed(text, why):
            "bad cache URL '\(text)': \(why)"
        case let .cannotOpen(text, why):
            "cannot open cache '\(text)': \(why)"
        }
    }
}

extension String {
    /// Decodes %XX escapes (an endpoint URL inside the query part is often escaped).
    fileprivate func removingPercentEncoding() -> String {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
               let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
