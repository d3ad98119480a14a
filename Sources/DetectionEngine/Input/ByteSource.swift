import Foundation
import Gunzip

/// A stream of bytes: an input, or an input gunzipped.
protocol ByteSource: AnyObject {
    /// Fills `buffer` from the start; 0 at the end of input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// One input as stored, before any decompression: a file, standard input, an S3 object.
protocol InputSource: ByteSource {
    /// What messages and match rows call it: the path, `<stdin>`, `s3://bucket/key`.
    var name: String { get }
    /// Bytes taken from it so far (for the progress line).
    var consumed: Int64 { get }
    /// Its size when known (not for pipes).
    var size: Int64? { get }
}

public struct InputError: Error, CustomStringConvertible {
    public let description: String
}

/// Raw bytes from a file descriptor.
final class FileByteSource: InputSource {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    let name: String
    private(set) var consumed: Int64 = 0
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
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
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

/// An input whose first bytes were read to tell whether it is gzip, and are served again.
final class PeekedSource: ByteSource {
    private let inner: any InputSource
    private var peeked: [UInt8] = []

    init(_ inner: any InputSource) {
        self.inner = inner
    }

    /// Reads the first bytes, served again by the next reads; true when they are gzip's magic.
    func startsWithGzipMagic() throws -> Bool {
        var head = [UInt8](repeating: 0, count: 2)
        var count = 0
        // A pipe may deliver a single byte first.
        while count < 2 {
            let got = try head.withUnsafeMutableBytes { buffer throws in
                try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]))
            }
            if got == 0 { break }
            count += got
        }
        peeked = Array(head[0..<count])
        return count == 2 && peeked[0] == 0x1F && peeked[1] == 0x8B
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard peeked.isEmpty else {
            let count = min(peeked.count, buffer.count)
            buffer.copyBytes(from: peeked[0..<count])
            peeked.removeFirst(count)
            return count
        }
        return try inner.read(into: buffer)
    }
}

/// Gunzips another source, including files of several concatenated gzip members.
final class GzipByteSource: ByteSource {
    private let reader: GunzipReader
    private let name: String

    init(_ inner: some ByteSource, name: String) throws {
        self.name = name
        do {
            reader = try GunzipReader(source: { buffer in try inner.read(into: buffer) })
        } catch {
            throw InputError(description: "\(name): \(error)")
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        do {
            return try reader.read(into: buffer)
        } catch let error as GunzipError {
            throw InputError(description: "\(name): \(error)")
        }
    }
}
