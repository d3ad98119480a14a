import CacheCore
import Foundation
import GRDB

/// How a `CacheValue` sits in the `kind` and `value` columns (see `Schema`).
enum StoredValue {
    /// The column values for `value`: its kind's name and an SQLite value.
    static func columns(for value: CacheValue) throws -> (kind: String, value: DatabaseValue) {
        let stored: DatabaseValue = switch value {
        case let .counter(count): count.databaseValue
        case let .string(text): text.databaseValue
        case let .bool(flag): (flag ? 1 : 0).databaseValue
        case let .stringSet(members): try encode(members).databaseValue
        }
        return (value.kind.rawValue, stored)
    }

    /// The entry a row holds; `key` is passed in because some queries already know it.
    static func entry(key: String, kind: String, value: DatabaseValue, expiresAt: Int64) throws -> CacheEntry {
        CacheEntry(key: key, value: try decode(kind: kind, value: value, key: key), expiresAt: expiresAt)
    }

    private static func decode(kind: String, value: DatabaseValue, key: String) throws -> CacheValue {
        switch (CacheValueKind(rawValue: kind), value.storage) {
        case let (.counter?, .int64(count)): return .counter(count)
        case let (.string?, .string(text)): return .string(text)
        case let (.bool?, .int64(flag)): return .bool(flag != 0)
        case let (.stringSet?, .string(json)): return .stringSet(try decode(json, key: key))
        default: throw unreadable(key: key, "kind '\(kind)' with value \(value)")
        }
    }

    /// Members as a JSON array, sorted so that equal sets are stored identically.
    private static func encode(_ members: Set<String>) throws -> String {
        String(decoding: try JSONEncoder().encode(members.sorted()), as: UTF8.self)
    }

    private static func decode(_ json: String, key: String) throws -> Set<String> {
        do {
            return Set(try JSONDecoder().decode([String].self, from: Data(json.utf8)))
        } catch {
            throw unreadable(key: key, "a string set that is not a JSON array of strings")
        }
    }

    /// Only another program writing into the file can produce such a row.
    private static func unreadable(key: String, _ what: String) -> CacheError {
        .store(code: "SQLITE_MISMATCH", message: "cache entry '\(key)' holds \(what), which detection-host never writes")
    }
}
