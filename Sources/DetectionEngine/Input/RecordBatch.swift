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

    /// The memory the batch holds, in bytes: its records, their slices and their tape.
    var allocatedBytes: Int {
        bytes.capacity + slices.capacity * MemoryLayout<Slice>.stride + tape.allocatedBytes
    }

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
    /// The input called so has been read to its end (or to the failure just reported).
    case inputDone(String)
    case end
}

/// A blocking queue between the reader thread and the Python thread, bounded in bytes: the
/// reader waits while what is queued holds `byteLimit` bytes or more, so the read-ahead costs the
/// same memory whatever the input's size and however large its records (a count of batches would
/// let one batch of a few huge array elements hold hundreds of megabytes). An item is always let
/// in when the queue is empty, so a record larger than the limit still passes, alone.
final class InputQueue: @unchecked Sendable {
    // @unchecked: all state is guarded by `condition`.
    private let condition = NSCondition()
    private var items: [(item: InputItem, bytes: Int)] = []
    private var queuedBytes = 0
    private var cancelled = false
    private let byteLimit: Int

    /// - Parameter byteLimit: a few batches' worth (a batch is about a megabyte read from a file,
    ///   plus its tape).
    init(byteLimit: Int = 4 << 20) {
        self.byteLimit = byteLimit
    }

    /// Blocks while full; false once the consumer cancelled.
    func put(_ item: InputItem) -> Bool {
        let bytes = Self.allocatedBytes(of: item)
        condition.lock()
        defer { condition.unlock() }
        while !items.isEmpty && queuedBytes + bytes > byteLimit && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append((item, bytes))
        queuedBytes += bytes
        condition.broadcast()
        return true
    }

    /// What `item` counts for against the limit: a failure's message and an end marker count for
    /// a little, so that a flood of framing failures is bounded too.
    private static func allocatedBytes(of item: InputItem) -> Int {
        switch item {
        case let .batch(batch): batch.allocatedBytes
        case let .failure(message): 64 + message.utf8.count
        case let .inputDone(name): 64 + name.utf8.count
        case .end: 64
        }
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
        let first = items.removeFirst()
        queuedBytes -= first.bytes
        return first.item
    }

    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        queuedBytes = 0
        condition.broadcast()
        condition.unlock()
    }
}
