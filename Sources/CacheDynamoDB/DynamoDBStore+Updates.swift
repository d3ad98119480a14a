import CacheCore

/// How increments and string-set adds stay atomic on a table that deletes expired items late.
///
/// 1. One UpdateItem (`ADD`) conditioned on the item being missing, or live with the right kind
///    (and, for counters, room left below the 64-bit limit). This is the common case: one request.
/// 2. When the condition fails, a consistent read says why. A live item of another kind is a
///    `wrongKind` error, a live counter without room an `overflow`; nothing was changed.
/// 3. A dead item (expired, or left without a value) is replaced by a PutItem conditioned on it
///    still being dead. Of several writers restarting it at once, one wins; the others' condition
///    fails and they go round again, now adding to the live item. No update is lost.
/// 4. A live item of the right kind means another writer changed it between 1 and 2: go round.
///
/// Each round sees a fresh `now`, and the rounds are bounded (`maxRounds`).
extension DynamoDBStore {
    /// The body of a round's first step: the result, or nil when its condition failed.
    typealias ConditionalAttempt<T> = (_ now: Int64, _ expiresAt: Int64) throws(CacheError) -> T?

    func updateStartingAfresh<T>(
        namespace: String,
        key: String,
        ttl: Int64,
        kind: CacheValueKind,
        afresh: (value: CacheValue, result: T),
        checkLive: (CacheEntry) throws(CacheError) -> Void = { _ in },
        attempt: ConditionalAttempt<T>
    ) throws(CacheError) -> T {
        for _ in 0..<Self.maxRounds {
            let now = nowSeconds
            let expiresAt = CacheLimits.expiry(now: clock.now(), ttl: ttl)
            if let result = try attempt(now, expiresAt) { return result }

            let item = try readItem(namespace: namespace, key: key, consistent: true)
            if let live = try item.flatMap({ item throws(CacheError) in try MatanoLayout.entry(from: item, now: now) }) {
                guard live.value.kind == kind else {
                    throw .wrongKind(key: key, expected: kind, found: live.value.kind)
                }
                try checkLive(live)
                continue
            }
            let fresh = MatanoLayout.item(namespace: namespace, key: key, value: afresh.value, expiresAt: expiresAt)
            if try putItem(fresh, condition: Conditions.dead, parts: Conditions.parts(now: now)) {
                return afresh.result
            }
        }
        throw conflict(namespace: namespace, key: key)
    }

    /// The error when other writers won every round.
    func conflict(namespace: String, key: String) -> CacheError {
        .store(
            code: "TransactionConflict",
            message: "'\(key)' in '\(namespace)' changed under \(Self.maxRounds) attempts in a row; try again"
        )
    }

    /// The current live entry, which must hold `kind`; nil when missing or dead. A read that
    /// follows the store's consistency setting, for calls that change nothing.
    func liveEntry(namespace: String, key: String, of kind: CacheValueKind) throws(CacheError) -> CacheEntry? {
        guard let live = try entry(namespace: namespace, key: key) else { return nil }
        guard live.value.kind == kind else { throw .wrongKind(key: key, expected: kind, found: live.value.kind) }
        return live
    }
}
