import Foundation

/// Where JSON lines go: standard output or a file, buffered, flushed at the end (and on
/// demand, so that Ctrl-C loses nothing already matched).
public final class OutputSink {
    /// nil: the lines are kept in `collected` instead (see `collecting()`).
    private let handle: FileHandle?
    private var buffer: [UInt8] = []
    private let limit = 1 << 16
    /// The lines of a collecting sink, each without its newline.
    private(set) var collected: [[UInt8]] = []

    /// A sink that keeps its lines in memory: `test` checks what `run` would have written.
    static func collecting() -> OutputSink { OutputSink(handle: nil) }

    private init(handle: FileHandle?) {
        self.handle = handle
    }

    /// Hands over the collected lines and forgets them.
    func takeCollected() -> [[UInt8]] {
        defer { collected.removeAll() }
        return collected
    }

    public init(path: String?) throws {
        if let path, path != "-" {
            guard FileManager.default.createFile(atPath: path, contents: nil),
                  let handle = FileHandle(forWritingAtPath: path) else {
                throw LoadError(description: "\(path): cannot write the output file")
            }
            self.handle = handle
        } else {
            handle = FileHandle.standardOutput
        }
        buffer.reserveCapacity(limit)
    }

    public func writeLine(_ line: String) {
        writeLine(Array(line.utf8))
    }

    /// Writes one line given as UTF-8 bytes (without its newline).
    public func writeLine(_ line: [UInt8]) {
        guard handle != nil else { return collected.append(line) }
        buffer.append(contentsOf: line)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= limit { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty, let handle else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}

/// Messages for a person: standard error, unbuffered.
enum Diagnostics {
    static func print(_ message: String) {
        FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
    }
}
