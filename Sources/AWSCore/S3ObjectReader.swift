/// Streams one object: consecutive ranged GETs (each retried on failure by the sender), so that
/// no more than one range is ever in memory, however large the object. Every range must carry
/// the ETag the object had when the reader opened it: an object replaced mid-read fails the read
/// rather than splice two versions.
///
/// Not thread-safe: one reader thread uses it.
public final class S3ObjectReader {
    public let bucket: String
    public let key: String
    /// The object's size in bytes.
    public let size: Int64
    public let etag: String?
    private let client: S3Client
    private let rangeSize: Int
    private var chunk: [UInt8] = []
    private var chunkOffset = 0
    /// The first byte not fetched yet.
    private var nextStart: Int64 = 0

    init(client: S3Client, bucket: String, key: String, info: S3ObjectInfo, rangeSize: Int) {
        self.client = client
        self.bucket = bucket
        self.key = key
        size = info.size
        etag = info.etag
        self.rangeSize = max(1, rangeSize)
    }

    /// Fills `buffer` from the start; 0 at the end of the object.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(AWSError) -> Int {
        guard buffer.count > 0 else { return 0 }
        if chunkOffset == chunk.count {
            guard nextStart < size else { return 0 }
            try fetchNextRange()
        }
        let count = min(buffer.count, chunk.count - chunkOffset)
        chunk.withUnsafeBytes { bytes in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[chunkOffset..<(chunkOffset + count)]))
        }
        chunkOffset += count
        return count
    }

    private func fetchNextRange() throws(AWSError) {
        let end = min(size, nextStart + Int64(rangeSize)) - 1
        let response = try client.getRange(bucket: bucket, key: key, nextStart...end)
        let context = "reading s3://\(bucket)/\(key)"
        if let etag, let now = response.header("etag"), now != etag {
            throw AWSError(code: "ObjectChanged", message: "\(context): the object changed while it was read (ETag \(etag), then \(now))")
        }
        // A server that ignores Range answers 200 with the whole object: refused unless that is
        // what was asked for, since a whole large object must never sit in memory.
        let body = response.body
        guard body.count == Int(end - nextStart + 1) else {
            throw AWSError(code: "IncompleteBody", message: "\(context): asked for bytes \(nextStart)-\(end), got \(body.count) bytes")
        }
        chunk = body
        chunkOffset = 0
        nextStart = end + 1
    }
}
