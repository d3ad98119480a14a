import CacheCore

/// The contract of DESIGN §3.1 as it applies to a `CacheStore`, written once and run against
/// every store (memory, SQLite, DynamoDB).
///
/// It is a plain library, free of any test framework, so that each store's test target can run
/// it with whatever runner it uses; with Swift Testing:
///
///     @Test(arguments: StoreContract.cases)
///     func contract(_ check: StoreContractCase) throws {
///         try check.run(using: StoreFactory { clock in MemoryStore(clock: clock) })
///     }
///
/// Every case works in namespaces of its own (its name plus a token drawn once per process), so
/// the cases can share one store and one table across runs. The cases marked
/// `touchesWholeStore` (`clear(namespace: nil)`) erase everything, so a runner that shares a
/// store gives them a store of their own or runs them alone.
public enum StoreContract {
    /// Every case of the contract, in a stable order.
    public static let cases: [StoreContractCase] =
        valueCases + counterCases + tallyCases + setCases + limitCases + expiryCases + listingCases
}

/// Builds the store under test on the manual clock it is given, so expiry is driven by hand.
public struct StoreFactory: Sendable {
    public let make: @Sendable (ManualClock) throws -> any CacheStore

    public init(_ make: @escaping @Sendable (ManualClock) throws -> any CacheStore) {
        self.make = make
    }
}

/// One named check of the contract.
public struct StoreContractCase: Sendable, CustomStringConvertible {
    public let name: String
    /// True when the case erases data outside its own namespaces.
    public let touchesWholeStore: Bool
    let body: @Sendable (ContractFixture) throws -> Void

    init(_ name: String, touchesWholeStore: Bool = false, _ body: @escaping @Sendable (ContractFixture) throws -> Void) {
        self.name = name
        self.touchesWholeStore = touchesWholeStore
        self.body = body
    }

    public var description: String { name }

    /// Runs the case on `store`, whose clock must be `clock`. Throws `ContractViolation` when the
    /// store breaks the contract, or the store's own error when it fails unexpectedly.
    public func run(_ store: any CacheStore, _ clock: ManualClock) throws {
        try body(ContractFixture(store: store, clock: clock, caseName: name))
    }

    /// Runs the case on a fresh store made by `factory` on a fresh manual clock.
    public func run(using factory: StoreFactory, clock: ManualClock = ManualClock()) throws {
        try run(factory.make(clock), clock)
    }
}

/// What a case works with: the store, its clock, and namespaces no other case uses.
struct ContractFixture {
    let store: any CacheStore
    let clock: ManualClock
    let caseName: String

    /// The default ttl of `remote_cache` (DESIGN §3.1).
    let ttl: Int64 = 3600

    /// A namespace private to this case (and this process), distinguished by `suffix`.
    func namespace(_ suffix: String = "main") -> String {
        "contract/\(caseName)/\(ContractFixture.runToken)/\(suffix)"
    }

    /// The expiry the store must give an entry created now with `ttl`.
    func expiry(ttl: Int64? = nil) -> Int64 {
        CacheLimits.expiry(now: clock.now(), ttl: ttl ?? self.ttl)
    }

    /// Drawn once per process so that runs sharing a persistent store never meet.
    static let runToken = String(UInt64.random(in: 0...UInt64.max), radix: 36)
}
