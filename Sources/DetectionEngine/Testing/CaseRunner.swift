import CacheCore
import Foundation
import PythonBridge

/// Runs test cases through the engine `run` uses (decoder, `RunSession`, alerting, match
/// fields), each isolated: the cache emptied and its clock set, fresh alerting, mocks undone.
final class CaseRunner {
    /// The store every `remote_cache` handle of the loaded detections uses.
    let store: MemoryStore
    let clock: ManualClock
    /// The clock for a case without `now`, before its first `ts`.
    let defaultNow: Double

    /// Seeded entries outlive any case: a seed is state, not something a window should drop.
    static let seedTTL = CacheLimits.maxTTL

    init(store: MemoryStore, clock: ManualClock, defaultNow: Double) {
        self.store = store
        self.clock = clock
        self.defaultNow = defaultNow
    }

    func run(_ testCase: TestCase, of detection: LoadedDetection, _ gil: borrowing GILToken) -> CaseObservation {
        var observation = CaseObservation()
        do {
            try store.clear(namespace: nil)
            clock.set(testCase.now ?? defaultNow)
            for seed in testCase.cache {
                try store.put(namespace: seed.namespace, key: seed.key, value: seed.value, ttl: Self.seedTTL)
            }
        } catch {
            observation.setupError = "the cache could not be seeded: \(error)"
            return observation
        }
        let capture: PyOwned
        do {
            capture = try call(try CaseSupport.function("begin_capture", gil).pointer(gil), [], gil)
        } catch {
            observation.setupError = "output capture failed: \(error)"
            return observation
        }
        runRecords(testCase, of: detection, into: &observation, gil)
        do {
            let printed = try call(try CaseSupport.function("end_capture", gil).pointer(gil), capture.pointer(gil), gil)
            observation.printed = try swiftString(printed.pointer(gil), gil)
        } catch {
            observation.setupError = "output capture failed: \(error)"
        }
        observation.cacheAfter = testCase.expect.cache.map { check in
            .init(namespace: check.namespace, key: check.key, value: try? store.get(namespace: check.namespace, key: check.key))
        }
        return observation
    }

    /// Mocks on, every record through a fresh session, mocks off.
    private func runRecords(_ testCase: TestCase, of detection: LoadedDetection, into observation: inout CaseObservation,
                            _ gil: borrowing GILToken) {
        let undo: PyShared
        do {
            let pairs = CaseNode(.list(testCase.mocks.map { CaseNode(.list([CaseNode(.string($0.name)), $0.value])) }))
            let mocks = try pyString(pairs.jsonText, gil)
            undo = try call(try CaseSupport.function("apply_mocks", gil).pointer(gil), [detection.detect.pointer(gil), mocks.pointer(gil)], gil).shared()
        } catch {
            observation.setupError = "the mocks could not be applied: \(error)"
            return
        }
        defer {
            if let function = try? CaseSupport.function("undo_mocks", gil) { _ = try? call(function.pointer(gil), undo.pointer(gil), gil) }
        }
        let rows = OutputSink.collecting()
        let errors = OutputSink.collecting()
        var session: RunSession
        do {
            session = try RunSession(detections: [detection], options: RunOptions(), output: rows,
                                     report: ErrorReport(errorsFile: errors, echo: false), clock: clock, gil)
        } catch {
            observation.setupError = "the run could not start: \(error)"
            return
        }
        for (index, record) in testCase.records.enumerated() where !session.interrupted {
            if let time = Self.eventTime(of: record) { clock.set(time) }
            let bytes = Array(record.jsonText.utf8)
            bytes.withUnsafeBytes { session.process($0, file: testCase.file, position: index + 1, gil) }
            let produced = rows.takeCollected().compactMap(Self.parse)
            observation.matched.append(!produced.isEmpty)
            observation.matches += produced.map { .init(position: index + 1, row: $0) }
            observation.failures += errors.takeCollected().compactMap(Self.parse).map(Self.failure)
        }
        observation.interrupted = session.interrupted
    }

    /// The record's `ts` read as `RunSession` reads it: epoch seconds or milliseconds, or RFC 3339.
    static func eventTime(of record: CaseNode) -> Double? {
        switch record["ts"]?.kind {
        case let .number(text)?: Double(text).flatMap(EventTime.seconds(fromNumber:))
        case let .string(text)?: EventTime.seconds(fromRFC3339: text)
        default: nil
        }
    }

    private static func parse(_ line: [UInt8]) -> CaseNode? {
        try? CaseJSONReader.parse(String(decoding: line, as: UTF8.self), path: "<output>")
    }

    private static func failure(_ row: CaseNode) -> CaseObservation.Failure {
        let position = row["line"].flatMap { node -> Int? in
            if case let .number(text) = node.kind { return Int(text) }
            return nil
        } ?? 0
        return .init(position: position, function: row["function"]?.string ?? row["kind"]?.string ?? "?",
                     exception: row["exception"]?.string ?? "", message: row["message"]?.string ?? "",
                     traceback: row["traceback"]?.string ?? "")
    }
}
