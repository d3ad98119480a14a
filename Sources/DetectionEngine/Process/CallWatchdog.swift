import Foundation
import PythonBridge
import Synchronization

/// `--timeout-ms`: a thread that interrupts a detection call running past its limit by making
/// `TimeoutError` pending in the Python thread. Pure-Python code stops at the next bytecode; a
/// call stuck inside one C function stops when that function returns.
final class CallWatchdog: Sendable {
    private struct Call {
        var sequence: UInt64 = 0
        var startedAt: UInt64?
        var firedSequence: UInt64?
    }

    private let limitNanoseconds: UInt64
    private let threadID: UInt
    private let call = Mutex(Call())
    private let running = Atomic<Bool>(true)

    /// Starts watching calls made on the calling thread.
    init(milliseconds: Int) {
        // Clamped to a day (what `run` accepts at most), so the product cannot overflow.
        limitNanoseconds = UInt64(min(max(1, milliseconds), RunOptions.longestTimeoutMilliseconds)) * 1_000_000
        threadID = Python.currentThreadID()
        let thread = Thread { [self] in watch() }
        thread.name = "detection-host watchdog"
        thread.start()
    }

    /// Marks the start of a call; returns its sequence number.
    func begin() -> UInt64 {
        call.withLock { call in
            call.sequence += 1
            call.startedAt = DispatchTime.now().uptimeNanoseconds
            return call.sequence
        }
    }

    /// Marks the end of a call; true when the watchdog interrupted it.
    func end(_ sequence: UInt64) -> Bool {
        call.withLock { call in
            call.startedAt = nil
            return call.firedSequence == sequence
        }
    }

    func stop() {
        running.store(false, ordering: .relaxed)
    }

    private func watch() {
        let tick = max(1_000_000, min(limitNanoseconds / 4, 50_000_000))
        while running.load(ordering: .relaxed) {
            Thread.sleep(forTimeInterval: Double(tick) / 1e9)
            guard let overdue = overdueSequence() else { continue }
            // Re-check under the GIL: the Python thread cannot move between calls while we hold it.
            Python.withGIL { gil in
                let stillOverdue = call.withLock { call -> Bool in
                    guard call.sequence == overdue, call.startedAt != nil, call.firedSequence != overdue else { return false }
                    call.firedSequence = overdue
                    return true
                }
                if stillOverdue { Python.interruptWithTimeout(thread: threadID, gil) }
            }
        }
    }

    private func overdueSequence() -> UInt64? {
        call.withLock { call in
            guard let started = call.startedAt, call.firedSequence != call.sequence,
                  DispatchTime.now().uptimeNanoseconds - started > limitNanoseconds else { return nil }
            return call.sequence
        }
    }
}
