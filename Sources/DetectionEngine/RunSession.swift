import CacheCore
import DetectionModule
import Foundation
import PythonBridge

/// The state of one run: decoding each record, calling every detection on it, alerting.
struct RunSession {
    let detections: [LoadedDetection]
    let output: OutputSink
    let report: ErrorReport
    let clock: any CacheClock
    let failFast: Bool
    private(set) var stats: [DetectionStats]
    private(set) var records = 0
    private(set) var stopped = false
    private var alerting = Alerting()
    private var decoder: PyShared?
    private let resolver: MatchResolver

    init(detections: [LoadedDetection], output: OutputSink, report: ErrorReport, clock: any CacheClock, failFast: Bool) {
        self.detections = detections
        self.output = output
        self.report = report
        self.clock = clock
        self.failFast = failFast
        stats = Array(repeating: DetectionStats(), count: detections.count)
        resolver = MatchResolver(report: report)
    }

    mutating func prepare(_ gil: borrowing GILToken) throws {
        guard let recordType = DetectionModule.recordType(gil) else {
            throw PythonException(.runtimeError, "the detection module did not initialise")
        }
        let make = try EngineSupport.function("make_decoder", gil)
        decoder = try call(make.pointer, recordType, gil).shared()
    }

    mutating func process(_ reader: LineReader, file: String, _ gil: borrowing GILToken) {
        var lineNumber = 0
        while !stopped {
            let more = reader.nextLine { bytes in
                lineNumber += 1
                processLine(bytes, file: file, line: lineNumber, gil)
            }
            if !more { break }
        }
    }

    private mutating func processLine(_ bytes: UnsafeRawBufferPointer, file: String, line: Int, _ gil: borrowing GILToken) {
        let trimmed = Self.trimmed(bytes)
        guard !trimmed.isEmpty, let decoder else { return }
        let record: PyOwned
        do {
            let data = try pyBytes(trimmed, gil)
            record = try call(decoder.pointer(gil), data.pointer, gil)
        } catch {
            report.invalidRecord(file: file, line: line, message: error.message)
            if failFast { stopped = true }
            return
        }
        records += 1
        let time = eventTime(of: record.pointer, gil) ?? clock.now()
        for index in detections.indices where !stopped {
            runDetection(index, record: record.pointer, raw: trimmed, time: time, file: file, line: line, gil)
        }
    }

    private mutating func runDetection(_ index: Int, record: PyObjectPointer, raw: UnsafeRawBufferPointer,
                                       time: Double, file: String, line: Int, _ gil: borrowing GILToken) {
        let detection = detections[index]
        let started = DispatchTime.now().uptimeNanoseconds
        defer { stats[index].nanoseconds += DispatchTime.now().uptimeNanoseconds - started }
        stats[index].records += 1
        let matched: Bool
        do {
            let result = try call(detection.detect.pointer(gil), record, gil)
            matched = try isTruthy(result.pointer, gil)
        } catch {
            if error.isKeyboardInterrupt(gil) {
                stopped = true
                return
            }
            stats[index].errors += 1
            report.detectionFailed(detection, function: "detect", error: error, file: file, line: line, gil)
            if failFast { stopped = true }
            return
        }
        guard matched else { return }
        stats[index].matches += 1
        let fields = resolver.resolve(detection, record: record, file: file, line: line, gil)
        let outcome = alerting.match(detection: detection.name, dedupe: fields.dedupe, time: time,
                                     window: detection.metadata.deduplicationWindow,
                                     threshold: detection.metadata.threshold)
        if outcome.matchCount == 1 { stats[index].alerts += 1 }
        if outcome.activatedNow { stats[index].activatedAlerts += 1 }
        output.writeLine(MatchOutput.row(detection: detection, fields: fields, outcome: outcome,
                                         file: file, line: line, record: raw))
    }

    private func eventTime(of record: PyObjectPointer, _ gil: borrowing GILToken) -> Double? {
        guard let value = try? dictItem(record, "ts", gil) else { return nil }
        if let number = swiftNumber(value, gil) { return EventTime.seconds(fromNumber: number) }
        if isString(value), let text = try? swiftString(value, gil) { return EventTime.seconds(fromRFC3339: text) }
        return nil
    }

    /// The line without surrounding JSON whitespace (a trailing `\r` from CRLF files).
    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }
}

/// One output line per match (DESIGN §5).
enum MatchOutput {
    static func row(detection: LoadedDetection, fields: MatchFields, outcome: Alerting.Outcome,
                    file: String, line: Int, record: UnsafeRawBufferPointer) -> String {
        var row = JSONObjectText()
        row.field("detection", string: detection.name)
        row.field("alert_id", string: outcome.alertID)
        row.field("activated", bool: outcome.activated)
        row.field("match_count", int: outcome.matchCount)
        row.field("title", string: fields.title)
        row.field("severity", string: fields.severity)
        row.field("dedupe", string: fields.dedupe)
        row.field("description", string: fields.description)
        row.field("runbook", string: fields.runbook)
        row.field("reference", string: fields.reference)
        row.field("destinations", strings: fields.destinations)
        row.field("alert_context", raw: fields.alertContext ?? "null")
        row.field("file", string: file)
        row.field("line", int: line)
        row.field("record", raw: String(decoding: record, as: UTF8.self))
        return row.finished()
    }
}
