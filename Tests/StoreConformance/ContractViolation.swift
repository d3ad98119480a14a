import CacheCore

/// A store broke the contract: what was expected, what happened, and which line of the suite
/// checked it (the suite runs without a test framework, so it reports its own locations).
public struct ContractViolation: Error, CustomStringConvertible {
    public let message: String
    public let fileID: String
    public let line: Int

    public var description: String { "\(fileID):\(line): \(message)" }
}

/// Fails with `message` unless `condition` holds.
func expect(
    _ condition: Bool, _ message: @autoclosure () -> String,
    fileID: String = #fileID, line: Int = #line
) throws(ContractViolation) {
    guard !condition else { return }
    throw ContractViolation(message: message(), fileID: fileID, line: line)
}

/// Fails unless `actual == expected`, naming `what` and both values.
func expectEqual<T: Equatable>(
    _ actual: T, _ expected: T, _ what: String,
    fileID: String = #fileID, line: Int = #line
) throws(ContractViolation) {
    try expect(actual == expected, "\(what): expected \(expected), got \(actual)", fileID: fileID, line: line)
}

/// Fails unless `body` throws a `CacheError` of the same case as `expected`.
///
/// The limit errors (`invalidKey`, `invalidNamespace`, `invalidMember`) carry a message for
/// people, so only their case is compared; every other error must be equal, associated values
/// included (`wrongKind` must name the key and both kinds).
func expectRefusal(
    _ expected: CacheError, _ what: String,
    fileID: String = #fileID, line: Int = #line,
    _ body: () throws -> Void
) throws {
    do {
        try body()
    } catch let error as CacheError {
        try expect(error.sameCase(as: expected), "\(what): expected \(expected), got \(error)", fileID: fileID, line: line)
        return
    }
    throw ContractViolation(message: "\(what): expected \(expected), but it succeeded", fileID: fileID, line: line)
}

extension CacheError {
    func sameCase(as other: CacheError) -> Bool {
        switch (self, other) {
        case (.invalidKey, .invalidKey), (.invalidNamespace, .invalidNamespace), (.invalidMember, .invalidMember):
            true
        default:
            self == other
        }
    }
}

extension ContractFixture {
    /// Runs a refused operation and checks that the entry at `key` is exactly as before
    /// (value and expiry): "a refused operation changes nothing".
    func expectRefusedUnchanged(
        _ expected: CacheError, _ what: String, namespace: String, key: String,
        fileID: String = #fileID, line: Int = #line,
        _ body: () throws -> Void
    ) throws {
        let before = try store.entry(namespace: namespace, key: key)
        try expectRefusal(expected, what, fileID: fileID, line: line, body)
        let after = try store.entry(namespace: namespace, key: key)
        try expectEqual(after, before, "\(what): entry after the refusal", fileID: fileID, line: line)
    }
}
