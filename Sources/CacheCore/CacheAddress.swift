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
