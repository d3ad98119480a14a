import Foundation

/// Records cut from one input, handed from the reader thread to the Python thread in one piece
/// so that the hand-over costs one lock per many records.
final class RecordBatch: @unchecked Sendable {
    // @unchecked: filled by the reader thread, then handed over whole and only read after that.

    struct Slice {
        let start: Int
        let end: Int
        /// Line number (JSON Lines) or 1-based element index (arrays).
        let position: Int
    }

    let file: String
    private(set) var bytes: [UInt8] = []
    private(set) var slices: [Slice] = []

    init(file: String) {
        self.file = file
    }

    var isEmpty: Bool { slices.isEmpty }

    func append(_ record: UnsafeRawBufferPointer, position: Int) {
        let start = bytes.count
        bytes.append(contentsOf: record)
        slices.append(Slice(start: start, end: bytes.count, position: position))
    }

    /// Calls `body` with each record's bytes and position.
    func forEach(_ body: (UnsafeRawBufferPointer, Int) -> Bool) {
        bytes.withUnsafeBytes { all in
            for slice in slices {
                guard body(UnsafeRawBufferPointer(rebasing: all[slice.start..<slice.end]), slice.position) else { return }
            }
        }
    }
}

/// What the reader thread hands to the Python thread.
enum InputItem: @unchecked Sendable {
    case batch(RecordBatch)
    /// An input failed part-way (a read error, corrupt gzip): reported, and the run goes on.
    case failure(String)
    case end
}

/// A bounded blocking queue between the reader thread and the Python thread: the reader
/// waits when the Python side falls behind, so memory stays bounded whatever the input size.
final class InputQueue: @unchecked Sendable {
    // @unchecked: all state is guarded by `condition`.
    private let condition = NSCondition()
    private var items: [InputItem] = []
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int = 8) {
        self.capacity = capacity
    }

    /// Blocks while full; false once the consumer cancelled.
    func put(_ item: InputItem) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, or nil when none arrived within `timeout` seconds.
    func take(timeout: TimeInterval) -> InputItem? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while items.isEmpty {
            guard condition.wait(until: deadline) else { return nil }
        }
        condition.broadcast()
        return items.removeFirst()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
