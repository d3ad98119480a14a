/// A value the cache can hold (DESIGN §3.1): the four kinds Matano's remote cache supports.
public enum CacheValue: Sendable, Hashable {
    /// An integer counter, updated atomically by increments.
    case counter(Int64)
    case string(String)
    case bool(Bool)
    /// A set of strings, updated atomically by adds and removes. Never empty in a store:
    /// an empty set means the key is absent.
    case stringSet(Set<String>)

    public var kind: CacheValueKind {
        switch self {
        case .counter: .counter
        case .string: .string
        case .bool: .bool
        case .stringSet: .stringSet
        }
    }
}

/// The kind of a cached value, used in errors and by the `cache` command's `--kind`.
public enum CacheValueKind: String, Sendable, CaseIterable {
    case counter
    case string
    case bool
    case stringSet = "set"

    /// The name a user reads in an error message.
    public var displayName: String {
        switch self {
        case .counter: "counter (int)"
        case .string: "string (str)"
        case .bool: "bool"
        case .stringSet: "string set (set of str)"
        }
    }
}

/// One live entry of a namespace.
public struct CacheEntry: Sendable, Hashable {
    public var key: String
    public var value: CacheValue
    /// Epoch seconds at which the entry stops existing (it is gone once `now >= expiresAt`).
    public var expiresAt: Int64

    public init(key: String, value: CacheValue, expiresAt: Int64) {
        self.key = key
        self.value = value
        self.expiresAt = expiresAt
    }

    /// Whether the entry is still visible at `now` (epoch seconds).
    public func isLive(at now: Double) -> Bool {
        now < Double(expiresAt)
    }
}
