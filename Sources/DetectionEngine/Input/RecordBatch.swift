import Foundation
import JSONTape

/// Records cut from one input, handed from the reader thread to the Python thread in one piece
/// so that the hand-over costs one lock per many records.
final class RecordBatch: @unchecked Sendable {
    // @unchecked: filled by the reader thread, then handed over whole and only read after that.

    struct Slice {
        let start: Int
        let end: Int
        /// Line number (JSON Lines) or 1-based element index (arrays).
        let position: Int
        /// The record's first entry in `tape`; nil when it has none (not plain JSON).
        let tapeEntry: Int?
    }

    /// One record as the Python thread gets it.
    struct Record {
        let bytes: UnsafeRawBufferPointer
        let position: Int
        /// The record's structure, scanned on the reader thread, and where it starts in `tape`.
        let tape: UnsafeBufferPointer<JSONTape.Entry>
        let tapeEntry: Int?
    }

    let file: String
    private(set) var bytes: [UInt8] = []
    private(set) var slices: [Slice] = []
    private let tape = JSONTape()

    /// - Parameter capacity: the bytes one batch usually holds, reserved up front.
    init(file: String, capacity: Int = 0) {
        self.file = file
        bytes.reserveCapacity(capacity)
    }

    var isEmpty: Bool { slices.isEmpty }

    /// Adds a record, scanning its structure here on the reader thread (`JSONTape`), so that the
    /// Python thread only makes its objects.
    func append(_ record: UnsafeRawBufferPointer, position: Int) {
        let start = bytes.count
        bytes.append(contentsOf: record)
        slices.append(Slice(start: start, end: bytes.count, position: position, tapeEntry: tape.scan(record)))
    }

    /// Calls `body` with each record until it returns false.
    func forEach(_ body: (Record) -> Bool) {
        bytes.withUnsafeBytes { all in
            let entries = tape.entries
            for slice in slices {
                let record = Record(bytes: UnsafeRawBufferPointer(rebasing: all[slice.start..<slice.end]), position: slice.position,
                                    tape: entries, tapeEntry: slice.tapeEntry)
                guard body(record) else { return }
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

    init(capacity: Int = 4) {
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
