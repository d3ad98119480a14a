/// Why a cache operation was refused. Every refusal leaves the cache unchanged.
///
/// The Python side maps these onto exceptions: `wrongKind` → TypeError, `overflow` →
/// OverflowError, the limit cases → ValueError, `store` → RuntimeError naming the store.
public enum CacheError: Error, Sendable, Equatable {
    /// The entry holds another kind than the operation works on (incrementing a string).
    case wrongKind(key: String, expected: CacheValueKind, found: CacheValueKind)
    /// A counter would leave the signed 64-bit range.
    case overflow(key: String)
    case invalidNamespace(String)
    case invalidKey(String)
    case invalidTTL(Int64)
    /// The value (or the set after an add) would exceed the per-entry size limit.
    case valueTooLarge(key: String, bytes: Int)
    /// A string-set member that no store can hold (the empty string: DynamoDB refuses it in sets).
    case invalidMember(String)
    /// The store itself failed (I/O, network, a server error); `code` names it when known.
    case store(code: String, message: String)
}

extension CacheError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .wrongKind(key, expected, found):
            "cache entry '\(key)' holds a \(found.displayName), not a \(expected.displayName)"
        case let .overflow(key):
            "counter '\(key)' would leave the signed 64-bit range"
        case let .invalidNamespace(why):
            "invalid cache namespace: \(why)"
        case let .invalidKey(why):
            "invalid cache key: \(why)"
        case let .invalidTTL(ttl):
            "invalid ttl \(ttl): it must be a whole number of seconds from 1 to \(CacheLimits.maxTTL)"
        case let .valueTooLarge(key, bytes):
            "value for '\(key)' is \(bytes) bytes; one entry holds at most \(CacheLimits.maxValueBytes)"
        case let .invalidMember(why):
            "invalid string set member: \(why)"
        case let .store(code, message):
            "\(code): \(message)"
        }
    }
}
