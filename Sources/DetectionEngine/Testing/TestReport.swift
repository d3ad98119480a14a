import Foundation

/// Writes results as they come: text lines for a person, or JSON objects for a script
/// (`--json`); the summary line comes last.
struct TestReport {
    let options: TestOptions
    private let output: OutputSink

    init(options: TestOptions) throws {
        self.options = options
        output = try OutputSink(path: nil)
    }

    func emit(_ result: CaseResult) {
        if options.json {
            output.writeLine(Self.json(result))
        } else if !result.passed {
            output.writeLine(paint("FAIL", 31) + " \(result.title) (\(result.place))")
            for line in result.details.split(separator: "\n", omittingEmptySubsequences: false) {
                output.writeLine("    " + line)
            }
        } else if options.verbose {
            output.writeLine(paint("PASS", 32) + " \(result.title) (\(String(format: "%.1f", result.seconds * 1000)) ms)")
        }
    }

    /// The closing lines: the detections without cases, then `N passed, M failed[, K skipped]`
    /// (on standard error with `--json`, so that standard output stays one object a line).
    func finish(passed: Int, failed: Int, skipped: Int, withoutCases: [String], notes: [String] = []) {
        var lines = notes
        if !withoutCases.isEmpty {
            lines.append("detections without test cases: " + withoutCases.joined(separator: ", "))
        }
        var summary = "\(passed) passed, \(failed) failed"
        if skipped > 0 { summary += ", \(skipped) skipped" }
        lines.append(failed > 0 ? paint(summary, 31) : paint(summary, 32))
        if options.json {
            output.flush()
            for line in lines { Diagnostics.print(line) }
        } else {
            for line in lines { output.writeLine(line) }
            output.flush()
        }
    }

    private func paint(_ text: String, _ code: Int) -> String {
        options.color && !options.json ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    static func json(_ result: CaseResult) -> [UInt8] {
        var row = JSONObjectText()
        row.field("detection", string: result.detection)
        row.field("name", string: result.name)
        row.field("file", string: result.file)
        row.field("line", int: result.line)
        row.field("outcome", string: result.passed ? "passed" : "failed")
        row.field("message", string: result.passed ? nil : result.details)
        row.field("duration_ms", raw: String(format: "%.3f", result.seconds * 1000))
        return row.finished()
    }
}
