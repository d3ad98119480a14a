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

    /// Whether alerts are grouped in the store rather than in the process (`SharedAlerting`):
    /// on DynamoDB, the store many workers share. `memory:` and `sqlite:` keep the alerting of
    /// one run.
    public var sharesAlerts: Bool {
        if case .dynamoDB = location { true } else { false }
    }

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
                    guard let value = String(kv[1]).removingPercentEncoding() else {
                        throw .malformed(text, "the value of '\(name)' has an invalid percent escape: each % must be followed by two hex digits (%3A), and the bytes must be UTF-8")
                    }
                    options[name] = value
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
    /// Decodes %XX escapes (an endpoint URL inside the query part is often escaped); nil when a
    /// `%` is not followed by two hex digits or the result is not UTF-8, so nothing is dropped.
    fileprivate func removingPercentEncoding() -> String? {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexDigit), let low = iterator.next().flatMap(hexDigit) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

/// The value of one hex digit, or nil.
private func hexDigit(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
