import Foundation

/// Reads a byte stream line by line in large chunks, without holding more than one chunk and
/// the current line in memory. A line is handed out without its `\n` (a `\r` before it stays;
/// JSON treats it as whitespace).
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    private var chunk = [UInt8](repeating: 0, count: 1 << 20)
    private var start = 0
    private var end = 0
    private var carry: [UInt8] = []
    private var finished = false

    init(path: String) throws {
        if path == "-" {
            // A FILE of our own over descriptor 0: reading the C global `stdin` is not
            // concurrency-safe in Swift 6.
            guard let input = fdopen(0, "rb") else {
                throw LoadError(description: "standard input: cannot read: \(String(cString: strerror(errno)))")
            }
            file = input
            ownsFile = false
        } else {
            guard let opened = fopen(path, "rb") else {
                throw LoadError(description: "\(path): cannot open: \(String(cString: strerror(errno)))")
            }
            file = opened
            ownsFile = true
        }
    }

    deinit {
        if ownsFile { fclose(file) }
    }

    /// Calls `body` with the next line's bytes; false at the end of input.
    func nextLine(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows -> Bool {
        while true {
            if start < end {
                let newline = chunk[start..<end].firstIndex(of: UInt8(ascii: "\n"))
                if let newline {
                    defer { start = newline + 1 }
                    if carry.isEmpty {
                        try chunk.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<newline])) }
                    } else {
                        carry.append(contentsOf: chunk[start..<newline])
                        defer { carry.removeAll(keepingCapacity: true) }
                        try carry.withUnsafeBytes { try body($0) }
                    }
                    return true
                }
                carry.append(contentsOf: chunk[start..<end])
                start = end
            }
            if finished {
                guard !carry.isEmpty else { return false }
                defer { carry.removeAll() }
                try carry.withUnsafeBytes { try body($0) }
                return true
            }
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            start = 0
            end = count
            if count == 0 { finished = true }
        }
    }
}
