import Foundation
import Gunzip

/// A stream of input bytes: a file or standard input, gunzipped when it starts with gzip's magic.
protocol ByteSource: AnyObject {
    /// Fills `buffer` from the start; 0 at the end of input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

public struct InputError: Error, CustomStringConvertible {
    public let description: String
}

/// Raw bytes from a file descriptor, with the bytes peeked at open time served first.
final class FileByteSource: ByteSource {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var peeked: [UInt8]
    let name: String
    /// Bytes taken from the file so far (for the progress line).
    private(set) var consumed: Int64 = 0
    /// The file's size when known (not for pipes).
    let size: Int64?

    /// Opens `path` (`-` is standard input). Nothing is read yet: the first read may block (a
    /// terminal, a pipe), so it happens on the reader thread, never while the GIL is held.
    init(path: String) throws {
        name = path == "-" ? "<stdin>" : path
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
        } else {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw InputError(description: "\(path): cannot open: \(String(cString: strerror(errno)))")
            }
            ownsDescriptor = true
        }
        var info = stat()
        let known = fstat(descriptor, &info) == 0
        if known, (info.st_mode & S_IFMT) == S_IFDIR {
            if ownsDescriptor { close(descriptor) }
            throw InputError(description: "\(path): cannot read: it is a directory")
        }
        size = known && (info.st_mode & S_IFMT) == S_IFREG ? Int64(info.st_size) : nil
        peeked = []
    }

    /// Reads the first bytes, served again by the next reads; true when they are gzip's magic.
    func startsWithGzipMagic() throws -> Bool {
        var head = [UInt8](repeating: 0, count: 2)
        var count = 0
        // A pipe may deliver a single byte first.
        while count < 2 {
            let got = try head.withUnsafeMutableBytes { buffer throws in
                try readRaw(into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]))
            }
            if got == 0 { break }
            count += got
        }
        peeked = Array(head[0..<count])
        return count == 2 && peeked[0] == 0x1F && peeked[1] == 0x8B
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard peeked.isEmpty else {
            let count = min(peeked.count, buffer.count)
            buffer.copyBytes(from: peeked[0..<count])
            peeked.removeFirst(count)
            return count
        }
        return try readRaw(into: buffer)
    }

    private func readRaw(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Foundation.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 {
                consumed += Int64(count)
                return count
            }
            if errno == EINTR { continue }
            throw InputError(description: "\(name): read failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// Gunzips another source, including files of several concatenated gzip members.
final class GzipByteSource: ByteSource {
    private let reader: GunzipReader

    init(_ inner: FileByteSource) throws {
        do {
            reader = try GunzipReader(source: { buffer in try inner.read(into: buffer) })
        } catch {
            throw InputError(description: "\(inner.name): \(error)")
        }
        name = inner.name
    }

    private let name: String

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        do {
            return try reader.read(into: buffer)
        } catch let error as GunzipError {
            throw InputError(description: "\(name): \(error)")
        }
    }
}
