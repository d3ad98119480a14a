import AWSCore
import Foundation

/// Where JSON lines go: standard output, a file, or one S3 object per input; buffered, flushed at the end (and on
/// demand, so that Ctrl-C loses nothing already matched).
///
/// A write that fails is never fatal here: the sink remembers the first failure, drops what
/// comes after it, and the run asks `failure` after each record so that it stops cleanly (a
/// closed pipe quietly, any other error with a message naming the file).
public final class OutputSink {
    /// nil: the lines are kept in `collected` instead (see `collecting()`).
    private let writer: DescriptorWriter?
    /// Writes full buffers while the next fills; nil for a collecting sink.
    private let background: BackgroundWriter?
    private let ownsDescriptor: Bool
    /// What the messages call this output: the file's path, or "standard output".
    public let name: String
    /// The buffer being filled, and the one `background` may be writing.
    private var buffer: ByteBuffer
    private var spare: ByteBuffer
    /// Handed to the writer whenever this much is buffered: big writes, few system calls.
    private let limit = 1 << 20
    /// Set once a write failed: lines after it are dropped.
    private var failed = false
    /// `--output s3://bucket/prefix/`: the lines are collected, and written as one object when
    /// their input is done (`finishInput`).
    let s3: S3Output?
    /// A failure of the sink's own (an S3 write), where there is no writer thread.
    private var ownFailure: DescriptorWriter.Failure?

    /// The first write that failed; nothing is written after it. (A failure shows up once the
    /// writer thread met it: up to one buffer later than the line that could not be written.)
    var failure: DescriptorWriter.Failure? {
        background?.firstFailure ?? ownFailure
    }

    /// The lines of a collecting sink, each without its newline.
    private(set) var collected: [[UInt8]] = []

    /// A sink that keeps its lines in memory: `test` checks what `run` would have written.
    static func collecting() -> OutputSink { OutputSink(collectingAs: "the test's matches") }

    private init(collectingAs name: String, s3: S3Output? = nil) {
        self.s3 = s3
        buffer = ByteBuffer(capacity: 4096)
        spare = ByteBuffer(capacity: 16)
        writer = nil
        background = nil
        ownsDescriptor = false
        self.name = name
    }

    /// Hands over the collected lines and forgets them.
    func takeCollected() -> [[UInt8]] {
        defer { collected.removeAll() }
        return collected
    }

    /// `path`: a file, `-` or nil for standard output, or `s3://bucket/prefix/`.
    public convenience init(path: String?) throws {
        if let path, let location = S3Location(url: path) {
            self.init(collectingAs: location.description, s3: try S3Output(location))
        } else {
            try self.init(file: path)
        }
    }

    private init(file path: String?) throws {
        s3 = nil
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
        spare = ByteBuffer(capacity: limit + limit / 4)
        background = writer.map(BackgroundWriter.init)
    }

    public func writeLine(_ line: String) {
        writeLine(Array(line.utf8))
    }

    /// Writes one line given as UTF-8 bytes (without its newline).
    public func writeLine(_ line: [UInt8]) {
        guard writer != nil else { return collected.append(line) }
        guard !failed else { return }
        buffer.append(line)
        endLine()
    }

    /// Writes one line that `body` appends straight into the output buffer (without its
    /// newline): no intermediate array per line.
    func writeLine(_ body: (inout ByteBuffer) -> Void) {
        guard !failed else { return }
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
        if buffer.count >= limit { handOver() }
    }

    /// Gives the filled buffer to the writer thread and goes on with the other one.
    private func handOver() {
        guard !buffer.isEmpty, !failed, let background else { return }
        // The spare is free once the writer finished it.
        failed = background.finish() != nil
        guard !failed else { return buffer.removeAll() }
        swap(&buffer, &spare)
        buffer.removeAll()
        background.start(spare.bytes)
    }

    /// Writes out everything so far and waits until it is written.
    public func flush() {
        handOver()
        if let background { failed = background.finish() != nil }
    }

    /// The input called `input` is done: with an S3 output, its lines are written as its object
    /// (an empty one when nothing matched, so that a retried input leaves exactly its own rows).
    func finishInput(_ input: String) {
        guard let s3, ownFailure == nil else { return }
        var body: [UInt8] = []
        for line in takeCollected() {
            body += line
            body.append(UInt8(ascii: "\n"))
        }
        do throws(AWSError) {
            try s3.write(body, for: input)
        } catch {
            ownFailure = .failed(error.description)
        }
    }

    /// The failure as a message for a person; nil for a closed pipe, which is no error (the
    /// reader had what it wanted, as with `| head`).
    public var failureMessage: String? {
        guard case let .failed(reason)? = failure else { return nil }
        return "cannot write \(name): \(reason); the run stopped there"
    }

    deinit {
        flush()
        background?.close()
        if ownsDescriptor, let writer { close(writer.descriptor) }
    }
}
