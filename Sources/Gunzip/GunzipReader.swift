// zlib is imported internally: its C module and CPython's both textually include system headers
// (sys/select.h), and clang refuses the two definitions of `fd_set` side by side in one Swift
// module. Kept in a target of its own, zlib never meets <Python.h>.
internal import CZlib

/// Why gzip data could not be read.
public struct GunzipError: Error, CustomStringConvertible {
    public let description: String
}

/// Decompresses a gzip stream pulled from `source`, including files of several concatenated
/// gzip members (as `cat a.gz b.gz` makes).
public final class GunzipReader {
    private let source: (UnsafeMutableRawBufferPointer) throws -> Int
    private var stream = z_stream()
    private var input = [UInt8](repeating: 0, count: 1 << 16)
    private var inputCount = 0
    private var inputOffset = 0
    private var finished = false
    private var midMember = false

    /// `source` fills a buffer with compressed bytes and returns how many (0 at the end).
    public init(source: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        self.source = source
        // 16 + 15: expect a gzip wrapper, with the largest window.
        guard CZlib_inflateInit2(&stream, 16 + 15) == Z_OK else {
            throw GunzipError(description: "cannot start gzip decompression")
        }
    }

    deinit {
        inflateEnd(&stream)
    }

    /// Fills `buffer` with decompressed bytes; 0 at the end of the stream.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        while !finished {
            if inputOffset == inputCount {
                inputCount = try input.withUnsafeMutableBytes { try source($0) }
                inputOffset = 0
                if inputCount == 0 {
                    finished = true
                    if midMember { throw GunzipError(description: "gzip data ends early (truncated file)") }
                    return 0
                }
            }
            let (status, produced, used) = input.withUnsafeMutableBufferPointer { bytes -> (Int32, Int, Int) in
                stream.next_in = bytes.baseAddress.map { $0 + inputOffset }
                stream.avail_in = UInt32(inputCount - inputOffset)
                stream.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(buffer.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                return (status, buffer.count - Int(stream.avail_out), inputCount - inputOffset - Int(stream.avail_in))
            }
            inputOffset += used
            switch status {
            case Z_OK, Z_BUF_ERROR:
                midMember = true
            case Z_STREAM_END:
                // Another member may follow.
                midMember = false
                inflateReset(&stream)
            default:
                throw GunzipError(description: "not valid gzip data (zlib status \(status))")
            }
            if produced > 0 { return produced }
        }
        return 0
    }
}
