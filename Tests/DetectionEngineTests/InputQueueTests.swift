@testable import DetectionEngine
import Foundation
import Testing

/// The queue between the reader thread and the Python thread: its read-ahead is bounded in
/// bytes, whatever the number or size of the items, and an item larger than the limit passes
/// alone rather than never.
@Suite struct InputQueueTests {
    /// Puts `item` on another thread; the semaphore is signalled once `put` returned.
    private func putInBackground(_ queue: InputQueue, _ item: InputItem) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            _ = queue.put(item)
            done.signal()
        }
        thread.start()
        return done
    }

    private func batch(bytes: Int) -> RecordBatch {
        let batch = RecordBatch(file: "queue")
        let ones = String(repeating: "1,", count: max(bytes / 2 - 1, 0))
        let record = Array("[\(ones)1]".utf8)
        record.withUnsafeBytes { batch.append($0, position: 1) }
        return batch
    }

    @Test func anItemLargerThanTheLimitPassesWhenTheQueueIsEmpty() {
        let queue = InputQueue(byteLimit: 1000)
        let big = batch(bytes: 10_000)
        #expect(big.allocatedBytes > 10_000)
        #expect(putInBackground(queue, .batch(big)).wait(timeout: .now() + 10) == .success)
        guard case .batch(let taken)? = queue.take(timeout: 1) else {
            Issue.record("the batch did not come out")
            return
        }
        #expect(taken === big)
    }

    @Test func theReaderWaitsWhileTheQueuedBytesReachTheLimit() {
        let queue = InputQueue(byteLimit: 1 << 20)
        // Several small batches fit (a batch's tape alone holds tens of kilobytes)...
        let small = (0..<3).map { _ in batch(bytes: 100) }
        for item in small {
            #expect(putInBackground(queue, .batch(item)).wait(timeout: .now() + 10) == .success)
        }
        // ...but one that would take the total past the limit waits for the consumer.
        let large = batch(bytes: 1 << 20)
        let done = putInBackground(queue, .batch(large))
        #expect(done.wait(timeout: .now() + 0.2) == .timedOut, "put did not wait")
        for item in small {
            guard case .batch(let taken)? = queue.take(timeout: 1) else {
                Issue.record("a batch did not come out")
                return
            }
            #expect(taken === item)
        }
        #expect(done.wait(timeout: .now() + 10) == .success, "put still waits on an empty queue")
        guard case .batch(let taken)? = queue.take(timeout: 1) else {
            Issue.record("the large batch did not come out")
            return
        }
        #expect(taken === large)
    }

    @Test func cancellingReleasesAWaitingReader() {
        let queue = InputQueue(byteLimit: 100)
        #expect(queue.put(.failure(String(repeating: "x", count: 200))))
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        let thread = Thread {
            outcome.accepted = queue.put(.end)
            done.signal()
        }
        thread.start()
        queue.cancel()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(outcome.accepted == false)
    }

    /// What the reader thread's `put` returned; read only after its semaphore was signalled.
    private final class Outcome: @unchecked Sendable {
        var accepted: Bool?
    }
}
