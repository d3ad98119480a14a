import Foundation
import Synchronization

/// Keeps a message hidden while its objects are processed: every third of the visibility
/// timeout it extends the message's visibility, from a thread of its own (a large object may keep
/// the Python thread busy far longer than the timeout). A failed extension is reported once; the
/// work goes on, since finishing it is still the best outcome.
final class VisibilityKeeper: @unchecked Sendable {
    // @unchecked: `stopped` and the condition are the only shared state, both under `lock`.
    private let queue: any WorkQueue
    private let message: QueuedMessage
    private let timeout: Int
    private let lock = NSCondition()
    private var stopped = false
    private let done = DispatchSemaphore(value: 0)

    init(queue: any WorkQueue, message: QueuedMessage, timeout: Int) {
        self.queue = queue
        self.message = message
        self.timeout = timeout
        let thread = Thread { [self] in keep() }
        thread.name = "detection-host visibility"
        thread.start()
    }

    /// Stops extending; returns once the thread has made its last request.
    func stop() {
        lock.lock()
        stopped = true
        lock.signal()
        lock.unlock()
        done.wait()
    }

    private func keep() {
        defer { done.signal() }
        var reported = false
        let interval = max(1, Double(timeout) / 3)
        while true {
            lock.lock()
            let deadline = Date(timeIntervalSinceNow: interval)
            while !stopped, lock.wait(until: deadline) {}
            let finished = stopped
            lock.unlock()
            if finished { return }
            do {
                try queue.changeVisibility(of: message, seconds: timeout)
            } catch {
                if !reported { Diagnostics.print("warning: message \(message.messageID): cannot extend its visibility: \(error)") }
                reported = true
            }
        }
    }
}
