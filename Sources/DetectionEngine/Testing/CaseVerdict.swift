import CacheCore

/// Compares what a case expects with what happened.
struct CaseVerdict {
    /// One thing that differed: what, expected, actual (shown side by side).
    struct Difference: Equatable {
        let what: String
        let expected: String
        let actual: String
    }

    private(set) var differences: [Difference] = []
    /// Failures of detection functions that the case did not expect, with their tracebacks.
    private(set) var unexpectedFailures: [CaseObservation.Failure] = []
    private(set) var setupError: String?

    var passed: Bool { differences.isEmpty && unexpectedFailures.isEmpty && setupError == nil }

    init(_ testCase: TestCase, _ observation: CaseObservation) {
        setupError = observation.setupError
        guard setupError == nil else { return }
        let expect = testCase.expect
        checkFailures(expect.raises, observation)
        if let matches = expect.matches {
            for (index, (wanted, got)) in zip(matches, observation.matched).enumerated() where wanted != got {
                differences.append(.init(what: testCase.isSequence ? "record \(index + 1)" : "match",
                                         expected: wanted ? "match" : "no match", actual: got ? "match" : "no match"))
            }
        }
        checkFields(expect.fields, observation.matches.last)
        if let alerts = expect.alerts { checkAlerts(alerts, observation.alerts) }
        for (check, after) in zip(expect.cache, observation.cacheAfter) {
            if check.value != after.value {
                differences.append(.init(what: "cache \(check.namespace).\(check.key)",
                                         expected: Self.render(check.value), actual: Self.render(after.value)))
            }
        }
    }

    /// A detection function that raised fails the case, unless `raises` names what `detect` raised.
    private mutating func checkFailures(_ raises: String?, _ observation: CaseObservation) {
        var raised = false
        for failure in observation.failures {
            if let raises, failure.function == "detect", Self.names(failure.exception, raises) {
                raised = true
            } else {
                unexpectedFailures.append(failure)
            }
        }
        if let raises, !raised {
            let other = observation.failures.first { $0.function == "detect" }
            differences.append(.init(what: "raises", expected: raises,
                                     actual: other.map { "\($0.exception): \($0.message)" } ?? "nothing raised"))
        }
    }

    /// `KeyError` names `KeyError`; `json.decoder.JSONDecodeError` is named by its last part too.
    private static func names(_ exception: String, _ wanted: String) -> Bool {
        exception == wanted || exception.split(separator: ".").last.map(String.init) == wanted
    }

    private mutating func checkFields(_ fields: [(key: String, value: CaseNode)], _ last: CaseObservation.Match?) {
        for (key, expected) in fields {
            guard let actual = last?.row[key] else {
                differences.append(.init(what: key, expected: Self.render(expected), actual: "(no match produced it)"))
                continue
            }
            differences += Self.diff(expected, actual, path: key)
        }
    }

    private mutating func checkAlerts(_ expected: [Expectation.AlertExpectation], _ actual: [CaseNode]) {
        if expected.count != actual.count {
            differences.append(.init(what: "alerts", expected: "\(expected.count) alert(s)", actual: "\(actual.count) alert(s)"))
        }
        for (index, (want, row)) in zip(expected, actual).enumerated() {
            var wanted: [(String, CaseNode)] = [
                ("dedupe", CaseNode(.string(want.dedupe))),
                ("activated", CaseNode(.bool(want.activated))),
                ("match_count", CaseNode(.number(String(want.matchCount)))),
            ]
            if let title = want.title { wanted.append(("title", CaseNode(.string(title)))) }
            if let severity = want.severity { wanted.append(("severity", CaseNode(.string(severity)))) }
            for (key, value) in wanted {
                differences += Self.diff(value, row[key] ?? CaseNode(.null), path: "alerts[\(index + 1)].\(key)")
            }
        }
        for (index, row) in actual.enumerated().dropFirst(expected.count) {
            differences.append(.init(what: "alerts[\(index + 1)]", expected: "(none)", actual: Self.alertSummary(row)))
        }
        for index in actual.count..<max(actual.count, expected.count) {
            let want = expected[index]
            differences.append(.init(what: "alerts[\(index + 1)]",
                                     expected: "dedupe \(Self.render(CaseNode(.string(want.dedupe)))), activated \(want.activated), match_count \(want.matchCount)",
                                     actual: "(none)"))
        }
    }

    private static func alertSummary(_ row: CaseNode) -> String {
        "dedupe \(render(row["dedupe"])), activated \(render(row["activated"])), match_count \(render(row["match_count"]))"
    }

    /// The keys or positions where two values differ; mappings and lists are walked, so a
    /// mismatch in a large `alert_context` shows just the keys that differ.
    static func diff(_ expected: CaseNode, _ actual: CaseNode, path: String) -> [Difference] {
        switch (expected.kind, actual.kind) {
        case let (.map(wanted), .map(got)):
            var found: [Difference] = []
            for entry in wanted {
                if let value = actual[entry.key] {
                    found += diff(entry.value, value, path: "\(path).\(entry.key)")
                } else {
                    found.append(.init(what: "\(path).\(entry.key)", expected: render(entry.value), actual: "(missing)"))
                }
            }
            for entry in got where expected[entry.key] == nil {
                found.append(.init(what: "\(path).\(entry.key)", expected: "(missing)", actual: render(entry.value)))
            }
            return found
        case let (.list(wanted), .list(got)) where wanted.count == got.count:
            return zip(wanted, got).enumerated().flatMap { diff($1.0, $1.1, path: "\(path)[\($0)]") }
        default:
            return expected.sameValue(as: actual) ? [] : [.init(what: path, expected: render(expected), actual: render(actual))]
        }
    }

    static func render(_ node: CaseNode?) -> String {
        node?.jsonText ?? "null"
    }

    static func render(_ value: CacheValue?) -> String {
        switch value {
        case nil: "(absent)"
        case let .counter(count)?: String(count)
        case let .string(text)?: CaseNode(.string(text)).jsonText
        case let .bool(flag)?: String(flag)
        case let .stringSet(members)?: CaseNode(.list(members.sorted().map { CaseNode(.string($0)) })).jsonText
        }
    }
}
