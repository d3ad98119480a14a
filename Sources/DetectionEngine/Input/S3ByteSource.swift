import AWSCore
import Foundation

/// One S3 object, streamed in ranges (`S3ObjectReader`): never whole in memory.
final class S3ByteSource: InputSource {
    let name: String
    let size: Int64?
    private(set) var consumed: Int64 = 0
    private let client: S3Client
    private let location: S3Location
    /// Opened on the first read, on the reader thread (objects of a prefix are opened in turn).
    private var reader: S3ObjectReader?

    init(client: S3Client, location: S3Location, size: Int64?, reader: S3ObjectReader? = nil) {
        self.client = client
        self.location = location
        self.size = size
        self.reader = reader
        name = location.description
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        do throws(AWSError) {
            if reader == nil { reader = try client.getObject(bucket: location.bucket, key: location.key) }
            let count = try reader?.read(into: buffer) ?? 0
            consumed += Int64(count)
            return count
        } catch {
            throw InputError(description: error.description)
        }
    }
}
