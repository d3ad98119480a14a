import Foundation
import Synchronization

/// Reads every input in order on a background thread: bytes (gunzipped when needed) are framed
/// into records and queued in batches for the Python thread.
final class InputReader: @unchecked Sendable {
    // @unchecked: the sources are used only by the reader thread once it starts.

    private let sources: [FileByteSource]
    private let queue = InputQueue()
    /// Bytes read from the input files so far, and their total when known (progress line).
    let bytesRead = Atomic<Int64>(0)
    let totalBytes: Int64?

    /// Opens every input up front, so that an unreadable one stops the run before it starts.
    init(paths: [String]) throws {
        var sources: [FileByteSource] = []
        for path in paths { sources.append(try FileByteSource(path: path)) }
        self.sources = sources
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
        }
        _ = queue.put(.end)
    }

    /// Reads one input to its end; false when the consumer cancelled.
    private func read(_ file: FileByteSource) throws -> Bool {
        let source: any ByteSource = file.isGzip ? try GzipByteSource(file) : file
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var batch = RecordBatch(file: file.name)
        var framer: Framer?
        var cancelled = false
        let emit: RecordSink = { bytes, position in batch.append(bytes, position: position) }
        var lastConsumed: Int64 = 0
        while !cancelled {
            let count = try chunk.withUnsafeMutableBytes { buffer throws in try source.read(into: buffer) }
            bytesRead.add(file.consumed - lastConsumed, ordering: .relaxed)
            lastConsumed = file.consumed
            chunk.withUnsafeBytes { all in
                let bytes = UnsafeRawBufferPointer(rebasing: all[0..<count])
                if framer == nil { framer = Framer(format: InputFormat.sniff(bytes)) }
                if count == 0 { framer?.finish(emit) } else { framer?.feed(bytes, emit) }
            }
            // Hand over whatever one read produced: a pipe delivers records as they come (a
            // live `tail -f`), a file in chunks of about a megabyte.
            if !batch.isEmpty {
                cancelled = !queue.put(.batch(batch))
                // The next read likely holds as much as this one (a megabyte from a file, a line
                // or two from a live pipe): reserved once rather than grown by doubling.
                batch = RecordBatch(file: file.name, capacity: count + count / 8)
            }
            if count == 0 { break }
        }
        return !cancelled
    }
}

/// The framer for an input's format.
private enum Framer {
    case lines(JSONLinesFramer)
    case array(JSONArrayFramer)

    init(format: InputFormat) {
        self = format == .jsonLines ? .lines(JSONLinesFramer()) : .array(JSONArrayFramer(format: format))
    }

    mutating func feed(_ bytes: UnsafeRawBufferPointer, _ emit: RecordSink) {
        switch self {
        case var .lines(framer):
            framer.feed(bytes, emit)
            self = .lines(framer)
        case var .array(framer):
            framer.feed(bytes, emit)
            self = .array(framer)
        }
    }

    mutating func finish(_ emit: RecordSink) {
        switch self {
        case var .lines(framer):
            framer.finish(emit)
            self = .lines(framer)
        case var .array(framer):
            framer.finish(emit)
            self = .array(framer)
        }
    }
}
