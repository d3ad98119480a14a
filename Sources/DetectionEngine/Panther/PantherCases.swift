import CacheCore
import Foundation
import PythonBridge

/// A Panther detection with the entries of its `Tests:`, in YAML order.
struct PantherSuite {
    let rule: PantherRule
    let cases: [CaseNode]

    init(rule: PantherRule) {
        self.rule = rule
        cases = rule.spec.tests?.items ?? []
    }

    static func name(of testCase: CaseNode) -> String {
        testCase["Name"]?.string ?? testCase["Name"]?.jsonText ?? "(unnamed)"
    }
}

/// Runs one `Tests:` entry with the verdicts of Panther's tool (the Python case runner decides),
/// each case on a fresh memory cache with the clock set, as `detection-host test` isolates its own.
struct PantherCaseRunner {
    let store: MemoryStore
    let clock: ManualClock
    let defaultNow: Double

    enum Outcome {
        case result(CaseResult)
        case interrupted
    }

    func run(_ testCase: CaseNode, of rule: PantherRule, _ gil: borrowing GILToken) -> Outcome {
        let started = DispatchTime.now().uptimeNanoseconds
        let name = PantherSuite.name(of: testCase)
        let spec = rule.spec
        func result(passed: Bool, headline: String, details: String, printed: String) -> Outcome {
            .result(CaseResult(detection: spec.id, name: name, file: spec.specPath, line: testCase.line, passed: passed,
                               headline: headline, details: details, printed: printed,
                               seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9))
        }
        guard let adapter = rule.adapter else {
            let why = rule.loadError ?? "the rule did not load"
            return result(passed: false, headline: why.split(separator: "\n").first.map(String.init) ?? why, details: why, printed: "")
        }
        do {
            try store.clear(namespace: nil)
            clock.set(defaultNow)
        } catch {
            return result(passed: false, headline: "the cache could not be reset: \(error)", details: "\(error)", printed: "")
        }
        do {
            let text = try pyString(testCase.jsonText, gil)
            let run = try PantherPython.function("run_case", gil)
            let answer = try call(run.pointer(gil), [adapter.pointer(gil), text.pointer(gil)], gil)
            let tuple = answer.pointer(gil)
            let passed = try boolValue(sequenceGetItem(tuple, 0, gil).pointer(gil)) ?? false
            let strings = try (1...3).map { index in try swiftString(sequenceGetItem(tuple, index, gil).pointer(gil), gil) }
            var details = strings[1]
            if !passed && !strings[2].isEmpty {
                details += (details.isEmpty ? "" : "\n") + "printed:\n"
                    + strings[2].split(separator: "\n", omittingEmptySubsequences: false)
                        .dropLast(strings[2].hasSuffix("\n") ? 1 : 0).map { "  | " + $0 }.joined(separator: "\n")
            }
            return result(passed: passed, headline: strings[0], details: details, printed: strings[2])
        } catch {
            if let error = error as? PythonError, error.isKeyboardInterrupt(gil) { return .interrupted }
            return result(passed: false, headline: "the case could not run: \(error)", details: "\(error)", printed: "")
        }
    }
}
