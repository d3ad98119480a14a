/// The outcome of one case as every report format shows it.
struct CaseResult {
    let detection: String
    /// nil for a detection that has no cases, failed by `--require-tests`.
    let name: String?
    let file: String
    let line: Int
    let passed: Bool
    /// The first thing that went wrong, on one line; empty for a pass.
    let headline: String
    /// What differed, the tracebacks, and what the detection printed; empty for a pass.
    let details: String
    let printed: String
    let seconds: Double

    /// `detection::name`, as `--filter` matches it.
    var title: String { name.map { "\(detection)::\($0)" } ?? detection }

    /// Where the case is written, as `path:line`.
    var place: String { line > 0 ? "\(file):\(line)" : file }

}

extension CaseResult {
    init(_ testCase: TestCase, detection: LoadedDetection, verdict: CaseVerdict, observation: CaseObservation, seconds: Double) {
        self.init(detection: detection.name, name: testCase.name, file: testCase.file, line: testCase.line,
                  passed: verdict.passed, headline: Self.headline(verdict),
                  details: verdict.passed ? "" : Self.details(verdict, observation, scriptPath: detection.scriptPath),
                  printed: observation.printed, seconds: seconds)
    }

    static func headline(_ verdict: CaseVerdict) -> String {
        if let setup = verdict.setupError { return setup }
        if let first = verdict.differences.first { return "\(first.what): expected \(first.expected), actual \(first.actual)" }
        if let failure = verdict.unexpectedFailures.first {
            return "record \(failure.position): \(failure.function)() raised \(failure.exception): \(failure.message)"
        }
        return ""
    }

    /// The failure text: a table of expected against actual, each unexpected exception with its
    /// traceback, and what the detection printed.
    static func details(_ verdict: CaseVerdict, _ observation: CaseObservation, scriptPath: String) -> String {
        var lines: [String] = []
        if let setup = verdict.setupError { lines.append(setup) }
        if !verdict.differences.isEmpty {
            let rows = [("", "expected", "actual")] + verdict.differences.map { ($0.what, $0.expected, $0.actual) }
            let first = rows.map(\.0.count).max() ?? 0
            let second = rows.map(\.1.count).max() ?? 0
            for (what, expected, actual) in rows {
                lines.append(pad(what, first) + "  " + pad(expected, second) + "  " + actual)
            }
        }
        for failure in verdict.unexpectedFailures {
            lines.append("record \(failure.position): \(failure.function)() raised \(failure.exception): \(failure.message)")
            lines += failure.traceback.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "  " + $0 }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }
        if !observation.printed.isEmpty {
            lines.append("printed:")
            lines += observation.printed.split(separator: "\n", omittingEmptySubsequences: false).dropLast(observation.printed.hasSuffix("\n") ? 1 : 0)
                .map { "  | " + $0 }
        }
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}

import Foundation
