import Foundation

/// Where JSON lines go: standard output or a file, buffered, flushed at the end (and on
/// demand, so that Ctrl-C loses nothing already matched).
///
/// A write that fails is never fatal here: the sink remembers the first failure, drops what
/// comes after it, and the run asks `failure` after each record so that it stops cleanly (a
/// closed pipe quietly, any other error with a message naming the file).
public final class OutputSink {
    /// nil: the lines are kept in `collected` instead (see `collecting()`).
    private let writer: DescriptorWriter?
    private let ownsDescriptor: Bool
    /// What the messages call this output: the file's path, or "standard output".
    public let name: String
    private var buffer: ByteBuffer
    /// Written out whenever this much is buffered: big writes, few system calls.
    private let limit = 1 << 20
    /// The first write that failed; nothing is written after it.
    private(set) var failure: DescriptorWriter.Failure?

    /// The lines of a collecting sink, each without its newline.
    private(set) var collected: [[UInt8]] = []

    /// A sink that keeps its lines in memory: `test` checks what `run` would have written.
    static func collecting() -> OutputSink { OutputSink(collectingAs: "the test's matches") }

    private init(collectingAs name: String) {
        buffer = ByteBuffer(capacity: 4096)
        writer = nil
        ownsDescriptor = false
        self.name = name
    }

    /// Hands over the collected lines and forgets them.
    func takeCollected() -> [[UInt8]] {
        defer { collected.removeAll() }
        return collected
    }

    public init(path: String?) throws {
        if let path, path != "-" {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw LoadError(description: "\(path): cannot write the output file: \(String(cString: strerror(errno)))")
            }
            writer = DescriptorWriter(descriptor: descriptor)
            ownsDescriptor = true
            name = path
        } else {
            writer = DescriptorWriter(descriptor: 1)
            ownsDescriptor = false
            name = "standard output"
        }
        buffer = ByteBuffer(capacity: limit + limit / 4)
    }

    public func writeLine(_ line: String) {
        writeLine(Array(line.utf8))
    }

    /// Writes one line given as UTF-8 bytes (without its newline).
    public func writeLine(_ line: [UInt8]) {
        guard writer != nil else { return collected.append(line) }
        guard failure == nil else { return }
        buffer.append(line)
        endLine()
    }

    /// Writes one line that `body` appends straight into the output buffer (without its
    /// newline): no intermediate array per line.
    func writeLine(_ body: (inout ByteBuffer) -> Void) {
        guard failure == nil else { return }
        let start = buffer.count
        body(&buffer)
        guard writer != nil else {
            collected.append(Array(UnsafeRawBufferPointer(rebasing: buffer.bytes[start...])))
            return buffer.removeAll()
        }
        endLine()
    }

    private func endLine() {
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= limit { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty, failure == nil, let writer else { return }
        failure = writer.write(buffer.bytes)
        buffer.removeAll()
    }

    /// The failure as a message for a person; nil for a closed pipe, which is no error (the
    /// reader had what it wanted, as with `| head`).
    public var failureMessage: String? {
        guard case let .failed(reason)? = failure else { return nil }
        return "cannot write \(name): \(reason); the run stopped there"
    }

    deinit {
        flush()
        if ownsDescriptor, let writer { close(writer.descriptor) }
    }
}
