import Foundation

/// Where JSON lines go: standard output or a file, buffered, flushed at the end (and on
/// demand, so that Ctrl-C loses nothing already matched).
public final class OutputSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let limit = 1 << 16

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
        buffer.append(contentsOf: line)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= limit { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
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
