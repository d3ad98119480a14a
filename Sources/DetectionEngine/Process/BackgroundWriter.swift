import Foundation

/// Writes the output's full buffers on a thread of its own, so that the Python thread goes on
/// matching while write(2) runs (a page cache to fill, a pipe whose reader lags). One buffer at
/// a time: handing over the next waits until the one before is written.
final class BackgroundWriter: @unchecked Sendable {
    // @unchecked: the mutable state is guarded by `condition`; a job's bytes are only read by
    // the thread until it reports the job done.
    private let writer: DescriptorWriter
    private let condition = NSCondition()
    private var job: UnsafeRawBufferPointer?
    private var failure: DescriptorWriter.Failure?
    private var started = false
    private var closing = false

    init(_ writer: DescriptorWriter) {
        self.writer = writer
    }

    /// Starts writing `bytes`, after the job before it is done. The caller keeps them valid and
    /// unchanged until `finish()` (or the next `start`) returns.
    func start(_ bytes: UnsafeRawBufferPointer) {
        condition.lock()
        defer { condition.unlock() }
        if !started {
            started = true
            let thread = Thread { [self] in run() }
            thread.name = "detection-host output"
            thread.start()
        }
        while job != nil { condition.wait() }
        job = bytes
        condition.broadcast()
    }

    /// Waits until what was handed over is written; returns the first failure so far.
    @discardableResult
    func finish() -> DescriptorWriter.Failure? {
        condition.lock()
        defer { condition.unlock() }
        while job != nil { condition.wait() }
        return failure
    }

    /// The first failure so far, without waiting.
    var firstFailure: DescriptorWriter.Failure? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// Ends the thread once its job is done; nothing may be started after this.
    func close() {
        condition.lock()
        closing = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while true {
            while job == nil, !closing { condition.wait() }
            guard let bytes = job else { break }
            // After a failure nothing more is written (what follows it would be out of order).
            let failedBefore = failure != nil
            condition.unlock()
            let result = failedBefore ? nil : writer.write(bytes)
            condition.lock()
            if failure == nil { failure = result }
            job = nil
            condition.broadcast()
        }
        condition.unlock()
    }
}
