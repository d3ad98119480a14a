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
    let watchdog: CallWatchdog?
    private(set) var stats: [DetectionStats]
    private(set) var records = 0
    private(set) var stopped = false
    private(set) var interrupted = false
    /// Set when the shared alert state could not be updated: the run stopped there.
    private(set) var alertingFailed = false
    private var alerting = Alerting()
    /// Set when the store is shared by many processes (DynamoDB): alerts are grouped there.
    private let sharedAlerting: SharedAlerting?
    private let decoder: JSONRecordDecoder
    /// The fields that give a record its event time (`ts`, then any `RunOptions` adds), each a
    /// `str` made once: looked up in every record.
    private let timeKeys: [PyShared]
    private let resolver: MatchResolver
    private var rows: MatchRowWriter
    private let timeoutMilliseconds: Int

    init(detections: [LoadedDetection], options: RunOptions, output: OutputSink, report: ErrorReport,
         clock: any CacheClock, sharedStore: (any CacheStore)? = nil, _ gil: borrowing GILToken) throws {
        self.detections = detections
        self.output = output
        self.report = report
        self.clock = clock
        sharedAlerting = sharedStore.map { SharedAlerting(store: $0) }
        failFast = options.failFast
        timeoutMilliseconds = options.timeoutMilliseconds ?? 0
        watchdog = options.timeoutMilliseconds.map { CallWatchdog(milliseconds: $0) }
        stats = Array(repeating: DetectionStats(), count: detections.count)
        resolver = MatchResolver(report: report)
        rows = MatchRowWriter(detectionNames: detections.map(\.name))
        decoder = try JSONRecordDecoder(objectType: DetectionModule.recordType(gil), gil)
        timeKeys = try options.eventTimeFields.map { try pyString($0, gil).shared() }
    }

    /// Processes everything the reader delivers until the input ends, `--fail-fast` stops the
    /// run, or Ctrl-C interrupts it.
    mutating func consume(_ reader: InputReader, showsProgress: Bool = true, _ gil: borrowing GILToken) {
        var progress = ProgressLine(enabled: showsProgress)
        defer {
            reader.cancel()
            watchdog?.stop()
            progress.clear()
        }
        while !stopped {
            // Wait without the GIL, so that threads a detection started keep running.
            let item = Python.allowingThreads(gil) { reader.next(timeout: 0.25) }
            do {
                try Python.checkSignals(gil)
            } catch {
                interrupted = true
                stopped = true
                break
            }
            switch item {
            case nil:
                // Idle input (a live stream): let what matched so far reach the reader.
                output.flush()
                if output.failure != nil { stopped = true }
            case let .batch(batch)?:
                batch.forEach { record in
                    processRecord(record, file: batch.file, gil)
                    return !stopped
                }
                // A closed or failing output stops the run: nothing more could be delivered.
                if output.failure != nil { stopped = true }
            case let .failure(message)?:
                report.inputFailed(message)
                if failFast { stopped = true }
            case let .inputDone(name)?:
                output.finishInput(name)
                if output.failure != nil { stopped = true }
            case .end?:
                return
            }
            progress.update(records: records, bytesRead: reader.bytesRead.load(ordering: .relaxed), totalBytes: reader.totalBytes)
        }
    }

    /// One record given as JSON bytes, through every detection as `consume` runs each record it
    /// reads (scanned into a tape first, as the reader thread does): the `test` command runs its
    /// cases through here.
    mutating func process(_ bytes: UnsafeRawBufferPointer, file: String, position: Int, _ gil: borrowing GILToken) {
        let batch = RecordBatch(file: file)
        batch.append(bytes, position: position)
        batch.forEach { record in
            processRecord(record, file: file, gil)
            return true
        }
    }

    private mutating func processRecord(_ input: RecordBatch.Record, file: String, _ gil: borrowing GILToken) {
        let bytes = input.bytes
        let position = input.position
        let record: PyOwned
        do {
            if let first = input.tapeEntry {
                record = try decoder.decode(bytes, tape: input.tape, first: first, gil)
            } else {
                record = try decoder.decode(bytes, gil)
            }
        } catch {
            report.invalidRecord(file: file, line: position, message: error.message)
            if failFast { stopped = true }
            return
        }
        guard isDict(record.pointer(gil)) else {
            report.invalidRecord(file: file, line: position, message: "a record must be a JSON object, not \(typeName(of: record.pointer(gil)))")
            if failFast { stopped = true }
            return
        }
        records += 1
        let time = eventTime(of: record.pointer(gil), gil) ?? clock.now()
        // One clock reading per call: where one detection's time ends, the next one's begins.
        var reading = Self.monotonicNanoseconds()
        for index in detections.indices where !stopped {
            runDetection(index, record: record.pointer(gil), raw: bytes, time: time, file: file, line: position, gil)
            let now = Self.monotonicNanoseconds()
            stats[index].nanoseconds += now &- reading
            reading = now
        }
    }

    /// CLOCK_MONOTONIC read directly (a vDSO call): cheaper than `DispatchTime.now()`, and read
    /// once per detection call.
    @inline(__always)
    private static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    private mutating func runDetection(_ index: Int, record: PyObjectPointer, raw: UnsafeRawBufferPointer,
                                       time: Double, file: String, line: Int, _ gil: borrowing GILToken) {
        let detection = detections[index]
        stats[index].records += 1
        let matched: Bool
        let sequence = watchdog?.begin()
        do {
            let result = try call(detection.detect.pointer(gil), record, gil)
            matched = try isTruthy(result.pointer(gil), gil)
            if let sequence, watchdog?.end(sequence) == true {
                // The limit passed while the call was finishing inside C code: the interruption
                // it left pending must not go off in the next detection's call.
                Python.cancelPendingTimeout(gil)
            }
        } catch {
            let timedOut = sequence.map { watchdog?.end($0) ?? false } ?? false
            if error.isKeyboardInterrupt(gil) {
                interrupted = true
                stopped = true
                return
            }
            stats[index].errors += 1
            if timedOut {
                report.timedOut(detection, error: error, file: file, line: line, milliseconds: timeoutMilliseconds, gil)
            } else {
                report.detectionFailed(detection, function: "detect", error: error, file: file, line: line, gil)
            }
            if failFast { stopped = true }
            return
        }
        guard matched else { return }
        stats[index].matches += 1
        let fields = resolver.resolve(detection, record: record, file: file, line: line, gil)
        let matchID = NameBasedID.make("match", detection.name, file, String(line))
        let outcome: Alerting.Outcome
        if let sharedAlerting {
            do throws(CacheError) {
                outcome = try sharedAlerting.match(detection: detection.name, dedupe: fields.dedupe, time: time,
                                                   window: detection.metadata.deduplicationWindow,
                                                   threshold: detection.metadata.threshold, matchID: matchID)
            } catch {
                report.alertingFailed(detection: detection.name, file: file, line: line, message: error.description)
                alertingFailed = true
                stopped = true
                return
            }
        } else {
            outcome = alerting.match(detection: detection.name, dedupe: fields.dedupe, time: time,
                                     window: detection.metadata.deduplicationWindow,
                                     threshold: detection.metadata.threshold)
        }
        if outcome.matchCount == 1 { stats[index].alerts += 1 }
        if outcome.activatedNow { stats[index].activatedAlerts += 1 }
        output.writeLine { row in
            rows.write(detection: index, id: matchID, fields: fields, outcome: outcome, file: file, line: line,
                       record: raw, into: &row)
        }
    }

    private func eventTime(of record: PyObjectPointer, _ gil: borrowing GILToken) -> Double? {
        for (index, key) in timeKeys.enumerated() {
            guard let value = try? dictItem(record, key: key.pointer(gil), gil) else { continue }
            if let number = swiftNumber(value, gil) { return EventTime.seconds(fromNumber: number) }
            // Fields past `ts` are Panther's, whose times without a zone are UTC.
            if isString(value), let text = try? swiftString(value, gil) {
                return EventTime.seconds(fromRFC3339: text, zonelessIsUTC: index > 0)
            }
        }
        return nil
    }
}
