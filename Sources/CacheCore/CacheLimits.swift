/// The limits of DESIGN §3.1, the same on every store so that what works in memory also works
/// against DynamoDB (whose own limits they are).
public enum CacheLimits {
    public static let maxKeyBytes = 1024
    public static let maxNamespaceBytes = 1024
    /// DynamoDB's item limit ("400 KB"; moto, like the strictest reading, counts 400,000 bytes)
    /// less 4 KiB: the limit counts the whole item, and the keys (up to 1 KiB each), the
    /// attribute names and the expiry must fit beside the value.
    public static let maxValueBytes = 400_000 - 4 * 1024
    /// Keeps `now + ttl` far from Int64 overflow (about 31,700 years).
    public static let maxTTL: Int64 = 1 << 40

    public static func check(namespace: String) throws(CacheError) {
        let bytes = namespace.utf8.count
        guard bytes >= 1 else { throw .invalidNamespace("it must not be empty") }
        guard bytes <= maxNamespaceBytes else {
            throw .invalidNamespace("it is \(bytes) UTF-8 bytes; the limit is \(maxNamespaceBytes)")
        }
    }

    public static func check(key: String) throws(CacheError) {
        let bytes = key.utf8.count
        guard bytes >= 1 else { throw .invalidKey("it must not be empty") }
        guard bytes <= maxKeyBytes else {
            throw .invalidKey("it is \(bytes) UTF-8 bytes; the limit is \(maxKeyBytes)")
        }
    }

    public static func check(namespace: String, key: String) throws(CacheError) {
        try check(namespace: namespace)
        try check(key: key)
    }

    public static func check(ttl: Int64) throws(CacheError) {
        guard ttl > 0, ttl <= maxTTL else { throw .invalidTTL(ttl) }
    }

    public static func check(members: Set<String>) throws(CacheError) {
        if members.contains("") { throw .invalidMember("the empty string cannot be stored in a set") }
    }

    /// A tally member becomes part of a key in the durable stores: non-empty, and no longer than
    /// a key.
    public static func check(tallyMember member: String) throws(CacheError) {
        let bytes = member.utf8.count
        guard bytes >= 1 else { throw .invalidMember("a tally member must not be empty") }
        guard bytes <= maxKeyBytes else {
            throw .invalidMember("a tally member is \(bytes) UTF-8 bytes; the limit is \(maxKeyBytes)")
        }
    }

    /// Checks the size of a value about to be stored under `key`.
    public static func check(value: CacheValue, key: String) throws(CacheError) {
        if case let .stringSet(members) = value { try check(members: members) }
        let bytes = size(of: value)
        guard bytes <= maxValueBytes else { throw .valueTooLarge(key: key, bytes: bytes) }
    }

    /// The stored size of a value in bytes, as DynamoDB counts it (UTF-8 text, numbers ≤ 21).
    public static func size(of value: CacheValue) -> Int {
        switch value {
        case .counter: 21
        case let .string(text): text.utf8.count
        case .bool: 1
        case let .stringSet(members): members.reduce(0) { $0 + $1.utf8.count }
        }
    }

    /// The expiry of an entry written at `now` with `ttl` seconds to live.
    public static func expiry(now: Double, ttl: Int64) -> Int64 {
        Int64(now.rounded(.down)) + ttl
    }
}
