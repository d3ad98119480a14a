#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A namespace that passed `CacheLimits`. Only the checked operations of `CacheStore` make
/// one, so a store that is handed one knows it is valid and checks nothing itself.
public struct CacheNamespace: Sendable, Hashable {
    public let name: String

    init(checking name: String) throws(CacheError) {
        try CacheLimits.check(namespace: name)
        self.name = name
    }
}

/// A namespace and key that passed `CacheLimits` (see `CacheNamespace`).
public struct CacheAddress: Sendable, Hashable {
    public let namespace: String
    public let key: String

    init(checking namespace: String, key: String) throws(CacheError) {
        try CacheLimits.check(namespace: namespace, key: key)
        self.namespace = namespace
        self.key = key
    }
}

/// Keys and namespaces are equal when their UTF-8 bytes are, as in a Python dict, SQLite and
/// DynamoDB: Swift's `String` equality is Unicode canonical equivalence, under which "é" and
/// "e" + U+0301 would be one key in the memory store and two everywhere else.
extension CacheAddress {
    public static func == (lhs: CacheAddress, rhs: CacheAddress) -> Bool {
        sameBytes(lhs.key, rhs.key) && sameBytes(lhs.namespace, rhs.namespace)
    }

    /// One memcmp over contiguous UTF-8 (the generic `utf8.elementsEqual` walks an iterator byte
    /// by byte and cost a quarter of a cache get).
    private static func sameBytes(_ first: String, _ second: String) -> Bool {
        var first = first, second = second
        return first.withUTF8 { a in
            second.withUTF8 { b in
                a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
            }
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combineUTF8(of: namespace)
        hasher.combine(0xFF as UInt8)  // no valid UTF-8 holds 0xFF: the two parts cannot run together
        hasher.combineUTF8(of: key)
    }
}

extension Hasher {
    fileprivate mutating func combineUTF8(of text: String) {
        var text = text
        text.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
