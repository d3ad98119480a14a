import AWSCore
import Foundation
import MotoSupport
import Testing

/// The S3 client against moto: listing with continuation tokens, ranged streaming, writes, errors.
@Suite struct MotoS3Tests {
    let server: MotoServer
    let client: S3Client
    let bucket: String

    init() throws {
        server = try MotoServer.shared()
        var configuration = try AWSServiceConfiguration(service: .s3, environment: server.environment)
        configuration.retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5))
        client = S3Client(configuration: configuration)
        bucket = try server.freshBucket("s3test")
    }

    /// Reads the whole object through the reader, `buffer` bytes at a time.
    func readAll(_ reader: S3ObjectReader, buffer: Int = 1000) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: buffer)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
            if count == 0 { return out }
            out += chunk[0..<count]
        }
    }

    @Test func putThenStreamInRanges() throws {
        let body = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try client.putObject(bucket: bucket, key: "dir/a b+c é.bin", body: body)
        let reader = try client.getObject(bucket: bucket, key: "dir/a b+c é.bin", rangeSize: 4096)
        #expect(reader.size == 100_000)
        #expect(try readAll(reader, buffer: 3000) == body)
        #expect(try client.headObject(bucket: bucket, key: "dir/a b+c é.bin").size == 100_000)
    }

    @Test func emptyObject() throws {
        try client.putObject(bucket: bucket, key: "empty", body: [])
        #expect(try readAll(try client.getObject(bucket: bucket, key: "empty")).isEmpty)
    }

    /// Three pages of two keys: the continuation token is followed, the order is the keys'.
    @Test func listingFollowsContinuationTokens() throws {
        for key in ["p/c", "p/a", "p/e", "p/b", "p/d", "q/x"] { try client.putObject(bucket: bucket, key: key, body: Array(key.utf8)) }
        let listed = try runBoto3("""
            pages = s3.get_paginator('list_objects_v2').paginate(Bucket=os.environ['BUCKET'], Prefix='p/', PaginationConfig={'PageSize': 2})
            print(sum(1 for _ in pages))
            """, variables: ["BUCKET": bucket], server: server)
        #expect(listed.trimmingCharacters(in: .whitespacesAndNewlines) == "3")
        #expect(try client.listObjects(bucket: bucket, prefix: "p/") == ["a", "b", "c", "d", "e"].map { S3Object(key: "p/\($0)", size: 3) })
        #expect(try client.listObjects(bucket: bucket, prefix: "none/").isEmpty)
    }

    @Test func pagesOfAThousandAreFollowed() throws {
        _ = try runBoto3("""
            for i in range(1005):
                s3.put_object(Bucket=os.environ['BUCKET'], Key='many/%05d' % i, Body=b'x')
            """, variables: ["BUCKET": bucket], server: server)
        let objects = try client.listObjects(bucket: bucket, prefix: "many/")
        #expect(objects.count == 1005)
        #expect(objects.last?.key == "many/01004")
    }

    @Test func errorsNameTheObjectAndS3sCode() throws {
        #expect { try client.getObject(bucket: bucket, key: "missing/key") } throws: {
            let error = $0 as? AWSError
            return error?.message.contains("s3://\(bucket)/missing/key") == true && error?.code == "NotFound"
        }
        #expect { try client.listObjects(bucket: "no-such-bucket-\(UUID().uuidString.prefix(6).lowercased())") } throws: {
            ($0 as? AWSError)?.code == "NoSuchBucket"
        }
    }

    @Test func anObjectReplacedMidReadFailsTheRead() throws {
        try client.putObject(bucket: bucket, key: "changing", body: Array(repeating: 1, count: 10_000))
        let reader = try client.getObject(bucket: bucket, key: "changing", rangeSize: 4096)
        var chunk = [UInt8](repeating: 0, count: 4096)
        _ = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
        try client.putObject(bucket: bucket, key: "changing", body: Array(repeating: 2, count: 10_000))
        #expect { try chunk.withUnsafeMutableBytes { try reader.read(into: $0) } } throws: { ($0 as? AWSError)?.code == "ObjectChanged" }
    }
}
