import CacheCore
import DetectionModule
import Foundation
import PythonBridge

/// `detection-host consume`: one of any number of competing workers on a queue of S3 event
/// notifications. Each message names objects; the worker runs every detection over them as
/// `run` would, and deletes the message only once their matches are written. A message whose
/// objects fail stays on the queue: SQS hands it out again after the visibility timeout, and
/// after the queue's receive count moves it to the dead-letter queue.
public enum QueueConsumer {
    /// Runs until SIGTERM (the object at hand finished), Ctrl-C (130), the queue idle for
    /// `idleExitSeconds`, or a failure that makes going on pointless (1). After SIGTERM or idling
    /// the status is 0, or 1 when some message failed on the way.
    ///
    /// - Parameter inputs: the inputs a message names (`s3://bucket/key`); an error when the
    ///   message is not a notification this worker understands (it then stays on the queue).
    public static func run(_ options: ConsumeOptions, queue: any WorkQueue,
                           inputs: @escaping (QueuedMessage) throws -> [String],
                           clock: any CacheClock = SystemClock()) -> RunStatus {
        TerminationRequest.install()
        let opened: DetectionRunner.Opened
        do {
            opened = try DetectionRunner.Opened(options.run, clock: clock)
        } catch {
            Diagnostics.print("detection-host: \(error)")
            return .couldNotStart
        }
        let (sources, panther, store, output, errorsFile) = (opened.sources, opened.panther, opened.store, opened.output, opened.errorsFile)
        CacheBinding.use(store)
        DetectionModule.start()
        return Python.withGIL { gil in
            guard let detections = DetectionRunner.loadAll(sources, panther: panther, options: options.run, gil) else {
                return .couldNotStart
            }
            let report = ErrorReport(errorsFile: errorsFile)
            guard let session = DetectionRunner.makeSession(detections, options: options.run, panther: panther != nil,
                                                            output: output, report: report, store: store, clock: clock, gil)
            else { return .couldNotStart }
            var worker = Worker(options: options, queue: queue, inputs: inputs, session: session, output: output, report: report)
            let started = DispatchTime.now().uptimeNanoseconds
            let ending = worker.work(gil)
            output.flush()
            report.flush()
            worker.status.clear()
            Diagnostics.print(RunSummary.text(detections: detections, stats: worker.session.stats, records: worker.session.records,
                                              invalidRecords: report.invalidRecords,
                                              seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9,
                                              failures: report.distinctFailures))
            Diagnostics.print(worker.counts.summary)
            for sink in [output, errorsFile].compactMap({ $0 }) {
                if let message = sink.failureMessage { Diagnostics.print("detection-host: \(message)") }
            }
            if output.failure == .closedPipe { return .outputClosed }
            // As `run` says when records failed: the worker went on, but not everything was done.
            if ending == .clean, worker.counts.failedMessages > 0 { return .someFailed }
            return ending
        }
    }
}

/// What one worker has done, for its status line and its summary.
struct ConsumeCounts {
    var messages = 0
    var objects = 0
    var failedMessages = 0

    var summary: String {
        "detection-host: \(objects) objects from \(messages) messages"
            + (failedMessages > 0 ? ", \(failedMessages) messages failed and were left on the queue" : "")
    }
}

/// The receive loop of one worker.
struct Worker {
    let options: ConsumeOptions
    let queue: any WorkQueue
    let inputs: (QueuedMessage) throws -> [String]
    var session: RunSession
    let output: OutputSink
    let report: ErrorReport
    var counts = ConsumeCounts()
    var status = ConsumeStatusLine()

    /// Receives and processes messages until something ends the worker; returns its status.
    mutating func work(_ gil: borrowing GILToken) -> RunStatus {
        var idleSince = DispatchTime.now().uptimeNanoseconds
        var receiveFailures = 0
        while !TerminationRequest.isRequested {
            do {
                try Python.checkSignals(gil)
            } catch {
                return .interrupted
            }
            let received: [QueuedMessage]
            do {
                received = try Python.allowingThreads(gil) {
                    try queue.receive(waitSeconds: options.waitSeconds, visibilityTimeout: options.visibilityTimeout)
                }
                receiveFailures = 0
            } catch {
                // The queue may be briefly unreachable: wait longer after each failure in a row.
                receiveFailures += 1
                Diagnostics.print("warning: cannot receive from the queue (attempt \(receiveFailures)): \(error)")
                let pause = UInt32(min(30, 1 << min(receiveFailures, 5)))
                Python.allowingThreads(gil) { _ = sleep(pause) }
                continue
            }
            if received.isEmpty {
                let idle = Double(DispatchTime.now().uptimeNanoseconds - idleSince) / 1e9
                if let limit = options.idleExitSeconds, idle >= Double(limit) { return .clean }
                status.show(counts, records: session.records, queue: queue)
                continue
            }
            for message in received {
                if TerminationRequest.isRequested {
                    // Received as the worker was told to stop: back to the queue for another.
                    try? queue.changeVisibility(of: message, seconds: 0)
                    continue
                }
                if let ending = process(message, gil) { return ending }
            }
            idleSince = DispatchTime.now().uptimeNanoseconds
            status.show(counts, records: session.records, queue: queue)
        }
        return .clean
    }

    /// One message: its objects through the detections, then the message deleted when all went
    /// well. Returns a status when the worker must stop.
    private mutating func process(_ message: QueuedMessage, _ gil: borrowing GILToken) -> RunStatus? {
        counts.messages += 1
        let names: [String]
        do {
            names = try inputs(message)
        } catch {
            fail(message, "it is not an S3 event notification: \(error)")
            return nil
        }
        let keeper = VisibilityKeeper(queue: queue, message: message, timeout: options.visibilityTimeout)
        let invalidBefore = report.invalidRecords
        var openFailure: String?
        if !names.isEmpty {
            do {
                let reader = try InputReader(paths: names)
                reader.start()
                session.consume(reader, showsProgress: false, gil)
            } catch {
                openFailure = String(describing: error)
            }
        }
        output.flush()
        keeper.stop()
        counts.objects += names.count
        if session.interrupted {
            // Ctrl-C: the message goes back at once, for this worker's next start or another.
            try? queue.changeVisibility(of: message, seconds: 0)
            return .interrupted
        }
        if let openFailure {
            fail(message, openFailure)
        } else if report.invalidRecords > invalidBefore {
            fail(message, "\(report.invalidRecords - invalidBefore) records or inputs could not be read (see above)")
        } else if session.alertingFailed || output.failure != nil {
            fail(message, session.alertingFailed ? "the alert state could not be updated" : "the matches could not be written")
            return .someFailed
        } else {
            do {
                try Python.allowingThreads(gil) { try queue.delete(message) }
            } catch {
                // Its matches are written: another worker will process it again, and its rows
                // carry the same ids.
                Diagnostics.print("warning: message \(message.messageID): done, but it could not be deleted: \(error)")
            }
        }
        return nil
    }

    /// Leaves a failed message on the queue, saying so.
    private mutating func fail(_ message: QueuedMessage, _ why: String) {
        counts.failedMessages += 1
        Diagnostics.print("error: message \(message.messageID) (received \(message.receiveCount) times): \(why); "
            + "left on the queue: it comes back after the visibility timeout, and goes to the "
            + "dead-letter queue after the queue's maximum receive count")
    }
}
