import PythonBridge

/// Failures during a run (DESIGN §6): each distinct (detection, exception type, line in the
/// detection's file) is shown once with its traceback and then only counted; every occurrence
/// goes to `--errors FILE` when given.
final class ErrorReport {
    private struct Place: Hashable {
        let detection: String
        let type: String
        let line: Int
    }

    private var seen: [Place: Int] = [:]
    private let errorsFile: OutputSink?
    private(set) var invalidRecords = 0
    private(set) var failedCalls = 0

    /// False: nothing goes to standard error, only to `errorsFile` (`test` reports per case).
    private let echo: Bool

    init(errorsFile: OutputSink?, echo: Bool = true) {
        self.errorsFile = errorsFile
        self.echo = echo
    }

    var hadErrors: Bool { invalidRecords > 0 || failedCalls > 0 }

    /// A record that could not be decoded: reported every time (each is a lost record).
    func invalidRecord(file: String, line: Int, message: String) {
        invalidRecords += 1
        Diagnostics.print("\(file):\(line): invalid record skipped: \(message)")
        var row = JSONObjectText()
        row.field("kind", string: "invalid_record")
        row.field("file", string: file)
        row.field("line", int: line)
        row.field("message", string: message)
        errorsFile?.writeLine(row.finished())
    }

    /// An input that failed part-way (read error, corrupt gzip): what was read stays processed.
    func inputFailed(_ message: String) {
        invalidRecords += 1
        Diagnostics.print("error: \(message)")
        var row = JSONObjectText()
        row.field("kind", string: "input_error")
        row.field("message", string: message)
        errorsFile?.writeLine(row.finished())
    }

    /// The shared alert state could not be updated for a match (the store failed): the run stops
    /// there, since a match without its alert would be a row nobody can trust.
    func alertingFailed(detection: String, file: String, line: Int, message: String) {
        failedCalls += 1
        Diagnostics.print("\(file):\(line): \(detection): the alert state could not be updated, stopping: \(message)")
        var row = JSONObjectText()
        row.field("kind", string: "alerting_error")
        row.field("detection", string: detection)
        row.field("file", string: file)
        row.field("line", int: line)
        row.field("message", string: message)
        errorsFile?.writeLine(row.finished())
    }

    /// A detection function that raised.
    func detectionFailed(_ detection: LoadedDetection, function: String, error: PythonError,
                         file: String, line: Int, _ gil: borrowing GILToken) {
        failedCalls += 1
        let where_ = ErrorLocation.line(of: error, in: detection.scriptPath, gil)
        let place = Place(detection: detection.name, type: error.typeName, line: where_)
        let count = seen[place, default: 0]
        seen[place] = count + 1
        let needsTraceback = count == 0 || errorsFile != nil
        let traceback = needsTraceback ? error.formattedTraceback(gil) : ""
        if count == 0 && echo {
            Diagnostics.print("error: detection '\(detection.name)' raised in \(function)() on \(file) line \(line) "
                + "(shown once; further ones like it are counted):\n\(traceback)")
        }
        guard let errorsFile else { return }
        var row = JSONObjectText()
        row.field("kind", string: "detection_error")
        row.field("detection", string: detection.name)
        row.field("function", string: function)
        row.field("file", string: file)
        row.field("line", int: line)
        row.field("detection_file", string: detection.scriptPath)
        row.field("detection_line", int: where_)
        row.field("exception", string: error.typeName)
        row.field("message", string: error.message)
        row.field("traceback", string: traceback)
        errorsFile.writeLine(row.finished())
    }

    /// A detection call stopped by `--timeout-ms`: on standard error every time (each is a
    /// record the detection did not judge), and in `--errors FILE` with where it was stopped.
    func timedOut(_ detection: LoadedDetection, error: PythonError, file: String, line: Int,
                  milliseconds: Int, _ gil: borrowing GILToken) {
        failedCalls += 1
        let stoppedAt = ErrorLocation.line(of: error, in: detection.scriptPath, gil)
        let place = stoppedAt > 0 ? " (stopped at \(detection.scriptPath) line \(stoppedAt))" : ""
        if echo { Diagnostics.print("error: detection '\(detection.name)' ran longer than \(milliseconds) ms on \(file) line \(line) and was interrupted\(place)") }
        guard let errorsFile else { return }
        var row = JSONObjectText()
        row.field("kind", string: "timeout")
        row.field("detection", string: detection.name)
        row.field("function", string: "detect")
        row.field("file", string: file)
        row.field("line", int: line)
        row.field("timeout_ms", int: milliseconds)
        row.field("detection_file", string: detection.scriptPath)
        row.field("detection_line", int: stoppedAt)
        row.field("traceback", string: error.formattedTraceback(gil))
        errorsFile.writeLine(row.finished())
    }

    /// Distinct places that raised, with their counts, for the summary.
    var distinctFailures: [(String, Int)] {
        seen.map { ("\($0.key.detection): \($0.key.type) at line \($0.key.line)", $0.value) }.sorted { $0.0 < $1.0 }
    }

    func flush() { errorsFile?.flush() }
}
