import Foundation
import Synchronization

/// Reads every input in order on a background thread: bytes (gunzipped when needed) are framed
/// into records and queued in batches for the Python thread.
final class InputReader: @unchecked Sendable {
    // @unchecked: the sources are used only by the reader thread once it starts.

    private let sources: [any InputSource]
    private let queue = InputQueue()
    /// Bytes read from the input files so far, and their total when known (progress line).
    let bytesRead = Atomic<Int64>(0)
    let totalBytes: Int64?

    /// Opens every input up front, so that an unreadable one stops the run before it starts.
    init(paths: [String]) throws {
        sources = try InputSources.open(paths)
        let sizes = sources.map(\.size)
        totalBytes = sizes.contains { $0 == nil } ? nil : sizes.reduce(0) { $0 + ($1 ?? 0) }
    }

    func start() {
        let thread = Thread { [self] in readAll() }
        thread.name = "detection-host input"
        thread.start()
    }

    /// The next item, or nil after `timeout` seconds without one.
    func next(timeout: TimeInterval) -> InputItem? {
        queue.take(timeout: timeout)
    }

    func cancel() {
        queue.cancel()
    }

    private func readAll() {
        for file in sources {
            do {
                guard try read(file) else { return }
            } catch {
                guard queue.put(.failure(String(describing: error))) else { return }
            }
            guard queue.put(.inputDone(file.name)) else { return }
        }
        _ = queue.put(.end)
    }

    /// Reads one input to its end; false when the consumer cancelled.
    private func read(_ file: any InputSource) throws -> Bool {
        let peeked = PeekedSource(file)
        let source: any ByteSource = try peeked.startsWithGzipMagic() ? try GzipByteSource(peeked, name: file.name) : peeked
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var batch = RecordBatch(file: file.name)
        var framer: Framer?
        /// The first bytes, held until they tell the format (a pipe may deliver them one by one).
        var head: [UInt8] = []
        var failures: [String] = []
        let emit: RecordSink = { bytes, position in batch.append(bytes, position: position) }
        let fail: FramingFailure = { message in failures.append("\(file.name): \(message)") }
        var lastConsumed: Int64 = 0
        while true {
            let count = try chunk.withUnsafeMutableBytes { buffer throws in try source.read(into: buffer) }
            bytesRead.add(file.consumed - lastConsumed, ordering: .relaxed)
            lastConsumed = file.consumed
            if framer == nil {
                head.append(contentsOf: chunk[0..<count])
                let format = head.withUnsafeBytes { InputFormat.sniff($0, atEnd: count == 0) }
                guard let format else { continue }
                framer = Framer(format: format)
                head.withUnsafeBytes { framer?.feed($0, emit, fail) }
                head = []
                if count == 0 { framer?.finish(emit, fail) }
            } else {
                chunk.withUnsafeBytes { all in
                    let bytes = UnsafeRawBufferPointer(rebasing: all[0..<count])
                    if count == 0 { framer?.finish(emit, fail) } else { framer?.feed(bytes, emit, fail) }
                }
            }
            // Hand over whatever one read produced: a pipe delivers records as they come (a
            // live `tail -f`), a file in chunks of about a megabyte.
            if !batch.isEmpty {
                guard queue.put(.batch(batch)) else { return false }
                // The next read likely holds as much as this one (a megabyte from a file, a line
                // or two from a live pipe): reserved once rather than grown by doubling.
                batch = RecordBatch(file: file.name, capacity: count + count / 8)
            }
            for failure in failures {
                guard queue.put(.failure(failure)) else { return false }
            }
            failures.removeAll()
            if count == 0 { return true }
        }
    }
}

/// The framer for an input's format. Two optionals rather than an enum with payloads: a
/// framer is mutated in place through optional chaining, never copied out and back (which would
/// copy its buffers on every read).
private struct Framer {
    private var lines: JSONLinesFramer?
    private var array: JSONArrayFramer?

    init(format: InputFormat) {
        if format == .jsonLines { lines = JSONLinesFramer() } else { array = JSONArrayFramer() }
    }

    mutating func feed(_ bytes: UnsafeRawBufferPointer, _ emit: RecordSink, _ fail: FramingFailure) {
        lines?.feed(bytes, emit)
        array?.feed(bytes, emit, fail)
    }

    mutating func finish(_ emit: RecordSink, _ fail: FramingFailure) {
        lines?.finish(emit)
        array?.finish(emit, fail)
    }
}
