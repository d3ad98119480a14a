import CacheCore

/// One test case of a detection (DESIGN §8), validated: a malformed case never runs.
struct TestCase: Sendable {
    let name: String
    /// The file the case is written in, and the line it starts on.
    let file: String
    let line: Int
    /// Each a mapping; `records` keeps the order they run in.
    let records: [CaseNode]
    /// True when given as `records` (a sequence), false for `record`.
    let isSequence: Bool
    let expect: Expectation
    let cache: [CacheSeed]
    /// The clock before the first record with a `ts`, epoch seconds.
    let now: Double?
    let mocks: [Mock]

    struct CacheSeed: Sendable {
        let namespace: String
        let key: String
        let value: CacheValue
    }

    struct Mock: Sendable {
        let name: String
        let value: CaseNode
        let line: Int
    }
}

/// What a case expects; every part is checked only when given.
struct Expectation: Sendable {
    /// One per record: whether `detect` matched it.
    var matches: [Bool]?
    /// `title`, `dedupe`, ... as the (last) match produced them, in the order written.
    var fields: [(key: String, value: CaseNode)] = []
    /// The exception class `detect` must raise.
    var raises: String?
    var alerts: [AlertExpectation]?
    /// After the case; a null value means the key must be absent.
    var cache: [CacheCheck] = []

    struct AlertExpectation: Sendable {
        let dedupe: String
        let activated: Bool
        let matchCount: Int
        let title: String?
        let severity: String?
    }

    struct CacheCheck: Sendable {
        let namespace: String
        let key: String
        /// nil: the key must be absent.
        let value: CacheValue?
    }

    /// The match fields `expect` may name, as the output row names them.
    static let fieldKeys = ["title", "dedupe", "severity", "description", "runbook", "reference", "destinations", "alert_context"]
}
