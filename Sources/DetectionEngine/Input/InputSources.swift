import AWSCore
import Foundation

/// The sources `--input` names: files, `-`, `s3://bucket/key`, `s3://bucket/prefix/`.
enum InputSources {
    /// Opens every input up front (files opened, S3 objects looked up, prefixes listed), so that
    /// an unreadable one stops the run before it starts.
    static func open(_ inputs: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [any InputSource] {
        var client: S3Client?
        var sources: [any InputSource] = []
        for input in inputs {
            guard let location = S3Location(url: input) else {
                sources.append(try FileByteSource(path: input))
                continue
            }
            do throws(AWSError) {
                let s3: S3Client
                if let client { s3 = client } else { s3 = try S3Client(environment: environment) }
                client = s3
                if location.isPrefix {
                    let objects = try s3.listObjects(bucket: location.bucket, prefix: location.key)
                    guard !objects.isEmpty else { throw AWSError(code: "NoSuchKey", message: "\(location): no objects under this prefix") }
                    for object in objects {
                        sources.append(S3ByteSource(client: s3, location: S3Location(bucket: location.bucket, key: object.key), size: object.size))
                    }
                } else {
                    let reader = try s3.getObject(bucket: location.bucket, key: location.key)
                    sources.append(S3ByteSource(client: s3, location: location, size: reader.size, reader: reader))
                }
            } catch {
                throw InputError(description: "\(input): \(error.description)")
            }
        }
        return sources
    }
}
