import CacheCore
import Foundation

/// How the cache command prints: text lines for people, JSON for scripts.
extension CacheCommand {
    /// One entry as printed.
    struct PrintedEntry: Encodable {
        var namespace: String
        var key: String
        var kind: String
        var value: PrintedValue
        /// Epoch seconds at which the entry expires.
        var expiresAt: Int64
        /// Whole seconds left, rounded up, so that a live entry never shows 0.
        var expiresIn: Int64

        init(namespace: String, entry: CacheEntry, now: Double) {
            self.namespace = namespace
            key = entry.key
            kind = entry.value.kind.rawValue
            value = PrintedValue(value: entry.value)
            expiresAt = entry.expiresAt
            expiresIn = Int64((Double(entry.expiresAt) - now).rounded(.up))
        }

        enum CodingKeys: String, CodingKey {
            case namespace, key, kind, value
            case expiresAt = "expires_at"
            case expiresIn = "expires_in"
        }

        static let header = ["NAMESPACE", "KEY", "KIND", "VALUE", "EXPIRES IN"]

        /// The text columns, in the order of `header`.
        var columns: [String] { [namespace, key, kind, CacheCommand.json(value), "\(expiresIn)s"] }
    }

    /// A value in JSON: a number, a string, a bool, or a sorted array of strings. Text output
    /// uses the same form, so that a string "3" and a counter 3 look different and a value
    /// holding a tab or a newline stays on its line.
    struct PrintedValue: Encodable {
        let value: CacheValue

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch value {
            case let .counter(count): try container.encode(count)
            case let .string(text): try container.encode(text)
            case let .bool(flag): try container.encode(flag)
            case let .stringSet(members): try container.encode(members.sorted())
            }
        }
    }

    /// What `delete` and `clear --json` report: the namespace and key removed, null for "all".
    struct Removal: Encodable {
        let namespace: String?
        let key: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(namespace, forKey: .namespace)
            try container.encode(key, forKey: .key)
            try container.encode(true, forKey: .removed)
        }

        enum CodingKeys: String, CodingKey { case namespace, key, removed }
    }

    /// Compact JSON with sorted keys, so that output is stable from run to run.
    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these types cannot fail: they hold only strings, integers and bools.
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    static func printEntry(_ entry: PrintedEntry, json asJSON: Bool) {
        print(asJSON ? json(entry) : entry.columns.joined(separator: "\t"))
    }

    /// Tab-separated rows, the first a header: easy to read, and to cut or awk.
    static func printTable(_ entries: [PrintedEntry]) {
        for row in [PrintedEntry.header] + entries.map(\.columns) {
            print(row.joined(separator: "\t"))
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("detection-host cache: \(message)\n".utf8))
    }
}
