import Foundation

/// Where JSON lines go: standard output or a file, buffered, flushed at the end (and on
/// demand, so that Ctrl-C loses nothing already matched).
///
/// A write that fails is never fatal here: the sink remembers the first failure, drops what
/// comes after it, and the run asks `failure` after each record so that it stops cleanly (a
/// closed pipe quietly, any other error with a message naming the file).
public final class OutputSink {
    private let writer: DescriptorWriter
    private let ownsDescriptor: Bool
    /// What the messages call this output: the file's path, or "standard output".
    public let name: String
    private var buffer: [UInt8] = []
    private let limit = 1 << 16
    /// The first write that failed; nothing is written after it.
    private(set) var failure: DescriptorWriter.Failure?

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
        buffer.reserveCapacity(limit)
    }

    public func writeLine(_ line: String) {
        writeLine(Array(line.utf8))
    }

    /// Writes one line given as UTF-8 bytes (without its newline).
    public func writeLine(_ line: [UInt8]) {
        guard failure == nil else { return }
        buffer.append(contentsOf: line)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= limit { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty, failure == nil else { return }
        failure = writer.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// The failure as a message for a person; nil for a closed pipe, which is no error (the
    /// reader had what it wanted, as with `| head`).
    public var failureMessage: String? {
        guard case let .failed(reason)? = failure else { return nil }
        return "cannot write \(name): \(reason); the run stopped there"
    }

    deinit {
        flush()
        if ownsDescriptor { close(writer.descriptor) }
    }
}
